"""The old addresses of a renamed item (``renommages.yaml``, written by ``releve renommer``).

A page named after the old id becomes a small page that sends the reader to the new one (an
immediate ``meta refresh`` and a link, no script); a calendar or a feed is served at its old path
too, with the same bytes, so that a partner's subscription keeps receiving it.
"""

from __future__ import annotations

import html

from .. import urls
from ..files import GeneratedFile
from ..link import LinkedSite
from ..model import Rename


def _name(linked: LinkedSite, rename: Rename) -> str:
    """What the redirect page's link says: the item's name today."""
    site = linked.site
    if rename.kind == "structure":
        return linked.structures[rename.new].name
    if rename.kind == "action":
        return linked.actions[rename.new].title
    items = site.referential.themes if rename.kind == "thematique" else site.referential.instances
    return next(item.name for item in items if item.id == rename.new)


def _old(path: str, rename: Rename) -> str | None:
    """The old path of a page or file of the renamed item, if ``path`` is one of its addresses."""
    for new, old in zip(urls.addresses(rename.kind, rename.new), urls.addresses(rename.kind, rename.old)):
        if path == new:
            return old
        if new.endswith("/") and path.startswith(new):
            return old + path[len(new):]
    return None


def redirect_page(old_uri: str, new_uri: str, name: str) -> bytes:
    """The page left at ``old_uri``: it sends the browser to ``new_uri`` at once and says where."""
    target = html.escape(urls.relative(old_uri, new_uri))
    name = html.escape(name)
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
<title>Page déplacée : {name}</title>
</head>
<body>
<p>Cette page a changé d'adresse : <a href="{target}">{name}</a>.</p>
</body>
</html>
""".encode()


def alias_files(linked: LinkedSite, page_uris: list[str], files: list[GeneratedFile]) -> list[GeneratedFile]:
    """The redirect pages (for the generated pages ``page_uris``) and the copies of calendars and
    feeds at the old addresses."""
    aliases: list[GeneratedFile] = []
    for rename in linked.site.renames:
        name = _name(linked, rename)
        for uri in page_uris:
            old = _old(uri, rename)
            if old is not None:
                aliases.append(GeneratedFile(urls.public(old) + "index.html", redirect_page(old, uri, name)))
        for file in files:
            old = _old(file.path, rename)
            if old is not None:
                aliases.append(GeneratedFile(old, file.content))
    return aliases
