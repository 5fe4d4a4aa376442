"""Fiche action pages (with « Mentionnée dans » backlinks) and the actions index by axe and statut."""

from __future__ import annotations

from .. import urls
from ..link import LinkedSite
from ..model import ActionSheet
from ..words import plural
from . import GeneratedPage, agree, paginate, render_page
from .directory import open_data_links
from .partenariale import action_network
from .timeline import RUNNING, Progress, action_timeline, progress


def action_page(linked: LinkedSite, action: ActionSheet) -> GeneratedPage:
    # The answered questions are the page's sections; the others fold into one block, with their hints.
    questions = linked.site.referential.questions
    answered = [(question, answer) for (question, _), answer in zip(questions, action.answers) if answer.strip()]
    unanswered = [(question, hint) for (question, hint), answer in zip(questions, action.answers) if not answer.strip()]
    decisions: dict[str, list] = {}
    for meeting, decision in linked.decisions_of_action.get(action.id, ()):
        decisions.setdefault(meeting.id, []).append(decision)
    return render_page(
        urls.action(action.id),
        "action.md.j2",
        site=linked,
        a=action,
        axis=next(axis for axis in linked.site.referential.axes if axis.number == action.axis),
        question_count=len(questions),
        answered=answered,
        unanswered=unanswered,
        to_complete=plural(len(unanswered), "question à compléter", "questions à compléter"),
        mentions=[(meeting, decisions.get(meeting.id, [])) for meeting in linked.meetings_of_action.get(action.id, ())],
        progress=progress(action) if measurable(action) else Progress(0, 0),
        timeline=action_timeline(linked, action),
        network=action_network(linked, action),
    )


def measurable(action: ActionSheet) -> bool:
    """A share of jalons done says how far a fiche is only when its jalons include what remains to
    do, or when it is over: « 1 sur 1 (100 %) » on a fiche still « en projet » would claim it is done."""
    return bool(action.milestones) and (action.status not in RUNNING or any(not m.done for m in action.milestones))


def action_pages(linked: LinkedSite) -> list[GeneratedPage]:
    return [action_page(linked, action) for action in linked.site.actions]


ACTIONS_PER_AXIS_ON_INDEX = 50
ACTIONS_PER_PAGE = 100
"""The projects index shows each axe's first fiches; the axe and statut pages list them all, 100
per page, so no page grows without bound."""


def status_title(status: str) -> str:
    """« Fiches actions réalisées », « Fiches actions en cours »: the statut agrees with the fiches."""
    return "Fiches actions " + (status if status.startswith("en ") else agree(2, status))


def index_pages(linked: LinkedSite) -> list[GeneratedPage]:
    by_status: dict[str, list[ActionSheet]] = {status: [] for status in linked.site.referential.statuses}
    by_axis: dict[int, list[ActionSheet]] = {axis.number: [] for axis in linked.site.referential.axes}
    for action in linked.site.actions:
        by_status[action.status].append(action)
        by_axis[action.axis].append(action)
    axes = [(axis, by_axis[axis.number]) for axis in linked.site.referential.axes]
    pages = [
        render_page(
            urls.ACTIONS,
            "actions_index.md.j2",
            site=linked,
            by_status=list(by_status.items()),
            by_axis=axes,
            shown=ACTIONS_PER_AXIS_ON_INDEX,
            open_data=open_data_links(linked, urls.ACTIONS),
        )
    ]

    def listing(uri: str, title: str, intro: str | None, items: list[ActionSheet]) -> list[GeneratedPage]:
        return [
            render_page(paged.uri, "actions_list.md.j2", site=linked, title=title, intro=intro, paged=paged)
            for paged in paginate(uri, items, ACTIONS_PER_PAGE)
        ]

    for status, items in by_status.items():
        pages += listing(urls.action_status(status), status_title(status), None, items)
    for axis, items in axes:
        pages += listing(urls.action_axis(axis.number), f"Axe {axis.number} – {axis.name}", axis.description, items)
    return pages
