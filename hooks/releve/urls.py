"""Where each generated page lives, as source URIs relative to the docs folder (``projets/x.md``).

A link the engine writes (``link``) is marked until the page that holds it is rendered, then made
relative to that page (``relative_source``): the host resolves and checks it as any relative link,
and the site works under any sub-path (``/clsm/``).
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from .text import without_accents


UNDECOMPOSED = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"})
"""Letters that no Unicode decomposition turns into ASCII: « Cœur » must give « coeur », not « c-ur »."""


def slugify(text: str) -> str:
    """The one slug of the engine (ids, file names, page addresses): ASCII lower-case words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", without_accents(text).lower().translate(UNDECOMPOSED)).strip("-")


HOME = "index.md"
MEETINGS = "comptes-rendus/index.md"
ACTIONS = "projets/index.md"
DIRECTORY = "annuaire/index.md"
INSTANCES = "instances/index.md"
THEMES = "thematiques/index.md"
AGENDA = "agenda/index.md"
DECISIONS = "decisions/index.md"
FOLLOW_UP = "suivi/index.md"
CALENDAR = "agenda.ics"
FEED = "flux.xml"
TIMELINE = "avancement/index.md"
FRISE = "avancement/frise.md"
"""The frise of every dated step, on pages of its own (the overview stays one phone screen or two)."""
SUBSCRIBE = "s-abonner/index.md"
"""What feeds and calendars are and how to follow them: where every « s'abonner » link leads. An
index page, as the agenda's: the raw links of its calendars are relative to its folder on every host."""
REPORTS = "bilan/index.md"
ACCESSIBILITY = "accessibilite.md"
ABOUT = "a-propos.md"
"""The coordinator's own page about the CLSM (``docs/a-propos.md``), linked from the home page."""
AGENDA_UNSCHEDULED = "agenda/sans-date.md"
"""Every meeting announced without a date and never held, when the agenda names only the latest."""
LETTERS = "lettres/index.md"
"""The archive of the lettres d'information."""
LETTERS_FEED = "lettres/flux.xml"
SISM = "sism/index.md"
"""The Semaines d'information sur la santé mentale, one page per edition."""

_SECTION_OF_FOLDER = {
    "comptes-rendus": MEETINGS,
    "decisions": MEETINGS,
    "suivi": MEETINGS,
    "thematiques": MEETINGS,
    "agenda": AGENDA,
    "s-abonner": AGENDA,
    "instances": INSTANCES,
    "projets": ACTIONS,
    "avancement": TIMELINE,
    "bilan": TIMELINE,
    "annuaire": DIRECTORY,
    "carte": DIRECTORY,
    "lettres": HOME,
    "sism": AGENDA,
}
"""The tab under which each folder of generated pages is read (the nav lists only the tabs)."""

_SECTION_OF_PAGE = {ACCESSIBILITY: ABOUT}
"""Generated pages at the top: the declaration of accessibility is read under « À propos »."""


def section(uri: str) -> str | None:
    """The page of the tab a page belongs to: ``projets/x.md`` → ``projets/index.md``."""
    return _SECTION_OF_FOLDER.get(uri.partition("/")[0]) if "/" in uri else _SECTION_OF_PAGE.get(uri)
DIRECTORY_GUIDE = "annuaire/guide.md"
"""The whole annuaire on one printable page (the CLSM's « Guide santé mentale »)."""
RESOURCE_MAP = "carte/index.md"
"""The carte des ressources: every structure with coordinates, on the territory's communes."""
PARTNERSHIP_MAP = "carte/partenariale.md"
"""The carte partenariale of the whole CLSM: which structures work together."""
OPEN_DATA_CATALOGUE = "donnees/catalogue.jsonld"
"""The open data files described in DCAT (JSON-LD), for data.gouv.fr and other catalogues."""
STRUCTURES_JSON = "donnees/structures.json"
STRUCTURES_CSV = "donnees/structures.csv"
ACTIONS_JSON = "donnees/actions.json"
ACTIONS_CSV = "donnees/actions.csv"


def meeting(meeting_id: str) -> str:
    return f"comptes-rendus/{meeting_id}.md"


def meetings_year(year: int) -> str:
    return f"comptes-rendus/{year}.md"


def report(year: int) -> str:
    """The bilan d'activité of one year: ``/bilan/AAAA/``."""
    return f"bilan/{year}.md"


