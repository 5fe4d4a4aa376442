"""The guard of ``mkdocs.yml``: a setting that would run code, load from another site, print markup
or write outside the output folder is refused, in French, unless a maintainer allows it by name.

``mkdocs.yml`` is trusted (only maintainers should change it, see the README and the starter's
CODEOWNERS), but a contributor's change or a slip can reach it: the point is that a dangerous
setting is never silent. The opt-in is a list in the file itself, ``extra: releve: autoriser:``,
so that allowing one is a visible line of its own in a review. Some settings have no opt-in: an
output folder other than the project's ``site/`` (MkDocs empties it before each build), a docs
folder other than ``docs/`` (the engine checks that one), markup in a text the theme prints.

Plain Python: the MkDocs plugin (``on_config``) and ``releve generer`` (``tree.py``) both call
``check``; the file is read here with a safe loader that keeps every YAML tag it finds.
"""

from __future__ import annotations

import html
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import PRINTED_MARKUP, Problem, printed_markup, suggest
from .schema import FORGE_ADDRESS
from .sources import KeyPath, yaml_problem

OUTPUT_DIR = "site"
DOCS_DIR = "docs"

PERMISSIONS = {
    "hooks": "du code Python exécuté à chaque construction",
    "theme_personnel": "des gabarits qui remplacent ceux du thème et écrivent chaque page sans filtre",
    "modules": "un module de MkDocs que Relevé ne connaît pas (il connaît releve et search), qui exécute son propre code",
    "extensions": "une extension Markdown dont Relevé ne connaît pas le résultat",
    "autres_sites": "un fichier que chaque page chargerait depuis un autre site",
    "balises_yaml": "une balise qui fait exécuter du code Python ou lire l'environnement de la construction à MkDocs",
    "heritage": "la configuration d'un autre fichier, que rien ne vérifie",
    "reseau": "l'aperçu (make site) servi à tout le réseau, brouillons compris",
}
"""Each setting a maintainer may allow, under ``extra: releve: autoriser:``, and why it is refused."""

