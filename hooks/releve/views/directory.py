"""The annuaire des structures: by secteur and by type, and one page per structure."""

from __future__ import annotations

from collections import defaultdict

from .. import urls
from ..link import LinkedSite
from ..model import Structure
from . import GeneratedPage, render

MEETINGS_ON_STRUCTURE_PAGE = 30
"""A hospital may attend every meeting: its page lists the latest ones and counts the rest."""


def _by(structures: list[Structure], key) -> list[tuple[str, list[Structure]]]:
    groups: dict[str, list[Structure]] = defaultdict(list)
    for structure in structures:
        groups[key(structure)].append(structure)
    return sorted(groups.items(), key=lambda item: item[0].casefold())


def directory_pages(linked: LinkedSite) -> list[GeneratedPage]:
    structures = sorted(linked.site.structures, key=lambda s: s.name.casefold())
    sectors = {sector.id: sector.name for sector in linked.site.referential.sectors}
    by_sector = [(sector.name, [s for s in structures if s.sector == sector.id]) for sector in linked.site.referential.sectors]
    pages = [
        GeneratedPage(
            urls.DIRECTORY,
            render("directory_index.md.j2", site=linked, by_sector=by_sector, by_type=_by(structures, lambda s: s.type)),
        )
    ]
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
