"""The Semaines d'information sur la santé mentale: a page per edition (its theme, the figures the
coordinator wrote, its events and partners), its printable programme, and the list of editions.

Only what the files say: the figures are those of ``evenements.yaml``'s ``sism`` list, as the
sources write them; the engine counts nothing for an edition (its events listed here are those the
site knows, not all those the edition had).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from .. import urls
from ..link import LinkedSite
from ..model import Event, SismEdition, Structure
from ..text import sort_key
from . import GeneratedPage, pdf_address, render_page


@dataclass(frozen=True)
class Edition:
    edition: SismEdition
    events: tuple[Event, ...]
    partners: tuple[Structure, ...]
    """The partners the sources name and the organisers of its events, by name."""


def editions(linked: LinkedSite) -> list[Edition]:
    events: dict[int, list[Event]] = {}
    for event in sorted(linked.site.events, key=attrgetter("sort_key")):
        if event.sism is not None:
            events.setdefault(event.sism, []).append(event)
    result = []
    for edition in linked.site.sism:
        listed = events.get(edition.year, [])
        ids = dict.fromkeys([*edition.partners, *(s for e in listed for s in e.organisers)])
        partners = sorted((linked.structures[i] for i in ids), key=lambda s: sort_key(s.name))
        result.append(Edition(edition, tuple(listed), tuple(partners)))
    return result


def sism_pages(linked: LinkedSite) -> list[GeneratedPage]:
    found = editions(linked)
    if not found:
        return []
    pages = [render_page(urls.SISM, "sism_index.md.j2", site=linked, editions=list(reversed(found)))]
    for index, item in enumerate(found):
        year = item.edition.year
        pages.append(
            render_page(
                urls.sism(year),
                "sism.md.j2",
                site=linked,
                e=item,
                previous=found[index - 1].edition.year if index else None,
                following=found[index + 1].edition.year if index + 1 < len(found) else None,
                href=urls.link,
            )
        )
        if item.events:
            uri = urls.sism_programme(year)
            pages.append(render_page(uri, "sism_programme.md.j2", site=linked, e=item, pdf=pdf_address(linked, uri), href=urls.link))
    return pages