ALLOWED_PLUGINS = ("releve", "search")
SAFE_EXTENSIONS = frozenset(
    {
        *("abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "meta"),
        *("nl2br", "sane_lists", "smarty", "tables", "toc", "wikilinks", "codehilite", "legacy_attrs", "legacy_em"),
        *(f"pymdownx.{name}" for name in ("betterem", "caret", "critic", "details", "highlight", "inlinehilite", "keys")),
        *(f"pymdownx.{name}" for name in ("mark", "saneheaders", "smartsymbols", "superfences", "tabbed", "tasklist", "tilde")),
    }
)
"""Extensions whose output is Markdown's own elements, which the sanitizer knows; not, for instance,
``pymdownx.snippets`` (it includes any file of the disk in a page) or ``pymdownx.b64``."""
PRINTED_TEXTS = ("site_name", "site_description", "site_author", "copyright", "repo_name")
"""Texts the theme prints in every page as they are, some inside an attribute."""
URLS = ("site_url", "repo_url", "edit_uri")
_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")
_SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")
_LOOPBACK = re.compile(r"(?:127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+")


@dataclass(frozen=True)
class Tagged:
    """A value written with a YAML tag (``!ENV``, ``!!python/name:…``), kept as written: MkDocs
    would run or read something to build it."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


def _tagged(loader: _Loader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = node.value
    elif isinstance(node, yaml.SequenceNode):
        value = [child.value for child in node.value]
    else:
        value = None
    return Tagged(node.tag, value)


_Loader.add_multi_constructor("!", _tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


@dataclass(frozen=True)
class Configuration:
    """``mkdocs.yml`` as written: its values, and the line of each key."""

    path: str
    values: dict
    lines: dict[KeyPath, int]

    def line(self, *path: str | int) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def load(config_file: Path, shown: str = "mkdocs.yml") -> Configuration:
    """The configuration file, read without running anything (``yaml.YAMLError`` if it is not YAML)."""
    text = config_file.read_text(encoding="utf-8-sig")
    lines: dict[KeyPath, int] = {}
    node = yaml.compose(text, Loader=_Loader)
    if node is not None:
        _record_lines(node, (), lines)
    values = yaml.load(text, Loader=_Loader)
    return Configuration(shown, values if isinstance(values, dict) else {}, lines)


def _record_lines(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], seen: set[int] | None = None) -> None:
    """The line of each key path under ``node``; a node repeated by an alias is looked at once."""
    seen = set() if seen is None else seen
    if id(node) in seen or len(path) > 20:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines.setdefault((*path, key.value), key.start_mark.line + 1)
                _record_lines(value, (*path, key.value), lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.setdefault((*path, index), item.start_mark.line + 1)
            _record_lines(item, (*path, index), lines, seen)


def check(config_file: Path, site_dir: str | None = None) -> list[Problem]:
    """Every problem of the configuration ``config_file``; ``site_dir``, the output folder the build
    will empty and write, when it is not the one the file gives (``mkdocs build -d``)."""
    root = config_file.resolve().parent
    shown = config_file.name
    try:
        configuration = load(config_file, shown)
    except yaml.YAMLError as error:  # said in French at its line, as for the content's YAML
        return [yaml_problem(error, config_file.read_text(encoding="utf-8-sig"), shown)]
    problems = problems_of(configuration, root)
    # The folder the build will empty, as given on the command line; the file's own is checked above.
    written = configuration.values.get("site_dir")
    same = isinstance(written, str) and (root / written).resolve() == (root / site_dir).resolve() if site_dir is not None else True
    if not same and (refusal := output_refusal(root, site_dir, written=False)) is not None:
        problems.append(Problem(shown, configuration.line("site_dir"), refusal))
    return problems


def output_refusal(root: Path, site_dir: str | Path, written: bool = True) -> str | None:
    """Why the folder ``site_dir`` may not be the output of the site in ``root``, if it may not:
    MkDocs empties it before writing the site. Written in mkdocs.yml, it must be the project's own
    ``site/``; given on the command line (``mkdocs build -d``, the tests of the content), it may
    also be a folder outside the project, never the project, a folder holding it or one of its sources."""
    expected = (root / OUTPUT_DIR).resolve()
    folder = (root / site_dir).resolve()
    if folder == expected or _served(folder) or not written and not folder.is_relative_to(root) and not root.is_relative_to(folder):
        return None
    if root.is_relative_to(folder):
        where = "le dossier du projet, ou un dossier qui le contient"
    elif folder.is_relative_to(root):
        where = "un autre dossier du projet"
    else:
        where = "hors du projet"
    return (
        f"dossier de sortie « {site_dir} » refusé ({where}) : MkDocs vide ce dossier avant d'y écrire le site ; "
        f"le site se construit dans « {OUTPUT_DIR} » du projet (retirez « site_dir »)"
    )


def _served(folder: Path) -> bool:
    """The temporary folder ``mkdocs serve`` builds the preview in (``tempfile.mkdtemp(prefix="mkdocs_")``)."""
    return folder.parent == Path(tempfile.gettempdir()).resolve() and folder.name.startswith("mkdocs_")


def releve_settings(values: dict) -> dict:
    """The engine's settings in mkdocs.yml as read (``extra: releve:``); empty when there are none,
    or when ``extra`` or ``releve`` is not a mapping."""
    extra = values.get("extra")
    settings = extra.get("releve") if isinstance(extra, dict) else None
    return settings if isinstance(settings, dict) else {}


def trusted_forges(settings: dict) -> tuple[str, ...]:
    """The self-hosted GitLab the web editor may send the coordination's sign-in to: the one
    mkdocs.yml names (``extra: releve: forge:``), never one the content alone gives."""
    forge = settings.get("forge")
    return (forge.rstrip("/"),) if isinstance(forge, str) else ()


def forge_refusal(address: str, forges: tuple[str, ...]) -> str | None:
    """Why ``depot: adresse:`` of referentiel.yaml (content, which a contributor's change or the web
    editor itself writes) may not be where the web editor signs in, when mkdocs.yml (``forges``,
    changed by the maintainers only) does not name it too: another site would get the sign-in."""
    address = address.rstrip("/")
    if address in forges:
        return None
    instead = f", et non à {forges[0]} que donne mkdocs.yml" if forges else ""
    return (
        f"depot.adresse : le formulaire en ligne enverrait la connexion de la coordination à {address}{instead} ; "
        f"si c'est bien le GitLab du site, {'écrivez' if forges else 'ajoutez'} « forge: {address} » sous « extra: releve: » "
        "de mkdocs.yml (modifié par les responsables du site seulement)"
    )


def problems_of(configuration: Configuration, root: Path) -> list[Problem]:
    """Every problem of ``configuration``, the file of the project in ``root``."""
    values = configuration.values
    problems: list[Problem] = []

    def report(path: KeyPath, message: str, hint: str | None = None) -> None:
        problems.append(Problem(configuration.path, configuration.line(*path), message, hint))

    allowed = releve_settings(values).get("autoriser") or []
    allowed = allowed if isinstance(allowed, list) else [allowed]
    for index, name in enumerate(allowed):
        if name not in PERMISSIONS:
            report(("extra", "releve", "autoriser", index), f"autorisation « {name} » inconnue : les autorisations sont " + ", ".join(PERMISSIONS), suggest(str(name), PERMISSIONS))

    forge = releve_settings(values).get("forge")  # empty: none, as « aujourdhui: »
    if forge is not None and not (isinstance(forge, str) and re.fullmatch(FORGE_ADDRESS.regex, forge)):
        report(("extra", "releve", "forge"), f"« extra: releve: forge » : attendu {FORGE_ADDRESS.expected}, pas « {forge} »")

    def refuse(permission: str, path: KeyPath, what: str) -> None:
        if permission not in allowed:
            report(
                path,
                f"{what} : {PERMISSIONS[permission]} ; refusé, sauf si un responsable du site l'autorise "
                f"par « extra: releve: autoriser: [{permission}] » dans mkdocs.yml",
            )

    for path, value in _walk(values, ()):
        if isinstance(value, Tagged):
            refuse("balises_yaml", path, f"balise « {value.tag.replace('tag:yaml.org,2002:', '!!')} » dans « {_name(path)} »")
    if "site_dir" in values and (refusal := output_refusal(root, str(values["site_dir"]))) is not None:
        report(("site_dir",), refusal)
    if "docs_dir" in values and (root / str(values["docs_dir"])).resolve() != (root / DOCS_DIR).resolve():
        report(("docs_dir",), f"dossier des pages « {values['docs_dir']} » refusé : Relevé vérifie et publie les pages de « {DOCS_DIR} » (retirez « docs_dir »)")
    if "hooks" in values:
        refuse("hooks", ("hooks",), "« hooks »")
    if "INHERIT" in values:
        refuse("heritage", ("INHERIT",), "« INHERIT »")
    _check_theme(values.get("theme"), refuse)
    for index, name, _ in _entries(values.get("plugins")):
        if name not in ALLOWED_PLUGINS:
            refuse("modules", ("plugins", index), f"module « {name} »")
    for index, name, _ in _entries(values.get("markdown_extensions")):
        if name.removeprefix("markdown.extensions.") not in SAFE_EXTENSIONS:
            refuse("extensions", ("markdown_extensions", index), f"extension « {name} »")
    for key in ("extra_javascript", "extra_css"):
        for index, entry in enumerate(values.get(key) or [] if isinstance(values.get(key), list) else []):
            uri = entry.get("path") if isinstance(entry, dict) else entry
            if isinstance(uri, str) and _elsewhere(uri):
                refuse("autres_sites", (key, index), f"« {uri} » dans « {key} »")
    extra = values.get("extra") if isinstance(values.get("extra"), dict) else {}
    if extra.get("analytics"):
        refuse("autres_sites", ("extra", "analytics"), "« extra: analytics » (la mesure d'audience de Google)")
    dev_addr = values.get("dev_addr")
    if isinstance(dev_addr, str) and not _LOOPBACK.fullmatch(dev_addr):
        refuse("reseau", ("dev_addr",), f"« dev_addr: {dev_addr} »")
    # Texts the theme prints as they are: no markup, no script address, whatever is allowed.
    printed = [((key,), values.get(key)) for key in (*PRINTED_TEXTS, *URLS)]
    printed += [(path, value) for path, value in _walk(values.get("nav"), ("nav",))]
    printed += [(path, value) for path, value in _walk(extra, ("extra",)) if path[:2] != ("extra", "releve")]
    for path, value in printed:
        for text in (value, path[-1]) if path[0] == "nav" else (value,):
            if isinstance(text, str) and PRINTED_MARKUP.search(text):
                report(path, printed_markup(_name(path)))
            elif isinstance(text, str) and _BLANKS.sub("", html.unescape(text)).lower().startswith(_SCRIPT_SCHEMES):
                report(path, f"« {_name(path)} » : une adresse « javascript: », « data: » ou « vbscript: » ferait exécuter du code au lecteur")
    return problems


def _check_theme(theme: Any, refuse) -> None:
    if not isinstance(theme, dict):
        return
    if theme.get("custom_dir"):
        refuse("theme_personnel", ("theme", "custom_dir"), "« theme: custom_dir »")
    if theme.get("font", None) is not False:
        refuse("autres_sites", ("theme", "font") if "font" in theme else ("theme",), "« theme: font » n'est pas « false » (les polices de Google Fonts)")
    for key in ("logo", "favicon"):
        if isinstance(theme.get(key), str) and _elsewhere(theme[key]):
            refuse("autres_sites", ("theme", key), f"« theme: {key}: {theme[key]} »")


def _entries(listing: Any) -> list[tuple[int, str, Any]]:
    """The entries of a MkDocs list of plugins or extensions: ``name`` or ``{name: options}``."""
    if isinstance(listing, dict):
        listing = [{name: options} for name, options in listing.items()]
    entries = []
    for index, entry in enumerate(listing if isinstance(listing, list) else []):
        if isinstance(entry, dict) and entry:
            name, options = next(iter(entry.items()))
            entries.append((index, str(name), options))
        elif isinstance(entry, str):
            entries.append((index, entry, None))
    return entries


def _walk(value: Any, path: KeyPath, seen: set[int] | None = None):
    """Every (key path, value) under ``value``, itself included; a list or mapping repeated by a YAML
    alias is walked once (ten lines of aliases repeat one a billion times)."""
    seen = set() if seen is None else seen
    yield path, value
    if isinstance(value, (dict, list)):
        if id(value) in seen or len(path) > 20:
            return
        seen.add(id(value))
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, (*path, str(key)), seen)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, (*path, index), seen)


def _elsewhere(uri: str) -> bool:
    return uri.strip().startswith("//") or _SCHEME.match(uri) is not None


def _name(path: KeyPath) -> str:
    return ": ".join(str(part) if not isinstance(part, int) else f"[{part + 1}]" for part in path) or "mkdocs.yml"
