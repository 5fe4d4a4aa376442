"""The tab a page out of the navigation is read under, marked in its written HTML by the finish pass.

A generated page (a compte rendu, a fiche action, a structure) is not in the navigation, which must
not grow with the content: the theme marks no tab for it. It is read under its section's tab
(``urls.section``), marked as the theme marks the tab of a page of the navigation: the tab
(``md-tabs__item--active``) and its item in the primary navigation, the drawer of a phone
(``md-nav__item--active``). Only a tab whose item is the section's page itself, at the top of the
navigation, is marked, as the MkDocs host marks it before rendering (``on_page_context``); a page
whose tab the host marked, or one of the navigation, is left as it is. Zensical, which has no event
between its navigation and its templates, gets the same marking here.
"""

from __future__ import annotations

import posixpath
import re
from typing import Iterable

from . import urls

_PRIMARY_NAV = 'class="md-nav md-nav--primary'
_LIST_TAG = re.compile(r"<(/?)(ul|li)\b[^>]*>")
_ITEM, _ACTIVE_ITEM = '<li class="md-nav__item">', '<li class="md-nav__item md-nav__item--active">'
_PAGE_ITEM = re.compile(re.escape(_ITEM) + r'\s*<a href="([^"]*)" class="md-nav__link">')
"""An item of the navigation that is a page (a section's item has a toggle and a label)."""
_TAB, _ACTIVE_TAB = '<li class="md-tabs__item">', '<li class="md-tabs__item md-tabs__item--active">'


def tabs(pages: Iterable[str]) -> dict[str, str]:
    """The published page (``comptes-rendus/x/index.html``) of each of ``pages`` (source URIs) that
    is read under a tab, with the address of that tab's page (``comptes-rendus/``)."""
    return {urls.public(uri) + "index.html": urls.public(section) for uri in pages if (section := urls.section(uri)) is not None}


def marked(relpath: str, page: str, tab: str) -> str:
    """The HTML ``page``, published as ``relpath``, with the tab whose page is at ``tab`` marked
    active, unless the page already has an active item at the top of its navigation."""
    start = page.find(_PRIMARY_NAV)
    if start < 0:
        return page
    folder = posixpath.dirname(relpath)
    target = posixpath.normpath(tab)
    depth, found = 0, None
    for tag in _LIST_TAG.finditer(page, start):
        closing, name = tag.group(1), tag.group(2)
        if name == "ul":
            depth += -1 if closing else 1
            if depth == 0:  # the end of the navigation's list
                break
        elif depth == 1 and not closing:
            if "md-nav__item--active" in tag.group(0):
                return page
            link = _PAGE_ITEM.match(page, tag.start())
            if found is None and link is not None and posixpath.normpath(posixpath.join(folder, link.group(1))) == target:
                found = link
    if found is None:
        return page
    # The tabs, before the navigation, link to the page as its item does.
    tab_link = f'\\s*<a href="{re.escape(found.group(1))}" class="md-tabs__link">'
    before = re.sub(re.escape(_TAB) + f"(?={tab_link})", _ACTIVE_TAB, page[:start], count=1)
    return before + page[start : found.start()] + _ACTIVE_ITEM + page[found.start() + len(_ITEM) :]
