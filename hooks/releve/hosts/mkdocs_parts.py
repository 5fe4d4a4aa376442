"""The theme's parts that do not show the page rendered once for all the pages that show them alike.

Material renders its tabs, its navigation, its footer, its settings and its scripts for every page:
nearly half of the time of the theme's templates. For a generated page, which is not in the
navigation, they differ from one page to another only by the tab marked active and by their
relative links. Those links are the same for two pages of one folder (``comptes-rendus/a/`` and
``comptes-rendus/b/``) unless an address they link to lies under a page's own; such pages, and the
pages of the navigation, render them as Material does. ``theme/main.html`` asks for them, for the
header (rendered with a mark where the page's title goes), and for the table of contents of every
page, the same for the pages whose headings are the same.
"""

from __future__ import annotations

import posixpath
from functools import partial
from typing import Callable


_LINKED_BESIDES_THE_NAV = ("assets/", "accessibilite/")
"""What the parts link to besides the navigation: the theme's files, and the declaration of
accessibility in the footer (``theme/partials/copyright.html``)."""


def _addresses(items) -> list[str]:
    found = []
    for item in items:
        if getattr(item, "url", None):
            found.append(item.url)
        found += _addresses(getattr(item, "children", None) or ())
    return found


class ThemeParts:
    """The rendered parts, by part, active tab and folder."""

    def __init__(self, nav) -> None:
        self.nav = nav
        self._in_nav = {page.file.src_uri for page in nav.pages}
        self._addresses = _addresses(nav.items) + list(_LINKED_BESIDES_THE_NAV)
        self._rendered: dict[tuple, str] = {}

    def for_page(self, page, tab) -> Callable[[str, Callable[[], str]], str] | None:
        """What renders the parts of ``page`` (``tab``: the nav item marked active for it), or
        None when the page renders them itself."""
        url = page.url
        if page.file.src_uri in self._in_nav or page.parent is not None or not url.endswith("/"):
            return None
        if any(address.startswith(url) for address in self._addresses):
            return None
        folder = posixpath.dirname(url.rstrip("/"))
        return partial(self._part, (id(tab), folder))

    def _part(self, key: tuple, name: str, render: Callable[[], str]) -> str:
        key = (name, *key)
        if key not in self._rendered:
            self._rendered[key] = render()
        return self._rendered[key]

    def toc(self, toc, render: Callable[[], str]) -> str:
        """Material's table of contents of a page whose ``page.toc`` is ``toc``, rendered once for
        all the pages whose headings are the same: it shows only their anchors and titles (a page's
        own title, its first heading, aside), and a thousand meetings have about a hundred."""
        first = next(iter(toc), None)
        key = _toc_key(first.children if first is not None and first.level == 1 else toc)
        if key is None:
            return render()
        return self._part((key,), "toc", render)


def _toc_key(items) -> tuple | None:
    """What Material's toc-item.html shows of ``items``, their children's included; None if an item
    has more (a ``typeset`` title, which some plugins add)."""
    key = []
    for item in items:
        children = _toc_key(item.children)
        if children is None or hasattr(item, "typeset"):
            return None
        key.append((item.url, item.title, children))
    return tuple(key)
