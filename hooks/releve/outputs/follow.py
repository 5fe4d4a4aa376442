"""« Suivre cette structure »: for each structure, a calendar and an Atom feed of its own.

The calendar holds the meetings it took part in or hosted and the due dates of its commitments;
the feed, its meetings and the decisions on the fiches it pilots or joins. Events and entries are
made by the general calendar's and feed's own functions, so each has the same UID or id
everywhere and a partner subscribed to both sees it once. A structure with nothing to follow
gets no file (an empty calendar is not valid RFC 5545) and its page links to none.
"""

from __future__ import annotations

from .. import dates, urls
from ..files import GeneratedFile
from ..link import LinkedSite
from ..model import Meeting
from ..text import quoted, summary
from . import feed, ics


def _decision_entry(linked: LinkedSite, meeting: Meeting, decision) -> dict:
    titles = " ; ".join(linked.actions[a].title for a in decision.actions if a in linked.actions)
    return dict(
        identity=f"comptes-rendus/{meeting.id}#{decision.anchor}",
        title=f"Décision : {titles}" if titles else "Décision",
        published=meeting.date,
        updated=meeting.date,
        summary=summary(f"Décision du {dates.date(meeting.date)} ({quoted(meeting.title)}) : {decision.text}", feed.SUMMARY_LENGTH),
        page=urls.meeting(meeting.id),
        anchor=decision.anchor,
    )


def feed_entries(linked: LinkedSite) -> dict[str, list[dict]]:
    """Each structure's feed entries: its meetings, and the decisions on the fiches it pilots or joins;
    the ``feed.FEED_SIZE`` newest only, each entry made once however many feeds carry it."""
    made: dict[tuple, dict] = {}

    def entry(meeting: Meeting, decision=None) -> dict:
        key = (meeting.id, decision.anchor if decision else None)
        if key not in made:
            made[key] = feed.meeting_entry(linked, meeting) if decision is None else _decision_entry(linked, meeting, decision)
        return made[key]

    entries: dict[str, list[dict]] = {}
    for structure in linked.site.structures:
        if found := linked.structure_news(structure.id):
            entries[structure.id] = feed.newest([entry(meeting, decision) for meeting, decision in found])
    return entries


def follow_files(linked: LinkedSite) -> list[GeneratedFile]:
    files = []
    by_structure = linked.agenda.of_structure
    lines = ics.serialised(linked, [item for items in by_structure.values() for item in items])
    for structure_id, items in by_structure.items():
        dated = [i for i in items if i.in_calendars]
        if dated:
            name = f"Structure {quoted(linked.structures[structure_id].name)}"
            files.append(GeneratedFile(urls.structure_calendar(structure_id), ics.calendar(linked, name, dated, lines)))
    for structure_id, entries in feed_entries(linked).items():
        name = linked.structures[structure_id].name
        files.append(
            GeneratedFile(
                urls.structure_feed(structure_id),
                feed.atom(
                    linked,
                    urls.structure_feed(structure_id),
                    f"{linked.site.referential.clsm_short_name} : {name}",
                    # « de la structure « … » »: « Les réunions de Centre hospitalier de Jury » lacked its article.
                    f"Les réunions de la structure {quoted(name)} et les décisions sur ses fiches actions",
                    entries,
                ),
            )
        )
    return files