def letter(letter_id: str) -> str:
    """One lettre d'information: ``/lettres/AAAA-MM/``."""
    return f"lettres/{letter_id}.md"


def sism(year: int) -> str:
    return f"sism/{year}.md"


def sism_programme(year: int) -> str:
    """The printable programme of one SISM edition, below its page."""
    return f"sism/{year}/programme.md"


def pdf(uri: str) -> str:
    """The PDF of a page (``comptes-rendus/x.md`` → ``comptes-rendus/x.pdf``), next to its folder."""
    return uri[: -len(".md")] + ".pdf"


def action(action_id: str) -> str:
    return f"projets/{action_id}.md"


def action_status(status: str | None) -> str:
    """The fiches of a statut; ``None``: those whose statut no source gives."""
    return f"projets/statut-{slugify(status) if status else 'non-renseigne'}.md"


def action_axis(number: int | None) -> str:
    """The fiches of an axe; ``None``: those whose axe no source gives."""
    return f"projets/axe-{number}.md" if number is not None else "projets/sans-axe.md"


def timeline_axis(number: int | None) -> str:
    """The chart of every fiche of one axe: ``/avancement/axe-N/`` (``sans-axe`` for the others)."""
    return f"avancement/axe-{number}.md" if number is not None else "avancement/sans-axe.md"


def structure(structure_id: str) -> str:
    return f"annuaire/{structure_id}.md"


def structure_calendar(structure_id: str) -> str:
    """« Suivre cette structure »: its meetings and commitments, next to its page."""
    return f"annuaire/{structure_id}/agenda.ics"


def structure_feed(structure_id: str) -> str:
    return f"annuaire/{structure_id}/flux.xml"


def directory_sector(sector_id: str) -> str:
    return f"annuaire/secteur/{sector_id}.md"


def directory_type(type_name: str) -> str:
    return f"annuaire/type/{slugify(type_name)}.md"


def map_type(type_name: str) -> str:
    """The carte des ressources of one type of structure (a filter that needs no script)."""
    return f"carte/type/{slugify(type_name)}.md"


def map_public(public: str) -> str:
    return f"carte/public/{slugify(public)}.md"


def instance(slug: str) -> str:
    return f"instances/{slug}.md"


def theme(theme_id: str) -> str:
    return f"thematiques/{theme_id}.md"


def instance_calendar(slug: str) -> str:
    return f"agenda/instance-{slug}.ics"


def theme_calendar(theme_id: str) -> str:
    return f"agenda/thematique-{theme_id}.ics"


def theme_decisions(theme_id: str) -> str:
    return f"decisions/thematique-{theme_id}.md"


def addresses(kind: str, item_id: str) -> tuple[str, ...]:
    """Every page and file named after an item, as source URIs or file paths; one ending in « / »
    stands for everything under it (a structure's calendar and feed, the pages of a long list).
    ``releve renommer`` keeps them all answering at the old id (``outputs.aliases``)."""
    if kind == "structure":
        return (structure(item_id), f"annuaire/{item_id}/")
    if kind == "action":
        return (action(item_id), f"projets/{item_id}/")
    if kind == "thematique":
        return (theme(item_id), f"thematiques/{item_id}/", theme_decisions(item_id), f"decisions/thematique-{item_id}/", theme_calendar(item_id))
    if kind == "instance":
        slug = slugify(item_id)
        return (instance(slug), f"instances/{slug}/", instance_calendar(slug))
    raise ValueError(f"no addresses for {kind!r}")


def page(uri: str, number: int) -> str:
    """Page ``number`` of a long list whose first page is ``uri``: ``decisions/index.md`` →
    ``decisions/page-2.md``, ``decisions/projet-x.md`` → ``decisions/projet-x/page-2.md``
    (a folder, so no id can produce the same address)."""
    if number == 1:
        return uri
    folder = uri[: -len("index.md")] if uri.endswith("/index.md") else uri[:-3] + "/"
    return f"{folder}page-{number}.md"


def public(uri: str, anchor: str | None = None) -> str:
    """The site-relative address of a page or file, as mkdocs.yml publishes it (``use_directory_urls: true``)."""
    path = uri
    if uri.endswith(".md"):
        path = uri[: -len("index.md")] if uri == "index.md" or uri.endswith("/index.md") else uri[:-3] + "/"
    return path + (f"#{anchor}" if anchor else "")


