"""The annuaire des structures: by secteur and by type, one page per structure, and the printable guide."""

from __future__ import annotations

import html
import posixpath
from collections import defaultdict
from itertools import groupby
from dataclasses import dataclass

from markupsafe import Markup

from .. import dates, opendata, urls
from ..contacts import display_phone
from ..hours import in_french
from ..link import LinkedSite
from ..model import Sector, Structure, months_text
from ..text import first_upper, sort_key, summary
from . import GeneratedPage, Head, autolink, description, first_sentence, escape_text, paginate, render, render_page, structured_data
from .agenda import file_href
from .carte import locator_maps
from .meeting_lists import meeting_list_pages

UNSECTORED = Sector("", "Secteur non renseigné")
ALL = Sector("", "Toutes les structures")
"""The heading of the structures whose secteur the coordinator has not given (it is optional)."""

MEETINGS_ON_STRUCTURE_PAGE = 30
"""A hospital may attend every meeting: its page lists the latest ones, and links to all of them
on pages of their own (``views/meeting_lists.py``)."""


STRUCTURES_PER_SECTOR_ON_INDEX = 50
STRUCTURES_PER_PAGE = 100
"""The annuaire index shows each sector's first structures and links to one page per sector and
per type, each split into pages of 100: the index stays light however large the network grows."""
BLURB_LENGTH = 90
"""Characters of a structure's description under its name in the annuaire: two lines on a phone."""


@dataclass(frozen=True)
class Contact:
    """The « Contact et accès » of a structure, ready for its page and for the guide."""

    rows: tuple[tuple[str, Markup], ...]
    """(label, Markdown value) for each field the structure has."""
    verification: Markup | None
    stale: bool


def _tel(phone: str) -> str:
    from ..opendata import international_phone

    return international_phone(phone)


def _phone(phone: str) -> Markup:
    """A public phone shown as French readers group it, linked in E.164 (« tel:+594594291000 »)."""
    return Markup(f"[{escape_text(display_phone(phone))}](tel:{_tel(phone)})")


def contact(linked: LinkedSite, structure: Structure) -> Contact:
    rows: list[tuple[str, Markup]] = []
    address = structure.address
    if address:
        city = " ".join(part for part in (address.postcode, address.city) if part)
        parts = [part for part in (address.street, address.complement, city) if part]
        rows.append(("Adresse", Markup(", ").join(escape_text(part) for part in parts)))
    if structure.phone:
        rows.append(("Téléphone", _phone(structure.phone)))
    if structure.email:
        rows.append(("Courriel", Markup(f"[{escape_text(structure.email)}](mailto:{html.escape(structure.email)})")))
    if structure.website:
        rows.append(("Site internet", autolink(structure.website)))
    if structure.opening_hours:
        french = in_french(structure.opening_hours)
        rows.append(
            ("Horaires", escape_text(first_upper(french)) if french else escape_text(structure.opening_hours) + Markup(" (format OpenStreetMap)"))
        )
    if structure.access:
        rows.append(("Accès", escape_text(structure.access)))
    if structure.publics:
        rows.append(("Publics", Markup(", ").join(escape_text(p) for p in structure.publics)))
    if structure.territory:
        rows.append(("Territoire", escape_text(structure.territory)))
    if structure.accessibility:
        rows.append(("Accessibilité du lieu", Markup(f"[sa fiche sur acceslibre](<{structure.accessibility}>)")))
    if structure.siret:
        rows.append(("SIRET", escape_text(structure.siret)))
    if structure.finess:
        rows.append(("FINESS", escape_text(structure.finess)))
    verification, stale = None, False
    if structure.verified_on:
        months = linked.site.referential.verification_months
        stale = structure.needs_verification(linked.today, months)
        source = escape_text(f" ({structure.verified_by})") if structure.verified_by else Markup("")
        day = escape_text(dates.date(structure.verified_on))
        if stale:
            verification = Markup(f"**Informations à vérifier** : dernière vérification il y a {months_text(months)} (le {day}{', ' + escape_text(structure.verified_by) if structure.verified_by else ''}).")
        else:
            verification = Markup(f"Informations vérifiées le {day}{source}.")
    return Contact(tuple(rows), verification, stale)


