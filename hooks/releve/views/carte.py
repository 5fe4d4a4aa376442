"""The carte des ressources: the structures of the annuaire on the communes of the territory, and
the small locator map of each structure's page.

One page for every structure, and one per type and per public: the filters are links between
pages, which work without a script, on a phone and in print. Each structure keeps its number on
every page (its place in the list of all), so a number read on a filtered map is the one of the
full map. The numbered list beside the map names every structure drawn: it is the map's text.

Coordinates are never guessed: a structure without ``coordonnees`` is listed apart, and a page
without a territory or without coordinates says how to add them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from babel.numbers import format_decimal
from markupsafe import Markup

from .. import cartography, dates, urls
from ..link import LinkedSite
from ..model import Structure
from ..text import quoted, sort_key
from ..words import plural
from . import GeneratedPage, render_page

UNTYPED = "Type non renseigné"
NO_COMMUNE = "Commune non renseignée"


@dataclass(frozen=True)
class Located:
    """A structure with coordinates, as every map page shows it."""

    number: int
    structure: Structure
    commune: str
    """The commune of the territory where it lies, else its address's, else « Commune non renseignée »."""
    colour: int
    on_map: bool
    """False when it lies outside the drawing (a structure far from the territory)."""


@dataclass(frozen=True)
class Atlas:
    """What every page of the carte des ressources shares, computed once per build."""

    frame: cartography.Frame | None
    outlines: tuple[cartography.Outline, ...]
    located: tuple[Located, ...]
    unlocated: tuple[Structure, ...]
    types: tuple[str, ...]
    """The legend's order: the types of the located structures, then « Type non renseigné » if any."""


def atlas(linked: LinkedSite) -> Atlas:
    site = linked.site
    structures = sorted(site.structures, key=lambda s: sort_key(s.name))
    with_coordinates = [s for s in structures if s.coordinates]
    territory = site.territory
    if territory is not None:
        frame = cartography.territory_frame(territory, cartography.MAP_WIDTH, cartography.MAP_HEIGHT)
        outlines = tuple(cartography.outlines(territory, frame))
    elif with_coordinates:
        frame = cartography.frame([(s.coordinates.longitude, s.coordinates.latitude) for s in with_coordinates], cartography.MAP_WIDTH, cartography.MAP_HEIGHT)
        outlines = ()
    else:
        frame, outlines = None, ()
    types = sorted({s.type for s in with_coordinates if s.type}, key=sort_key)
    types += [UNTYPED] if any(not s.type for s in with_coordinates) else []
    located = []
    points = [(structure.coordinates.longitude, structure.coordinates.latitude) for structure in with_coordinates]
    for number, (structure, point, commune) in enumerate(zip(with_coordinates, points, cartography.communes_of(territory, points)), 1):
        x, y = frame.point(*point)
        located.append(
            Located(
                number,
                structure,
                commune.name if commune else _address_commune(structure),
                types.index(structure.type or UNTYPED) % len(cartography.COLOURS),
                0 <= x <= frame.width and 0 <= y <= frame.height,
            )
        )
    return Atlas(frame, outlines, tuple(located), tuple(s for s in structures if not s.coordinates), tuple(types))


def _by_slug(values) -> list[str]:
    """Each value once per slug (« Adultes » and « adultes » make one page), in alphabetical order."""
    first: dict[str, str] = {}
    for value in sorted(values, key=sort_key):
        first.setdefault(urls.slugify(value), value)
    return [value for slug, value in first.items() if slug]


