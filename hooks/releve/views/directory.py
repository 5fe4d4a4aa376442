"""The annuaire des structures: by secteur and by type, and one page per structure."""

from __future__ import annotations

from collections import defaultdict

from .. import urls
from ..link import LinkedSite
from ..model import Structure
from ..problems import sort_key
from . import GeneratedPage, paginate, render

MEETINGS_ON_STRUCTURE_PAGE = 30
"""A hospital may attend every meeting: its page lists the latest ones and counts the rest."""


STRUCTURES_PER_SECTOR_ON_INDEX = 50
STRUCTURES_PER_PAGE = 100
"""The annuaire index shows each sector's first structures and links to one page per sector and
per type, each split into pages of 100: the index stays light however large the network grows."""


def _listing_pages(linked: LinkedSite, uri: str, title: str, structures: list[Structure]) -> list[GeneratedPage]:
    return [
        GeneratedPage(paged.uri, render("directory_list.md.j2", site=linked, title=title, paged=paged))
        for paged in paginate(uri, structures, STRUCTURES_PER_PAGE)
    ]


def directory_pages(linked: LinkedSite) -> list[GeneratedPage]:
    structures = sorted(linked.site.structures, key=lambda s: sort_key(s.name))
    sectors = {sector.id: sector.name for sector in linked.site.referential.sectors}
    by_sector: dict[str, list[Structure]] = defaultdict(list)
    by_type: dict[str, list[Structure]] = defaultdict(list)
    for structure in structures:
        by_sector[structure.sector].append(structure)
        by_type[structure.type].append(structure)
    types = sorted(by_type.items(), key=lambda item: sort_key(item[0]))
    pages = [
        GeneratedPage(
            urls.DIRECTORY,
            render(
                "directory_index.md.j2",
                site=linked,
                # A sector without structures gets no section and no page: never « Aucune structure ».
                by_sector=[(sector, by_sector[sector.id]) for sector in linked.site.referential.sectors if sector.id in by_sector],
                by_type=types,
                shown=STRUCTURES_PER_SECTOR_ON_INDEX,
            ),
        )
    ]
    for sector in linked.site.referential.sectors:
        if sector.id in by_sector:
            pages += _listing_pages(linked, urls.directory_sector(sector.id), sector.name, by_sector[sector.id])
    for name, members in types:
        pages += _listing_pages(linked, urls.directory_type(name), name, members)
    for structure in structures:
        meetings = linked.meetings_of_structure.get(structure.id, ())
        pages.append(
            GeneratedPage(
                urls.structure(structure.id),
                render(
                    "structure.md.j2",
                    site=linked,
                    s=structure,
                    sector=sectors[structure.sector],
                    parent=linked.structures.get(structure.parent) if structure.parent else None,
                    children=linked.children.get(structure.id, ()),
                    meetings=list(reversed(meetings))[:MEETINGS_ON_STRUCTURE_PAGE],
                    meeting_count=len(meetings),
                    actions=linked.actions_of_structure.get(structure.id, ()),
                ),
            )
        )
    return pages