@dataclass(frozen=True)
class Follow:
    """« Suivre cette structure »: its calendar's address (and ``webcal://`` form), its feed's address."""

    calendar: tuple[Markup, Markup | None] | None
    feed: bool
    feed_url: str | None
    """The feed's address to paste into a feed reader, when the site's address is known: shown as
    text, never as a link, which would open raw XML in a browser (« S'abonner » says what to do)."""
    feed_href: str | None
    """The feed's address from the page, which the reader's browser completes into the address to
    paste when the site's own is not known (assets/javascripts/releve-adresses.js)."""


def _data(value: str) -> str:
    """A value of a ``data-`` attribute the filters compare: a slug, so spaces separate values."""
    return urls.slugify(value)


def _filter_values(structure: Structure) -> dict[str, str]:
    return {
        "secteur": structure.sector or "",
        "type": _data(structure.type) if structure.type else "",
        "publics": " ".join(_data(p) for p in structure.publics),
        "commune": _data(structure.address.city) if structure.address and structure.address.city else "",
    }


def _filters(structures: list[Structure], linked: LinkedSite) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """Each filter of the index that has a choice to offer: (name, label, « all » option, options)."""
    def options(values) -> list[tuple[str, str]]:
        return sorted({_data(v): v for v in values}.items(), key=lambda item: sort_key(item[1]))

    filters = [
        ("secteur", "Secteur", "Tous les secteurs", [(s.id, s.name) for s in linked.site.referential.sectors if any(x.sector == s.id for x in structures)]),
        ("type", "Type", "Tous les types", options(s.type for s in structures if s.type)),
        ("publics", "Public", "Tous les publics", options(p for s in structures for p in s.publics)),
        ("commune", "Commune", "Toutes les communes", options(s.address.city for s in structures if s.address and s.address.city)),
    ]
    return [f for f in filters if len(f[3]) > 1]


def _listing_pages(linked: LinkedSite, uri: str, title: str, structures: list[Structure]) -> list[GeneratedPage]:
    return [
        render_page(paged.uri, "directory_list.md.j2", site=linked, title=title, paged=paged)
        for paged in paginate(uri, structures, STRUCTURES_PER_PAGE)
    ]


def _open_data(linked: LinkedSite, page: str, *paths: str) -> list[tuple[str, Markup]]:
    return [(posixpath.basename(path), file_href(linked, path, page)[0]) for path in paths]


EMPTY_FILES = {
    opendata.UNVERIFIED: Markup("aucune pour l'instant, ses fichiers sont vides"),
    opendata.REFUSED: Markup("aucune de celles qui le sont n'est pour l'instant conforme au format national, ses fichiers sont vides"),
}
"""What the open data paragraph adds when the annuaire's files hold no structure, by the reason (``opendata.why_empty``)."""


def open_data_links(linked: LinkedSite, page: str) -> Markup:
    """The paragraph that links the open data files and names their licence (annuaire and projects pages)."""
    return Markup(
        render(
            "_open_data.md.j2",
            site=linked,
            structure_files=_open_data(linked, page, urls.STRUCTURES_JSON, urls.STRUCTURES_CSV),
            # Files offered empty say why: no entry of the annuaire is dated yet, or the schema refuses those that are.
            empty=EMPTY_FILES.get(opendata.why_empty(linked.site.structures)),
            action_files=_open_data(linked, page, urls.ACTIONS_JSON, urls.ACTIONS_CSV),
            catalogue_files=[("catalogue", file_href(linked, urls.OPEN_DATA_CATALOGUE, page)[0])],
        )
    )


def blurb(structure: Structure) -> str:
    """What the sources say of a structure, in a few words (the first sentence of its description):
    a reader new to the CLSM does not know what « AMLI » or « CMSEA » are."""
    return summary(first_sentence(structure.description or ""), BLURB_LENGTH)


def structure_head(structure: Structure, sector: str | None) -> Head:
    """« … – Annuaire », described by its type, secteur and commune, as far as partners.yaml gives them, and its blurb."""
    city = structure.address.city if structure.address else None
    said = ", ".join(part for part in (structure.type, sector and f"secteur {sector}", city and f"à {city}") if part)
    first = first_sentence(structure.description or "")
    return Head(f"{structure.name} – Annuaire", description(f"Structure partenaire : {said}." if said else None, first))


