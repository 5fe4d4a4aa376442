"""The engine's version, how the running copy was installed, and its history for coordinators.

``CHANGELOG.md`` (in the package, so an installed engine can show it) has one section per version,
``## 0.2.0 — 3 mars 2027`` once released, ``## 0.3.0 — en préparation`` before. A site pins a
released version: ``releve creer`` pins the running one when it came from a package index, else
(a folder, a clone, an editable install, a ``.dev`` version) the newest released section.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.version import InvalidVersion, Version

from . import __version__

CHANGELOG = Path(__file__).with_name("CHANGELOG.md")
UNRELEASED = "en préparation"
_SECTION = re.compile(r"^## (?P<version>\S+) — (?P<date>.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Release:
    version: Version
    date: str
    """« 6 décembre 2026 », or ``UNRELEASED``."""
    text: str
    """The section's French text, without its title."""

    @property
    def released(self) -> bool:
        return self.date != UNRELEASED


def history(text: str) -> tuple[Release, ...]:
    """The sections of a CHANGELOG, newest first, as written."""
    matches = list(_SECTION.finditer(text))
    releases = []
    for match, following in zip(matches, [*matches[1:], None]):
        end = following.start() if following else len(text)
        try:
            version = Version(match["version"])
        except InvalidVersion:
            raise ValueError(f"CHANGELOG.md : « {match['version']} » n'est pas un numéro de version") from None
        releases.append(Release(version, match["date"], text[match.end():end].strip()))
    return tuple(releases)


def shipped_history() -> tuple[Release, ...]:
    return history(CHANGELOG.read_text(encoding="utf-8"))


def last_release(releases: tuple[Release, ...]) -> Version | None:
    released = [release.version for release in releases if release.released]
    return max(released, default=None)


def changes_between(releases: tuple[Release, ...], old: Version, new: Version) -> list[Release]:
    """What a site sees change when it goes from ``old`` to ``new``: the sections after old, up to new."""
    return sorted((release for release in releases if old < release.version <= new), key=lambda release: release.version)


def installed_from() -> str | None:
    """Where the running engine comes from when it is not a release from a package index:
    « un dossier », « un dépôt git »… ; None for a release installed by name."""
    try:
        distribution = metadata.distribution("releve")
    except metadata.PackageNotFoundError:
        return "ses sources (non installé)"
    origin = json.loads(distribution.read_text("direct_url.json") or "null")
    if origin is None:
        # Installed by name (an installer says so; a build's egg-info beside the sources does not),
        # and is it the copy that runs? (the tests run the sources beside an install)
        installed = Path(distribution.locate_file("releve/__init__.py")).resolve()
        running = installed == Path(__file__).with_name("__init__.py").resolve()
        return None if running and distribution.read_text("INSTALLER") else "ses sources (non installé)"
    if "vcs_info" in origin:
        return f"le dépôt git {origin['url']}"
    if origin.get("dir_info", {}).get("editable"):
        return f"le dossier {origin['url'].removeprefix('file://')} (installation modifiable)"
    return origin["url"].removeprefix("file://")


@dataclass(frozen=True)
class Pin:
    version: Version
    note: str | None
    """Why it is not the running version, in French (a development version)."""


def site_pin(running: str = __version__, origin: str | None = None, releases: tuple[Release, ...] | None = None) -> Pin:
    """The released version a new site pins, so that its requirement resolves on any machine."""
    releases = shipped_history() if releases is None else releases
    version = Version(running)
    if not version.is_devrelease and origin is None:
        return Pin(version, None)
    last = last_release(releases)
    if last is None:
        raise ValueError("CHANGELOG.md ne contient aucune version publiée")
    if version.is_devrelease:
        why = f"Relevé {running} est une version de développement"
    else:
        why = f"Relevé {running} s'exécute depuis {origin}, pas depuis l'index des paquets"
    return Pin(last, f"{why} : le site épinglera la dernière version publiée, {last}, que toute machine peut installer.")
