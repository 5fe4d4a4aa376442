#!/usr/bin/env python3
"""Met à jour le module d'édition en ligne (Sveltia CMS) livré dans hooks/releve/admin/.

    python scripts/vendor_cms.py

Outil de développeur : télécharge par « npm pack » les versions épinglées ci-dessous, vérifie
l'empreinte sha512 publiée par le registre npm, copie le module, ses textes français et ses polices
dans hooks/releve/admin/ (en complétant les textes français encore absents, FRENCH_ADDITIONS), avec
les deux parties qu'il charge pour le champ « Lieu » (React DOM, Immutable.js), et réécrit les adresses
de CDN du module pour qu'il ne charge rien depuis un autre site. Pour changer de version : modifier VERSION et INTEGRITY
(« npm view @sveltia/cms version dist.integrity »), relancer ce script, puis « make test ».
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from releve.outputs.admin import ADMIN_DATA, BUNDLE, IMMUTABLE, cdn_hosts_in  # noqa: E402


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str
    """``dist.integrity`` of the npm registry: the sha512 of the tarball."""
    files: dict[str, str]
    """Path inside the package → path under hooks/releve/admin/."""


PACKAGES = (
    Package(
        "@sveltia/cms",
        "0.221.1",
        "sha512-J+Qoik9kGMk2L7vNpOQrnDmFRi+NB6vwJ0f657YtsxWH0P8WYSYRRSRC2pQ/jGGbVlM//Pg/WIgmkpswqoo3gQ==",
        {
            "dist/sveltia-cms.js": BUNDLE,
            # React's renderer, which the bundle loads from its own folder for the widget of releve-composants.js.
            "dist/chunks/react-dom.js": "chunks/react-dom.js",
            "locales/fr.json": "locales/fr.json",
            # What the bundle's check for a newer release of itself reads (patch_bundle): this very
            # release, so that it has nothing to announce (the form is updated with Relevé).
            "package.json": "package.json",
            "LICENSE.txt": "licences/sveltia-cms.txt",
        },
    ),
    # The version the bundle's package.json asks for (checked by patch_bundle), sent there by the
    # page's import map (outputs/admin.py).
    Package(
        "immutable",
        "5.1.9",
        "sha512-m8nVez3rwrgmWxtLMt1ZYXB2Lv7OKYn/disyxAlSDYAlKSlFoPPfIAmAM/M5xqL4m4C/wAPw7S2/CNaUii1Hxg==",
        {"dist/immutable.es.js": IMMUTABLE, "LICENSE": "licences/immutable.txt"},
    ),
    # The three fonts the bundle's CSS names, at the versions of its fontsource URLs.
    Package(
        "@fontsource-variable/source-sans-3",
        "5.3.0",
        "sha512-dpi0GZk7EQe2tYpg6Q0Fx0OmUgnuGu+0rHPgtXqtKhglYmJuP7jZ12Mu1uN+NfRaJRY1Emn8AQJEWzmoZ4wa9g==",
        {"files/source-sans-3-latin-wght-normal.woff2": "fonts/source-sans-3-latin-wght-normal.woff2", "LICENSE": "licences/source-sans-3.txt"},
    ),
    Package(
        "@fontsource/noto-mono",
        "5.3.0",
        "sha512-QZieY3OyKEImCXg3HRiF6p6/H0GXX94uEb53ayLyQgCTB20LdkvsyJIgigo6lAGmVw3WEs40DdG5KTqpxfwgGg==",
        {"files/noto-mono-latin-400-normal.woff2": "fonts/noto-mono-latin-400-normal.woff2", "LICENSE": "licences/noto-mono.txt"},
    ),
    Package(
        "@fontsource-variable/material-symbols-outlined",
        "5.3.7",
        "sha512-d6kLamaMdad40AYoyJEBgCH63fRLklC7GW7bgb7WWbPh/UzuW483Dlyfmn3vxpiNsHLIMBOcYYkZDtOC9Y3MUA==",
        {
            "files/material-symbols-outlined-latin-wght-normal.woff2": "fonts/material-symbols-outlined-latin-wght-normal.woff2",
            "LICENSE": "licences/material-symbols-outlined.txt",
        },
    ),
)

_FONT_URL = re.compile(r"https://cdn\.jsdelivr\.net/fontsource/fonts/([a-z0-9-]+)(?::vf)?@[\d.]+/([a-z0-9-]+\.woff2)")
_LOCALES_URL = re.compile(r"`\$\{\w+\}@\$\{\w+\}/locales`")
_RELEASE_URL = re.compile(r"`\$\{\w+\}/package\.json`")
"""unpkg's ``package.json`` of the newest release, which the bundle reads as it starts and every hour."""
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")
OFFLINE = "./hors-ligne"
"""Where the bundle's remaining unpkg addresses point: a folder of the site that does not exist.
They load optional parts we never configure (code highlighting, maps, PDF previews): each would fail
on the site's own origin instead of reaching a CDN."""


