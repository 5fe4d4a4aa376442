"""Fiche action pages (their jalons and meetings on one frise, then their decisions) and the actions index by statut and axe."""

from __future__ import annotations

from .. import urls
from ..link import LinkedSite
from ..model import ActionSheet
from ..text import first_upper, quoted
from ..words import plural
from . import GeneratedPage, Head, agree, description, first_sentence, paginate, render_page
from .directory import open_data_links
from .meeting_lists import meeting_list_pages
from .meetings import ACTIONS_ON_THEME_PAGE
from .partenariale import action_network
from .timeline import action_timeline


MEETINGS_ON_ACTION_PAGE = 10
DECISIONS_ON_ACTION_PAGE = 20
"""A fiche's page shows the ten latest meetings that discussed it (on its frise, with every jalon)
and its twenty latest decisions: a fiche discussed at every COPIL for twenty years stays a page a
phone loads. All of them are on the pages of its meetings (``views/meeting_lists.py``)."""


def action_head(linked: LinkedSite, action: ActionSheet) -> Head:
    """« … – Fiche action », described by its axe, its statut and the first sentence of its first
    question (« Quoi ? ») when answered: a meeting may bear the fiche's title."""
    axis = next((axis for axis in linked.site.referential.axes if axis.number == action.axis), None)
    kind = f"Fiche action {action.status}" if action.status else "Fiche action"
    where = f", axe {axis.number} {quoted(axis.name)}" if axis is not None else ""
    what = first_sentence(action.answers[0]) if action.answers and action.answers[0].strip() else None
    return Head(f"{action.title} – Fiche action", description(f"{kind}{where}.", what))


def action_page(linked: LinkedSite, action: ActionSheet) -> GeneratedPage:
    # The answered questions are the page's sections; the others fold into one block, with their hints.
    questions = linked.site.referential.questions
    answered = [(question, answer) for (question, _), answer in zip(questions, action.answers) if answer.strip()]
    unanswered = [(question, hint) for (question, hint), answer in zip(questions, action.answers) if not answer.strip()]
    # The meetings are in the fiche's frise (with its jalons); its decisions are listed once, by meeting.
    meetings = linked.meetings_of_action.get(action.id, ())
    all_decisions = linked.decisions_of_action.get(action.id, ())
    decisions = _by_meeting(all_decisions[-DECISIONS_ON_ACTION_PAGE:])
    return render_page(
        urls.action(action.id),
        "action.md.j2",
        head=action_head(linked, action),
        site=linked,
        a=action,
        axis=next((axis for axis in linked.site.referential.axes if axis.number == action.axis), None),
        question_count=len(questions),
        answered=answered,
        unanswered=unanswered,
        to_complete=plural(len(unanswered), "question à compléter", "questions à compléter"),
        decisions=[(linked.meetings[meeting_id], items) for meeting_id, items in decisions.items()],
        progress=linked.progress.get(action.id),
        timeline=action_timeline(linked, action, meetings[-MEETINGS_ON_ACTION_PAGE:]),
        meeting_count=len(meetings),
        meetings_shown=MEETINGS_ON_ACTION_PAGE,
        decision_count=len(all_decisions),
        decisions_shown=DECISIONS_ON_ACTION_PAGE,
        all_meetings=urls.action_meetings(action.id) if _shows_only_the_latest(meetings, all_decisions) else None,
        network=action_network(linked, action),
    )


def _by_meeting(found) -> dict[str, list]:
    """Decisions (``(meeting, decision)`` pairs, in date order) grouped by the id of their meeting."""
    decisions: dict[str, list] = {}
    for meeting, decision in found:
        decisions.setdefault(meeting.id, []).append(decision)
    return decisions


def _shows_only_the_latest(meetings, decisions) -> bool:
    """Whether a fiche's page leaves out some of its meetings or decisions (they then have their list)."""
    return len(meetings) > MEETINGS_ON_ACTION_PAGE or len(decisions) > DECISIONS_ON_ACTION_PAGE