def _filters(atlas: Atlas, here: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The filter links of a page: every type and every public, the current one without a link."""
    types = _by_slug(s.structure.type for s in atlas.located if s.structure.type)
    publics = _by_slug(p for s in atlas.located for p in s.structure.publics)
    rows = [("Type", [("Tous", urls.RESOURCE_MAP)] + [(t, urls.map_type(t)) for t in types])]
    if publics:
        rows.append(("Public", [("Tous", urls.RESOURCE_MAP)] + [(p, urls.map_public(p)) for p in publics]))
    return [(label, [(text, None if uri == here else uri) for text, uri in options]) for label, options in rows if len(options) > 1]


def _marker_title(item: Located) -> str:
    """A marker's link name, « 12. Centre hospitalier de Jury (CHJ), Valmont »: its number as shown, then whose page it opens."""
    s = item.structure
    return f"{item.number}. {s.name}" + (f" ({s.acronym})" if s.acronym and s.acronym != s.name else "") + f", {item.commune}"


@dataclass(frozen=True)
class Selection:
    """What a page of one type or one public shows, as its title and its text name it."""

    subtitle: str
    """The end of its title: « Association », « public « Familles » »."""
    words: str
    """« de type « Association » », « de public « Familles » »."""


def _page(linked: LinkedSite, atlas: Atlas, uri: str, shown: list[Located], selection: Selection | None = None) -> GeneratedPage:
    """A page of the carte des ressources: the whole map, or with ``selection`` the page of one type or public."""
    drawn = [item for item in shown if item.on_map]
    svg = None
    if atlas.frame is not None and drawn:
        clsm = linked.site.referential.clsm_short_name
        title = f"Carte des ressources du {clsm}" + (f" : {selection.subtitle}" if selection else "")
        communes = len(atlas.outlines)
        description = (
            plural(len(drawn), "structure numérotée", "structures numérotées")
            + (f" sur les {communes} communes du territoire" if communes > 1 else " sur la commune du territoire" if communes else "")
            + " ; la liste qui suit la carte les nomme dans l'ordre des numéros."
        )
        markers = [cartography.Marker(item.number, item.structure, item.colour, _marker_title(item), urls.link(urls.structure(item.structure.id))) for item in drawn]
        svg = Markup(cartography.resource_map("carte-ressources", title, description, atlas.frame, list(atlas.outlines), markers))
    colours = {item.colour for item in drawn}
    legend = [(index % len(cartography.COLOURS), name, sum(1 for item in drawn if (item.structure.type or UNTYPED) == name)) for index, name in enumerate(atlas.types)]
    legend = [(colour, name, count) for colour, name, count in legend if count and colour in colours]
    in_order = sorted(shown, key=lambda item: (item.commune == NO_COMMUNE, sort_key(item.commune), item.number))
    groups = [(commune, [item for item in items if item.on_map]) for commune, items in groupby(in_order, key=lambda item: item.commune)]
    return render_page(
        uri,
        "carte.md.j2",
        site=linked,
        selection=selection,
        territory=linked.site.territory,
        filters=_filters(atlas, uri),
        svg=svg,
        legend=legend,
        groups=[(commune, items) for commune, items in groups if items],
        off_map=[item for item in shown if not item.on_map],
        unlocated=list(atlas.unlocated) if selection is None else [],
        # No map drawn yet: the page still tells where the structures are, commune by commune.
        by_commune=_by_commune(atlas.unlocated) if selection is None and not atlas.located else [],
        located_count=len(atlas.located),
        sources=sorted({_source_name(item.structure.coordinates.source) for item in drawn}),
    )


def _address_commune(structure: Structure) -> str:
    """The commune its address names, or ``NO_COMMUNE``."""
    return structure.address.city if structure.address and structure.address.city else NO_COMMUNE


def _by_commune(structures) -> list[tuple[str | None, list[Structure]]]:
    """Structures grouped by the commune of their address (in French order, those without last),
    each group under its commune's name; none when all are in one group that names no commune."""
    key = _address_commune
    ordered = sorted(structures, key=lambda s: (key(s) == NO_COMMUNE, sort_key(key(s)), sort_key(s.name)))
    groups = [(name, list(group)) for name, group in groupby(ordered, key=key)]
    if len(groups) == 1 and groups[0][0] == NO_COMMUNE:
        return [(None, groups[0][1])]
    return groups


def _source_name(source: str) -> str:
    """« Base Adresse Nationale » for « Base Adresse Nationale, adresse 57463_… »: the name to credit under the map."""
    return source.split(",", 1)[0].strip()


def map_pages(linked: LinkedSite) -> list[GeneratedPage]:
    """The carte des ressources, and one page per type and per public of the structures it shows."""
    shared = atlas(linked)
    pages = [_page(linked, shared, urls.RESOURCE_MAP, list(shared.located))]
    for name in _by_slug(s.structure.type for s in shared.located if s.structure.type):
        members = [item for item in shared.located if item.structure.type and urls.slugify(item.structure.type) == urls.slugify(name)]
        pages.append(_page(linked, shared, urls.map_type(name), members, Selection(name, f"de type {quoted(name)}")))
    for public in _by_slug(p for s in shared.located for p in s.structure.publics):
        members = [item for item in shared.located if any(urls.slugify(p) == urls.slugify(public) for p in item.structure.publics)]
        pages.append(_page(linked, shared, urls.map_public(public), members, Selection(f"public {quoted(public)}", f"de public {quoted(public)}")))
    return pages


@dataclass(frozen=True)
class Locator:
    """The « Sur la carte » part of a structure's page."""

    svg: Markup | None
    """The small map; None without a territory, or when the structure lies outside it."""
    commune: str | None
    position: str
    """« 49,11963° N, 6,17569° E »."""
    source: str
    day: str


def degrees(value: float, positive: str, negative: str) -> str:
    """« 49,11963° N »: a latitude or longitude as a French text, its letter unbreakably after its degrees."""
    return f"{format_decimal(abs(value), format='0.#####', locale=dates.LOCALE)}°\u00a0{positive if value >= 0 else negative}"


def locator_maps(linked: LinkedSite) -> dict[str, Locator]:
    """The locator of every structure with coordinates, by id (one frame and one simplification of
    the territory for them all)."""
    territory = linked.site.territory
    where = cartography.territory_frame(territory, cartography.LOCATOR_WIDTH, cartography.LOCATOR_HEIGHT) if territory else None
    drawn = cartography.outlines(territory, where, named=False) if territory else []
    locators = {}
    located = [structure for structure in linked.site.structures if structure.coordinates is not None]
    homes = cartography.communes_of(territory, [(s.coordinates.longitude, s.coordinates.latitude) for s in located])
    for structure, home in zip(located, homes):
        c = structure.coordinates
        svg = None
        if where is not None:
            x, y = where.point(c.longitude, c.latitude)
            if 0 <= x <= where.width and 0 <= y <= where.height:
                place = f" à {home.name}" if home else ""
                svg = Markup(
                    cartography.locator_map(
                        "carte-reperage",
                        f"{structure.name} sur la carte du territoire",
                        f"Le point marque la structure{place}" + (", commune ombrée." if home else ", hors des communes du territoire."),
                        where,
                        drawn,
                        home,
                        (x, y),
                    )
                )
        position = f"{degrees(c.latitude, 'N', 'S')}, {degrees(c.longitude, 'E', 'O')}"
        # The source's name, as under the map: its address identifier and file are the coordinator's (partners.yaml).
        locators[structure.id] = Locator(svg, home.name if home else None, position, _source_name(c.source), dates.date(c.date))
    return locators