FRENCH_ADDITIONS = {
    "show_errors": "Afficher les erreurs",
    "select_item": "Sélectionner {$name}",
    "list_item_options": "Options de l’élément",
    "sign_in_using_access_token_workflow_note": (
        "La relecture avant publication est activée : le jeton doit aussi avoir accès en lecture et en écriture "
        "aux demandes de fusion (pull requests)."
    ),
    "file_unavailable": "Indisponible",
    "file_unavailable_description": "Ce fichier n’a pas pu être chargé. Il a peut-être été déplacé ou supprimé.",
    "replace_file": "Remplacer le fichier",
    "replace_image": "Remplacer l’image",
    "remove_file": "Retirer le fichier",
    "remove_image": "Retirer l’image",
    "save_conflict": {
        "title": "Entrée modifiée par quelqu’un d’autre",
        "modified_by": "{$name} a modifié cette entrée le {$date}, après que vous l’avez ouverte.",
        "modified": "Cette entrée a été modifiée dans le dépôt après que vous l’avez ouverte.",
        "deleted": "Cette entrée a été supprimée du dépôt après que vous l’avez ouverte.",
        "overwrite_warning": "Si vous enregistrez maintenant, ses modifications seront perdues.",
        "recreate_warning": "Si vous enregistrez maintenant, l’entrée sera recréée.",
        "save_anyway": "Enregistrer quand même",
        "branch_moved": "Quelqu’un d’autre a modifié le dépôt pendant l’enregistrement. Veuillez réessayer.",
    },
    "remote_change": {
        "reload_entry": "Recharger l’entrée",
        "confirm_reloading_entry": "Voulez-vous vraiment recharger l’entrée ? Vos modifications non enregistrées seront perdues.",
    },
    "relation_field": {
        "save_together_hint": "{$name} sera enregistré avec l’entrée que vous modifiez.",
        "add_failed": "Impossible d’ajouter {$name}. La console du navigateur donne le détail.",
    },
}
"""What the coordinator may meet in the form (saving, conflicts, files, relations) that the pinned
French translation still says in English; added only where it has no string of its own."""


def complete_french(strings: dict, additions: dict = FRENCH_ADDITIONS) -> dict:
    """The French strings with ``additions`` filled in where they are missing (upstream wins)."""
    merged = dict(strings)
    for key, value in additions.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = complete_french(merged[key], value)
        else:
            merged.setdefault(key, value)
    return merged


def patch_bundle(source: str) -> str:
    """The bundle with fonts and French strings read from /admin/ and no CDN address left."""

    def font(match: re.Match) -> str:
        return f"fonts/{match.group(1)}-{match.group(2)}"

    text, fonts = _FONT_URL.subn(font, source)
    # Relative to the page (/admin/), as fetch() resolves it.
    text, locales = _LOCALES_URL.subn("`./locales`", text)
    # The vendored release's own package.json: left on unpkg's address, sent to the missing folder,
    # the check failed a request each time the form opened.
    text, releases = _RELEASE_URL.subn("`./package.json`", text)
    if fonts != 3 or locales != 1 or releases != 1:
        raise SystemExit(
            f"Le module a changé : {fonts} polices, {locales} dossier de traductions et {releases} adresse de version trouvés (attendu 3, 1 et 1)."
        )
    text = text.replace("https://unpkg.com", OFFLINE)
    immutable = next(package.version for package in PACKAGES if package.name == "immutable")
    if f"immutable:`^{immutable}`" not in text:
        raise SystemExit(f"Le module a changé : il ne demande plus immutable {immutable} (voir PACKAGES).")
    return _SOURCE_MAP.sub("\n", text)


def _pack(package: Package, folder: Path) -> bytes:
    spec = f"{package.name}@{package.version}"
    result = subprocess.run(["npm", "pack", spec, "--json", "--silent"], cwd=folder, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"« npm pack {spec} » a échoué :\n{result.stderr}")
    data = (folder / json.loads(result.stdout)[0]["filename"]).read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != package.integrity:
        raise SystemExit(f"Empreinte de {spec} inattendue : {digest} au lieu de {package.integrity}.")
    return data


def main() -> int:
    written: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        for package in PACKAGES:
            with tarfile.open(fileobj=io.BytesIO(_pack(package, Path(folder))), mode="r:gz") as archive:
                for inside, target in package.files.items():
                    member = archive.extractfile(f"package/{inside}")
                    if member is None:
                        raise SystemExit(f"{inside} absent de {package.name}@{package.version}.")
                    data = member.read()
                    if target == "locales/fr.json":
                        data = json.dumps(complete_french(json.loads(data)), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                    if target.endswith(".js") and target != BUNDLE:
                        data = _SOURCE_MAP.sub("\n", data.decode("utf-8")).encode("utf-8")
                    if target == BUNDLE:
                        data = patch_bundle(data.decode("utf-8")).encode("utf-8")
                        hosts = cdn_hosts_in(data)
                        if hosts:
                            raise SystemExit(f"Le module nomme encore des CDN : {', '.join(hosts)}.")
                    path = ADMIN_DATA / target
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                    written[target] = hashlib.sha256(data).hexdigest()
    versions = {package.name: {"version": package.version, "integrity": package.integrity} for package in PACKAGES}
    manifest = {"paquets": versions, "fichiers": dict(sorted(written.items()))}
    (ADMIN_DATA / "provenance.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    size = sum((ADMIN_DATA / target).stat().st_size for target in written)
    print(f"Module d'édition mis à jour : {len(written)} fichiers, {size / 1e6:.2f} Mo dans {ADMIN_DATA.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