def action_meeting_pages(linked: LinkedSite, action: ActionSheet) -> list[GeneratedPage]:
    """Every meeting that discussed the fiche, with its decisions on it: only when its page cannot show them all."""
    meetings = linked.meetings_of_action.get(action.id, ())
    found = linked.decisions_of_action.get(action.id, ())
    if not _shows_only_the_latest(meetings, found):
        return []
    subject = ("où la fiche action", action.title, urls.action(action.id), "a été abordée")
    return meeting_list_pages(linked, urls.action_meetings(action.id), f"Réunions – {action.title}", subject, meetings, _by_meeting(found))


def action_pages(linked: LinkedSite) -> list[GeneratedPage]:
    pages = [action_page(linked, action) for action in linked.site.actions]
    return pages + [page for action in linked.site.actions for page in action_meeting_pages(linked, action)]


ACTIONS_PER_AXIS_ON_INDEX = 50
ACTIONS_PER_PAGE = 100
"""The projects index shows each axe's first fiches; the axe, statut and thématique lists show them
all, 100 per page, so no page grows without bound."""


def status_title(status: str | None) -> str:
    """« Fiches actions réalisées », « Fiches actions en cours »: the statut agrees with the fiches."""
    if status is None:
        return "Fiches actions dont le statut n'est pas renseigné"
    return "Fiches actions " + (status if status.startswith("en ") else agree(2, status))


def index_pages(linked: LinkedSite) -> list[GeneratedPage]:
    by_status: dict[str | None, list[ActionSheet]] = {status: [] for status in (*linked.site.referential.statuses, None)}
    by_axis: dict[int | None, list[ActionSheet]] = {axis.number: [] for axis in linked.site.referential.axes} | {None: []}
    for action in linked.site.actions:
        by_status[action.status].append(action)
        by_axis[action.axis].append(action)
    if not by_status[None]:
        del by_status[None]  # every fiche has its statut: no list « non renseigné »
    axes = [(axis, by_axis[axis.number]) for axis in linked.site.referential.axes]
    pages = [
        render_page(
            urls.ACTIONS,
            "actions_index.md.j2",
            site=linked,
            by_status=list(by_status.items()),
            by_axis=[(axis, items) for axis, items in axes if items],
            empty_axes=[axis for axis, items in axes if not items],
            no_axis=by_axis[None],
            shown=ACTIONS_PER_AXIS_ON_INDEX,
            open_data=open_data_links(linked, urls.ACTIONS),
        )
    ]

    def listing(uri: str, title: str, intro: str | None, items: list[ActionSheet], empty: str = "") -> list[GeneratedPage]:
        """``empty``: what the list says when it has no fiche (lists made only when they have some need none)."""
        listed = plural(len(items), "fiche action", "fiches actions") if items else empty
        head = Head(description=description(f"{title} : {listed}.", intro and first_upper(intro)))
        return [
            render_page(paged.uri, "actions_list.md.j2", head=head, site=linked, title=title, intro=intro, paged=paged, empty=empty)
            for paged in paginate(uri, items, ACTIONS_PER_PAGE)
        ]

    # An empty list says what it lacks: « aucune fiche action publiée » on the page of a statut or
    # an axe read as if the CLSM published none, on a site with a dozen.
    for status, items in by_status.items():
        pages += listing(urls.action_status(status), status_title(status), None, items, "aucune fiche action n'a ce statut pour l'instant")
    for axis, items in axes:
        empty = "aucune fiche action n'est rattachée à cet axe pour l'instant"
        pages += listing(urls.action_axis(axis.number), f"Axe {axis.number} – {axis.name}", axis.description, items, empty)
    if by_axis[None]:
        intro = "aucune source ne dit encore à quel axe stratégique ces fiches se rattachent."
        pages += listing(urls.action_axis(None), "Fiches actions dont l'axe n'est pas renseigné", intro, by_axis[None])
    for theme in linked.site.referential.themes:
        items = list(linked.actions_of_theme.get(theme.id, ()))
        if len(items) > ACTIONS_ON_THEME_PAGE:
            pages += listing(urls.theme_actions(theme.id), f"Fiches actions – {theme.name}", None, items)
    return pages
