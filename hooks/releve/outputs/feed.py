"""An Atom feed of the latest minutes and fiches actions, made with ``feedgen``.

Deterministic: dates come from the content (a meeting's date, an action's latest activity up to
« today »), ids are UUIDs derived from each item's identity, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import uuid

from feedgen.feed import FeedGenerator

from .. import dates, urls
from ..files import GeneratedFile
from ..link import LinkedSite
from ..model import ActionSheet, Meeting
from ..text import agenda_sentence, first_upper, summary
from ..typography import french_text

FEED_SIZE = 50
"""The feed carries the most recent items only; the site keeps the rest."""
SUMMARY_LENGTH = 300


def meeting_entry(linked: LinkedSite, meeting: Meeting) -> dict:
    # One meeting: « Groupe projet », not the instance's name for all its meetings.
    instance = linked.instances[meeting.instance].singular
    text = f"{first_upper(meeting.kind)} du {dates.date(meeting.date)} ({instance})."
    if meeting.agenda:
        text += " " + agenda_sentence(meeting.agenda)
    return dict(
        identity=f"comptes-rendus/{meeting.id}",
        title=meeting.title,
        published=meeting.date,
        updated=meeting.updated or meeting.date,
        summary=summary(text, SUMMARY_LENGTH),
        page=urls.meeting(meeting.id),
    )


def _action_entry(linked: LinkedSite, action: ActionSheet) -> dict:
    what = action.answers[0] or action.extra
    updated = linked.last_trace[action.id].first_day
    status = f"Statut : {action.status}. " if action.status else ""
    return dict(
        identity=f"projets/{action.id}",
        title=f"Fiche action : {action.title}",
        published=linked.first_trace[action.id].first_day,
        updated=updated,
        summary=summary(status + what, SUMMARY_LENGTH),
        page=urls.action(action.id),
    )


def newest(entries: list[dict]) -> list[dict]:
    """The ``FEED_SIZE`` entries a feed carries, newest first."""
    return sorted(entries, key=lambda e: (e["updated"], e["identity"]), reverse=True)[:FEED_SIZE]


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.timezone.utc)


def atom(linked: LinkedSite, path: str, title: str, subtitle: str, entries: list[dict]) -> bytes:
    """An Atom feed at ``path`` (site-relative) of the newest ``entries`` (dicts as ``meeting_entry`` makes)."""
    clsm = linked.site.referential
    def address(target: str) -> str:
        """Absolute when the site's address is known; else relative to the feed's own folder."""
        return urls.on_site(linked.site.public_url, target) or urls.from_file(path, target)

    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"releve:{clsm.clsm_name}")
    entries = newest(entries)

    generator = FeedGenerator()
    # The general feed keeps the id it always had; any other feed is named by its path.
    generator.id(f"urn:uuid:{namespace if path == urls.FEED else uuid.uuid5(namespace, path)}")
    # The text a reader sees gets the pages' French spacing (« : » and « » » never start a line).
    generator.title(french_text(title))
    generator.subtitle(french_text(subtitle))
    generator.author(name=clsm.clsm_name)
    generator.language("fr")
    generator.generator("Relevé")
    generator.link(href=address(path), rel="self", type="application/atom+xml")
    generator.link(href=address(""), rel="alternate", type="text/html")
    generator.updated(_moment(entries[0]["updated"] if entries else linked.today))
    for item in entries:
        entry = generator.add_entry(order="append")
        # The same identity gives the same entry id in every feed, so a reader following two feeds sees it once.
        entry.id(f"urn:uuid:{uuid.uuid5(namespace, item['identity'])}")
        entry.title(french_text(item["title"]))
        entry.published(_moment(item["published"]))
        entry.updated(_moment(item["updated"]))
        entry.summary(french_text(item["summary"]))
        entry.link(href=address(urls.public(item["page"], item.get("anchor"))), rel="alternate", type="text/html")
    return generator.atom_str(pretty=True)


def feed(linked: LinkedSite) -> bytes:
    clsm = linked.site.referential
    entries = [meeting_entry(linked, m) for m in linked.site.meetings]
    # A fiche with no dated trace has no date to be listed by.
    entries += [_action_entry(linked, a) for a in linked.site.actions if a.id in linked.last_trace]
    return atom(
        linked,
        urls.FEED,
        f"{clsm.clsm_short_name} : comptes rendus et fiches actions",
        f"Les derniers comptes rendus et fiches actions du {clsm.clsm_name}",
        entries,
    )


def feed_files(linked: LinkedSite) -> list[GeneratedFile]:
    return [GeneratedFile(urls.FEED, feed(linked))]


def letter_feed_files(linked: LinkedSite) -> list[GeneratedFile]:
    found = linked.letters
    if not found:
        return []
    clsm = linked.site.referential
    entries = [
        dict(identity=f"lettres/{letter.id}", title=letter.title, published=letter.end if letter.end < linked.today else linked.today,
             updated=min(letter.end, linked.today), summary=letter.summary, page=urls.letter(letter.id))
        for letter in found
    ]
    feed = atom(linked, urls.LETTERS_FEED, f"{clsm.clsm_short_name} : lettre d'information", f"La lettre d'information du {clsm.clsm_name}", entries)
    return [GeneratedFile(urls.LETTERS_FEED, feed)]
