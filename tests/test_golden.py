"""The whole site of a small fixture compared file by file with a committed copy (as Pelican's
functional tests do): any change of what the engine publishes shows in review as a change of
``tests/golden/site/``.

What is compared is what the engine makes: the content of every page (its ``<article>``, the
theme's frame around it aside) and every generated file (calendars, feeds, open data, the web
form's configuration). The search index (binary, hashed names) and the theme's assets are not.
``make golden`` rewrites the copy, only on purpose; then read its diff before committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import REPO

GOLDEN = REPO / "tests" / "golden" / "site"
REGENERATE = os.environ.get("RELEVE_REGENERER") == "1"

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_COMPARED = (".html", ".ics", ".xml", ".json", ".csv", ".yml")
_SKIPPED = ("pagefind/", "assets/", "search/", "sitemap.xml", "admin/locales/", "admin/provenance.json", "admin/package.json")
"""Not the engine's making: the search index, the theme's and the web form's own files."""


def published(site: Path) -> dict[str, str]:
    """What the engine made in a built site, by path: a page's article, a generated file's text."""
    found = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if not path.is_file() or not name.endswith(_COMPARED) or name.startswith(_SKIPPED):
            continue
        text = path.read_text(encoding="utf-8")
        if name.endswith(".html"):
            match = _ARTICLE.search(text)
            if match is None:
                continue  # the admin's page: not a page of the theme
            text = match.group(1).strip() + "\n"
        found[name] = text
    return found


def test_the_fixture_site_is_the_committed_one(agenda_site):
    made = published(agenda_site.site)
    assert len(made) > 40
    if REGENERATE:
        for old in GOLDEN.rglob("*"):
            if old.is_file() and old.relative_to(GOLDEN).as_posix() not in made:
                old.unlink()
        for name, text in made.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    committed = {path.relative_to(GOLDEN).as_posix(): path.read_text(encoding="utf-8") for path in sorted(GOLDEN.rglob("*")) if path.is_file()}
    assert sorted(made) == sorted(committed), "pages added or removed: make golden, then review the diff"
    changed = [name for name in made if made[name] != committed[name]]
    assert not changed, f"{len(changed)} fichiers diffèrent de tests/golden/site/ (make golden, puis relire le diff) : {changed[:10]}"