def on_site(public_url: str | None, path: str) -> str | None:
    """The address of the published ``path`` (as ``public`` gives it) on the site whose address is
    ``public_url`` (``site_url``); None when that address is not known."""
    return public_url.rstrip("/") + "/" + path if public_url else None


def from_file(path: str, target: str) -> str:
    """``target`` (as ``public`` gives it) as a link written in the site's file at ``path`` (a feed,
    a PDF) reads it: relative to that file's folder, where a reader or a viewer resolves it."""
    folder = posixpath.dirname(path)
    return ("../" * (folder.count("/") + 1) if folder else "") + target or "./"


def relative(source: str, target: str) -> str:
    """The address of page or file ``target`` as a link on page ``source`` writes it: relative,
    as MkDocs writes the links it resolves (``../../projets/x/``, ``./`` for the page itself)."""
    # posixpath.relpath on the two addresses (a page's address is a folder), without its
    # normalisation: generated paths are clean, and this runs for every link of every page.
    here, there = _folders(source), _folders(target)
    common = 0  # the leading folders both share
    for mine, theirs in zip(here, there):
        if mine != theirs:
            break
        common += 1
    path = "/".join([".."] * (len(here) - common) + list(there[common:])) or "."
    return path + "/" if target.endswith(".md") else path


@lru_cache(maxsize=1 << 16)
def _folders(uri: str) -> tuple[str, ...]:
    """The parts of the address of ``uri``: each page is linked from many, and links to many."""
    return tuple(part for part in public(uri).split("/") if part)


LINK_MARK = "\ue001"
"""Starts the target of an engine link until the page that holds it is rendered: a private-use
character, which neither the templates nor the content write (validation refuses them)."""


def link(uri: str, anchor: str | None = None) -> str:
    """The target of a link to page ``uri`` (a generated page, or one of docs/), marked until the
    page holding it is rendered (``relative_source``), optionally with an anchor."""
    return f"{LINK_MARK}{uri}" + (f"#{anchor}" if anchor else "")


def relative_source(source: str, target: str) -> str:
    """The source URI ``target`` as a Markdown link on page ``source`` writes it (``../projets/x.md``),
    which the host then resolves to the page's address; ``/`` or an empty target is the home page."""
    path, hash_, anchor = target.partition("#")
    return _relative_source(path, posixpath.dirname(source)) + hash_ + anchor


@lru_cache(maxsize=1 << 16)
def _relative_source(path: str, folder: str) -> str:
    # posixpath.relpath normalises both paths each time: the pages of one folder link the same targets.
    path = path.lstrip("/")
    relative = posixpath.relpath(path or HOME, folder or ".")
    if path.endswith("/") and relative != ".":
        relative += "/"
    return relative


_LISTING = re.compile(r"index|page-\d+|\d{4}|axe-\d+|sans-axe|statut-.*")
"""The names of the list pages generated next to the meetings and the fiches actions."""
_ITEM_FOLDERS = {"minutes": "meeting", "actions": "action", "comptes-rendus": "meeting", "projets": "action"}


def item(path: str) -> tuple[str, str] | None:
    """The meeting or fiche action a site path is about, as (kind, id), if it is one.

    ``path`` is relative to the project root and normalised: a source (``actions/x.md``) or a
    generated page, written as its source URI or its address (``projets/x.md``, ``projets/x``).
    """
    folder, _, name = path.partition("/")
    kind = _ITEM_FOLDERS.get(folder)
    if kind is None or not name or "/" in name:
        return None
    if folder in ("minutes", "actions"):
        return (kind, name[:-3]) if name.endswith(".md") else None
    name = name.removesuffix(".md")
    return None if _LISTING.fullmatch(name) else (kind, name)


def action_meetings(action_id: str) -> str:
    """Every meeting that discussed a fiche, with its decisions on it, when its page shows only the latest."""
    return f"projets/{action_id}/reunions.md"


def structure_meetings(structure_id: str) -> str:
    """Every meeting where a structure was represented, when its page shows only the latest."""
    return f"annuaire/{structure_id}/reunions.md"


def theme_actions(theme_id: str) -> str:
    """Every fiche of a thématique, when its page names only the first."""
    return f"thematiques/{theme_id}/fiches.md"
