"""Fiche action pages (with « Mentionnée dans » backlinks) and the actions index by axe and statut."""

from __future__ import annotations

from .. import urls
from ..link import LinkedSite
from ..model import QUESTIONS, STATUSES_ORDER, ActionSheet
from . import GeneratedPage, render
from .timeline import action_timeline, progress


def action_page(linked: LinkedSite, action: ActionSheet) -> GeneratedPage:
    decisions: dict[str, list] = {}
    for meeting, decision in linked.decisions_of_action.get(action.id, ()):
        decisions.setdefault(meeting.id, []).append(decision)
    markdown = render(
        "action.md.j2",
        site=linked,
        a=action,
        axis=next(axis for axis in linked.site.referential.axes if axis.number == action.axis),
        questions=[(question, hint, answer) for (question, hint), answer in zip(QUESTIONS, action.answers)],
        mentions=[(meeting, decisions.get(meeting.id, [])) for meeting in linked.meetings_of_action.get(action.id, ())],
        progress=progress(action),
        timeline=action_timeline(linked, action),
    )
    return GeneratedPage(urls.action(action.id), markdown)


def action_pages(linked: LinkedSite) -> list[GeneratedPage]:
    return [action_page(linked, action) for action in linked.site.actions]


def index_pages(linked: LinkedSite) -> list[GeneratedPage]:
    actions = linked.site.actions
    by_status = [(status, [a for a in actions if a.status == status]) for status in STATUSES_ORDER]
    by_axis = [(axis, [a for a in actions if a.axis == axis.number]) for axis in linked.site.referential.axes]
    pages = [GeneratedPage(urls.ACTIONS, render("actions_index.md.j2", site=linked, by_status=by_status, by_axis=by_axis))]
    for status, items in by_status:
        pages.append(
            GeneratedPage(urls.action_status(status), render("actions_list.md.j2", site=linked, title=f"Projets {status}", intro=None, actions=items))
        )
    for axis, items in by_axis:
        pages.append(
            GeneratedPage(
                urls.action_axis(axis.number),
                render("actions_list.md.j2", site=linked, title=f"Axe {axis.number} – {axis.name}", intro=axis.description, actions=items),
            )
        )
    return pages
