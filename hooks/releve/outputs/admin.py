"""The site's ``/admin/`` page: the web form (Sveltia CMS) served from the site itself.

Plain files, never MkDocs pages: the bundle, its French strings and fonts come from the package
data vendored by ``scripts/vendor_cms.py``; ``config.yml`` is made from the schema
(``releve.cms``); ``index.html`` carries a Content-Security-Policy that lets the page reach its
own origin and the forge's API only, so nothing the bundle might still try reaches a third party.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from pathlib import Path

import yaml

from .. import cms
from ..dates import date as french_date
from ..files import GeneratedFile
from ..link import LinkedSite
from ..problems import ContentError, Problem
from ..text import summary, without_full_stop
from ..typography import french_text

ADMIN_DATA = Path(__file__).resolve().parent.parent / "admin"
"""The vendored files, copied as they are under ``admin/`` of the built site."""
BUNDLE = "sveltia-cms.js"
SETUP = "releve.js"
"""Our own script, run before the bundle: the form speaks French whatever the browser's language,
new comptes rendus and fiches start as drafts, and the page can be zoomed."""
COMPONENTS = "releve-composants.js"
"""Our own script, run after the bundle: the place widget and the décision and engagement buttons."""
IMMUTABLE = "modules/immutable.es.js"
"""Immutable.js, which the bundle loads from a CDN when a field has a widget of ours: the page's import
map sends that address to the vendored copy (scripts/vendor_cms.py)."""

CDN_HOSTS = (
    "unpkg.com",
    "cdn.jsdelivr.net",
    "esm.sh",
    "cdnjs.cloudflare.com",
    "cdn.skypack.dev",
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "fonts.bunny.net",
)
"""Public CDNs a bundle may load code, fonts or strings from; none may remain in ours."""


def cdn_hosts_in(bundle: bytes) -> list[str]:
    return [host for host in CDN_HOSTS if host.encode() in bundle]


def import_map() -> str:
    """The page's import map: the address the bundle would load Immutable.js from (a CDN's, which
    ``vendor_cms.patch_bundle`` points at a folder of the site that does not exist) sends it to the
    vendored copy instead. The version is the one the bundle asks for (``provenance.json``)."""
    provenance = json.loads((ADMIN_DATA / "provenance.json").read_text(encoding="utf-8"))
    version = provenance["paquets"]["immutable"]["version"]
    return json.dumps({"imports": {f"./hors-ligne/immutable@{version}/dist/immutable.es.js": f"./{IMMUTABLE}"}}, sort_keys=True)


def _inline_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(linked: LinkedSite) -> str:
    forge = " ".join(cms.api_origins(linked.site.referential.repository))
    return "; ".join(
        (
            "default-src 'self'",
            # The import map is the page's only inline script, allowed by its digest.
            f"script-src 'self' {_inline_hash(import_map())}",
            # The bundle's components insert their own <style> elements.
            "style-src 'self' 'unsafe-inline'",
            "font-src 'self'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            # data: and blob: are the page's own images (its logo is read with fetch()).
            f"connect-src 'self' data: blob: {forge}",
            "frame-src 'self' blob:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        )
    )


NO_REPOSITORY = french_text(
    "Le site ne connaît pas encore son dépôt (GitHub ou GitLab) : la connexion en ligne n'est pas encore possible. "
    "Pour l'activer, la personne qui a installé le site indique ce dépôt dans le fichier referentiel.yaml, "
    "rubrique « depot » (voir le README, « Modifier le site depuis le navigateur »), ou le donne à sa création "
    "(releve creer --depot). En attendant, ce bouton modifie une copie du site enregistrée sur cet ordinateur : "
    "choisissez le dossier qui contient referentiel.yaml."
)
"""What the sign-in screen says under « Travailler avec un dépôt local » until ``depot`` is set: how
to set it. The bundle would otherwise name the placeholder repository there. With French no-break
spaces: the form shows it as it is (a line broke after « « » on a phone)."""
LOCALE = "locales/fr.json"
FIRST_SCREENS = {
    "loading_cms_config": "Loading CMS Configuration…",
    "loading_site_data": "Loading Site Data…",
    "work_with_local_repo": "Work with Local Repository",
    "powered_by": "Powered by {$name}",
}
"""Strings of the form's first screens (loading, signing in), by key, as the bundle writes them in
English, the language it shows until its French strings are in: ``releve.js`` keeps the form hidden
while one of them is on the page and none of their French versions is (tests check the bundle has them)."""


def _first_screens(french: dict) -> dict[str, list[str]]:
    """The texts ``releve.js`` looks for, in both languages (a placeholder's value cut off)."""
    return {
        language: [text.partition("{")[0].strip() for text in texts]
        for language, texts in (("english", FIRST_SCREENS.values()), ("french", [french[key] for key in FIRST_SCREENS]))
    }


def _index(linked: LinkedSite) -> bytes:
    referential = linked.site.referential
    title = html.escape(cms.app_title(referential))
    csp = html.escape(content_security_policy(linked))
    return f"""<!doctype html>
<html lang="fr" data-releve-chargement>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>{title}</title>
<style>
/* Until the form speaks French (releve.js), a French line instead of its first screen, which comes
   in English; shown after ten seconds whatever happens, should the script never say so. */
html[data-releve-chargement] body > * {{ visibility: hidden; animation: releve-visible 0s 10s forwards; }}
html[data-releve-chargement] body::before {{ content: "Chargement du formulaire…"; display: block; padding-top: 40vh; text-align: center; font: 1rem/1.5 system-ui, sans-serif; }}
@keyframes releve-visible {{ to {{ visibility: visible; }} }}
button[data-releve-masque] {{ display: none !important; }}
/* The place widget (releve-composants.js): as wide as the form, whatever the length of a structure's name. */
.releve-lieu {{ display: flex; flex-direction: column; gap: .5rem; width: 100%; min-width: 0; }}
.releve-lieu__choix {{ font: inherit; padding: .4rem; width: 100%; min-width: 0; text-overflow: ellipsis; }}
/* The first screens (loading, signing in): their text keeps the screen's margin on a phone (the bundle's
   buttons are 320 px wide), and the « Propulsé par » line comes after it rather than fixed over its last
   lines, which a reader's text spacing (RGAA 10.12) or a long explanation pushes down: the screen scrolls. */
.main:has(> .powered-by) {{ flex-direction: column; overflow-y: auto; }}
.main:has(> .powered-by) > .container {{ position: static; flex: 1 0 auto; }}
.main > div.powered-by {{ position: static; margin: 0 24px 24px; }}
.main > .container .buttons, .main > .container .buttons .button {{ max-width: 100%; }}
.main > .container .buttons .button {{ height: auto; min-height: var(--sui-button-medium-height); padding-block: 4px; }}
.main > .container .buttons .button .truncated-text {{ -webkit-line-clamp: none !important; text-align: center; }}
</style>
<link href="config.yml" type="application/yaml" rel="cms-config-url">
<script type="importmap">{import_map()}</script>
<script src="{SETUP}"></script>
<script src="{BUNDLE}"></script>
<script src="{COMPONENTS}"></script>
</head>
<body></body>
</html>
""".encode()


SCRIPTS = Path(__file__).resolve().parent.parent / "templates" / "admin"
"""Our two scripts, with the values of the site put in: ``releve.js`` (before the bundle) and
``releve-composants.js`` (after it: the place widget and the buttons of the compte rendu's text)."""


def _script(name: str, **values: object) -> bytes:
    text = (SCRIPTS / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", json.dumps(value, ensure_ascii=False, sort_keys=True))
    return text.encode()


def _vendored() -> list[GeneratedFile]:
    bundle = ADMIN_DATA / BUNDLE
    shown = f"releve/admin/{BUNDLE}"
    if not bundle.is_file():
        raise ContentError([Problem(shown, 1, "module d'édition en ligne absent", "lancez python scripts/vendor_cms.py")])
    hosts = cdn_hosts_in(bundle.read_bytes())
    if hosts:
        names = ", ".join(f"« {host} »" for host in hosts)
        raise ContentError(
            [Problem(shown, 1, f"le module d'édition en ligne charge encore des fichiers depuis {names}", "relancez python scripts/vendor_cms.py")]
        )
    paths = sorted(path for path in ADMIN_DATA.rglob("*") if path.is_file())
    return [GeneratedFile(f"admin/{path.relative_to(ADMIN_DATA).as_posix()}", path.read_bytes()) for path in paths]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Writes shared option lists in full: the form's YAML reader need not know anchors. LibYAML's
    emitter when PyYAML has it (the same text, six times faster: it ran on every build)."""

    def ignore_aliases(self, data) -> bool:
        return True


def _french(vendored: dict, repository_known: bool) -> bytes:
    """The form's French strings (``vendored``: the bundle's French file); until the site knows its
    repository, the sign-in screen says how to give it instead of naming the placeholder
    (``cms.PLACEHOLDER_REPOSITORY``). The welcome that screen readers hear is the page's title alone
    (« Bienvenue dans Modifier le site… » otherwise)."""
    strings = dict(vendored)
    strings["welcome_message"] = "{$name}"
    if not repository_known:
        strings["work_with_local_repo_description"] = NO_REPOSITORY
    return json.dumps(strings, ensure_ascii=False, separators=(",", ":")).encode()


COMMITMENT_LENGTH = 80
"""The characters of an engagement's text in the « Engagement réalisé » list: one line on a phone."""


def closable_commitments(linked: LinkedSite) -> cms.Commitments:
    """What the « Engagement réalisé » button offers, as (anchor, label): the engagements still open,
    from the latest meeting's, then those already done (a compte rendu that closes one is edited again
    with its choice in the list). Labelled as the coordinator knows them: what first (a phone's list
    cuts the end of a line), then who and which meeting, the text's full stop left out before them."""
    ordered = sorted(linked.commitments, key=lambda item: (item.closed, -item.meeting.date.toordinal(), item.commitment.line))
    return tuple(
        (
            item.commitment.anchor,
            f"{without_full_stop(summary(item.commitment.text, COMMITMENT_LENGTH))} ({linked.structures[item.commitment.structure].name},"
            f" réunion du {french_date(item.meeting.date)}{', réalisé' if item.closed else ''})",
        )
        for item in ordered
    )


def admin_files(linked: LinkedSite) -> list[GeneratedFile]:
    """``/admin/``: the form's page, its generated configuration, our scripts and the vendored bundle."""
    site = linked.site
    form = cms.form(site.referential, site.structures, closable_commitments(linked))
    config = yaml.dump(form.config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    notice = "# Généré par Relevé depuis hooks/releve/schema.py et referentiel.yaml : ne pas modifier.\n"
    known = site.referential.repository is not None
    # Without a repository, signing in with a token could only fail: its button is hidden.
    french = json.loads((ADMIN_DATA / LOCALE).read_text(encoding="utf-8"))
    hidden = [] if known else [french["sign_in_using_access_token"]]
    written = {
        "admin/index.html": _index(linked),
        "admin/config.yml": (notice + config).encode(),
        f"admin/{SETUP}": _script(SETUP, VALUES=cms.new_entry_values(form.config), HIDDEN=hidden, FIRST_SCREENS=_first_screens(french)),
        f"admin/{COMPONENTS}": _script(COMPONENTS, SETTINGS=form.editor_settings),
        f"admin/{LOCALE}": _french(french, known),
    }
    return [GeneratedFile(path, written[path]) for path in written] + [file for file in _vendored() if file.path not in written]