def directory_pages(linked: LinkedSite) -> list[GeneratedPage]:
    structures = sorted(linked.site.structures, key=lambda s: sort_key(s.name))
    sectors = {sector.id: sector.name for sector in linked.site.referential.sectors}
    by_sector: dict[str, list[Structure]] = defaultdict(list)
    by_type: dict[str, list[Structure]] = defaultdict(list)
    for structure in structures:
        by_sector[structure.sector].append(structure)
        if structure.type:
            by_type[structure.type].append(structure)
    types = sorted(by_type.items(), key=lambda item: sort_key(item[0]))
    # A sector without structures gets no section and no page: never « Aucune structure ».
    by_sector_list = [(sector, by_sector[sector.id]) for sector in linked.site.referential.sectors if sector.id in by_sector]
    # Structures whose secteur is not known yet: in the guide after the sectors, never left out.
    # A directory with no secteur at all is one list, not one section « non renseigné ».
    guide_sections = by_sector_list + ([(UNSECTORED if by_sector_list else ALL, by_sector[None])] if by_sector.get(None) else [])
    # The guide in pages of 100 structures, each sector's heading on every page it continues on.
    guide = paginate(urls.DIRECTORY_GUIDE, [(sector, s) for sector, items in guide_sections for s in items], STRUCTURES_PER_PAGE)
    pages = [
        render_page(
            urls.DIRECTORY,
            "directory_index.md.j2",
            site=linked,
            by_sector=by_sector_list,
            by_type=types,
            # Structures whose secteur is not known yet: listed after the sectors, never hidden.
            unsectored=by_sector.get(None, []),
            shown=STRUCTURES_PER_SECTOR_ON_INDEX,
            filters=_filters(structures, linked),
            values={s.id: _filter_values(s) for s in structures},
            blurbs={s.id: blurb(s) for s in structures},
            href={s.id: Markup(html.escape(urls.relative(urls.DIRECTORY, urls.structure(s.id)))) for s in structures},
            sector_href={sector.id: Markup(html.escape(urls.relative(urls.DIRECTORY, urls.directory_sector(sector.id)))) for sector in linked.site.referential.sectors},
            open_data=open_data_links(linked, urls.DIRECTORY),
            guide_pages=len(guide),
        ),
    ]
    for paged in guide:
        sections = [(sector, [s for _, s in group]) for sector, group in groupby(paged.items, key=lambda item: item[0])]
        contacts = {s.id: contact(linked, s) for _, s in paged.items}
        pages.append(
            render_page(paged.uri, "directory_guide.md.j2", site=linked, by_sector=sections, sectored=bool(by_sector_list), contacts=contacts, paged=paged, per_page=STRUCTURES_PER_PAGE)
        )
    for sector in linked.site.referential.sectors:
        if sector.id in by_sector:
            pages += _listing_pages(linked, urls.directory_sector(sector.id), sector.name, by_sector[sector.id])
    for name, members in types:
        pages += _listing_pages(linked, urls.directory_type(name), name, members)
    locators = locator_maps(linked)
    for structure in structures:
        meetings = linked.meetings_of_structure.get(structure.id, ())
        page = urls.structure(structure.id)
        # Links to the files outputs/follow.py writes: a calendar when something is in it, a feed too.
        calendar = any(i.in_calendars for i in linked.agenda.of_structure.get(structure.id, ()))
        feed = bool(linked.structure_news(structure.id))
        follow = Follow(
            calendar=file_href(linked, urls.structure_calendar(structure.id), page) if calendar else None,
            feed=feed,
            feed_url=urls.on_site(linked.site.public_url, urls.structure_feed(structure.id)) if feed else None,
            feed_href=file_href(linked, urls.structure_feed(structure.id), page)[0] if feed else None,
        )
        pages.append(
            render_page(
                page,
                "structure.md.j2",
                head=structure_head(structure, sectors.get(structure.sector)),
                site=linked,
                s=structure,
                sector=sectors.get(structure.sector),
                parent=linked.structures.get(structure.parent) if structure.parent else None,
                children=sorted(linked.children.get(structure.id, ()), key=lambda c: sort_key(c.name)),
                meetings=list(reversed(meetings))[:MEETINGS_ON_STRUCTURE_PAGE],
                meeting_count=len(meetings),
                all_meetings=urls.structure_meetings(structure.id),
                actions=linked.actions_of_structure.get(structure.id, ()),
                contact=contact(linked, structure),
                follow=follow if calendar or feed else None,
                locator=locators.get(structure.id),
                jsonld=structured_data.script_json(structured_data.organization(linked, structure)),
            )
        )
        if len(meetings) > MEETINGS_ON_STRUCTURE_PAGE:
            subject = ("où la structure", structure.name, page, "était représentée")
            pages += meeting_list_pages(linked, urls.structure_meetings(structure.id), f"Réunions – {structure.name}", subject, meetings)
    return pages
