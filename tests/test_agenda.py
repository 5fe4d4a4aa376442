"""The agenda page: upcoming then past by month, undated announcements kept, « today » as a build input; events file."""

from __future__ import annotations

import datetime as dt
import re
from textwrap import dedent

import pytest

from conftest import AGENDA_FILES, BASE_FILES, MEETING
from releve.hours import time_range
from releve.text import without_full_stop

AGENDA = "agenda/index.html"
COPIL = "minutes/2022-03-01-copil.md"
EVENTS = "evenements.yaml"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def section(html: str, title: str, following: str | None) -> str:
    start = html.index(f">{title}<")
    return html[start : html.index(f">{following}<", start)] if following else html[start:]


def test_upcoming_first_then_past_by_month(agenda_site):
    html = agenda_site.html(AGENDA)
    upcoming = text_of(section(html, "À venir", "Passé"))
    past = text_of(section(html, "Passé", None))
    # Undated announcement of the latest COPIL, shown as written, its full stop left out before the
    # line goes on (« en mai. · annoncée » read as a slip).
    assert "Date à fixer — Prochaine réunion : Comité de pilotage : Réunion bilan à programmer en mai · annoncée le 1er mars 2022" in upcoming
    assert upcoming.index("Mai 2022") < upcoming.index("Mardi 10 mai 2022 , 10h-12h") < upcoming.index("Jeudi 12 mai 2022 , 8h30-12h30")
    assert "Forum du réseau" in upcoming and "Lieu : EPE 57" in upcoming and "Présentation du réseau aux partenaires." in upcoming
    assert "Prochaine réunion : Réunion du groupe enfance" in upcoming
    # Past: newest month first; the month-precision jalon stays on the page.
    months = re.findall(r"<h3 id=\"[^\"]*\">([^<]+)<", section(html, "Passé", None))
    assert months == ["Mars 2022", "Février 2021"]
    assert "Mardi 1er mars 2022 — Comité de pilotage" in past
    assert "Février 2021 — Réseau psypérinatalité : Présentation au groupe · étape" in past
    assert "Vendredi 19 février 2021 , 10h-12h — Réunion du groupe enfance" in past
    assert "secret" not in html.casefold() and "Prochaine-secrete" not in html


def test_the_home_page_shows_the_first_dates_of_the_agenda(agenda_site, real_site):
    agenda = re.findall(r"<li>\s*(?:<p>)?<strong>(.*?)</li>", section(agenda_site.html(AGENDA), "À venir", "À programmer"), re.S)
    home = agenda_site.html("index.html")
    coming = section(home, "À venir", "Derniers comptes rendus")
    shown = re.findall(r"<li>\s*(?:<p>)?<strong>(.*?)</li>", coming, re.S)
    # The agenda's first three, as it writes them (links made relative to the home page), events
    # included, their places too; their descriptions are left to the agenda, for a phone's first screens.
    description = "Présentation du réseau aux partenaires."
    assert description in text_of(agenda[1]) and description not in text_of(coming)
    assert [text_of(item) for item in shown] == [text_of(item).replace(f" {description}", "") for item in agenda[:3]]
    assert "Forum du réseau" in text_of(coming) and "Lieu : EPE 57" in text_of(coming) and 'href="projets/' in coming
    assert len(shown) == len(agenda) == 2 and "Tout l'agenda . <h2" in text_of(coming)
    # Beyond three, how many more the agenda has.
    coming = section(real_site.html("index.html"), "À venir", "Derniers comptes rendus")
    assert coming.count("<strong>") == 3 and "Tout l'agenda : 2 autres à venir." in text_of(coming)


def test_links_to_calendars_decisions_and_follow_up(agenda_site):
    html = agenda_site.html(AGENDA)
    assert '<a href="https://clsm.example.org/site/agenda.ics">télécharger</a>' in html
    assert '<a href="webcal://clsm.example.org/site/agenda.ics">s\'abonner</a>' in html
    assert 'href="../decisions/"' in html and 'href="../suivi/"' in html
    # The other calendars and how to subscribe: on the page « S'abonner », linked from the agenda.
    assert 'href="../s-abonner/"' in html
    subscribe = agenda_site.html("s-abonner/index.html")
    assert "https://clsm.example.org/site/agenda/instance-copil.ics" in subscribe
    assert "https://clsm.example.org/site/agenda/thematique-logement.ics" in subscribe
    assert "Outlook" in subscribe and "Thunderbird" in subscribe


def test_today_is_a_build_input(base_site, build_site):
    assert "Mardi 10 mai 2022" in text_of(section(base_site.html(AGENDA), "À venir", "Passé"))  # built on 2022-04-01
    after = build_site({}, "--strict", today="2022-06-01")
    html = after.html(AGENDA)
    assert "Aucune réunion ni aucun événement n'est annoncé au 1er juin 2022." in text_of(section(html, "À venir", "Passé"))
    assert "Mardi 10 mai 2022" in text_of(section(html, "Passé", None))
    # The home page too, then nothing to come: said, with the agenda linked.
    assert "Mardi 10 mai 2022" in text_of(section(base_site.html("index.html"), "À venir", "Derniers comptes rendus"))
    nothing = text_of(section(after.html("index.html"), "À venir", "Derniers comptes rendus"))
    assert "Aucune réunion ni aucun événement n'est annoncé pour le moment : voir l' agenda ." in nothing


def test_the_home_page_points_to_the_meetings_to_schedule_when_none_is_dated(build_site):
    # Only the COPIL's undated announcement is left to come: the home page says where to find it.
    build = build_site({COPIL: AGENDA_FILES[COPIL]}, "--strict", today="2022-06-01")
    assert build.returncode == 0, build.output
    coming = text_of(section(build.html("index.html"), "À venir", "Derniers comptes rendus"))
    assert "Aucune date n'est encore fixée : voir les réunions à programmer dans l' agenda ." in coming
    assert "Réunion bilan à programmer en mai" in text_of(section(build.html(AGENDA), "À programmer", "Passé"))


def test_only_a_sentence_s_own_full_stop_is_left_out_before_the_line_goes_on():
    assert without_full_stop("Réunion bilan en mai.") == "Réunion bilan en mai"
    for kept in ("Bilan, perspectives, etc.", "À suivre...", "À suivre…", "Sans point"):
        assert without_full_stop(kept) == kept


def test_undated_announcement_of_an_older_meeting_is_not_upcoming(build_site):
    later = MEETING.replace("2021-02-19", "2022-03-20").replace("instance: groupe thématique", "instance: copil")
    build = build_site({**AGENDA_FILES, "minutes/2022-03-20-copil.md": later}, "--strict")
    assert build.returncode == 0, build.output
    html = build.html(AGENDA)
    assert "Réunion bilan à programmer en mai" not in section(html, "À venir", "Passé")
    assert "Réunion bilan à programmer en mai" in section(html, "Réunions annoncées sans date", None)


def test_the_events_file_is_optional(base_site):
    assert "evenements.yaml" not in BASE_FILES
    assert "Forum" not in base_site.html(AGENDA)


@pytest.mark.parametrize(
    "files, expected",
    [
        (
            {EVENTS: AGENDA_FILES[EVENTS].replace("lieu: epe-57", "lieu: epe-75")},
            "evenements.yaml:6: structure inconnue : « epe-75 » (vouliez-vous dire « epe-57 » ?)",
        ),
        (
            {EVENTS: AGENDA_FILES[EVENTS].replace("actions: [reseau]", "actions: [reseaux]")},
            "evenements.yaml:7: fiche action inconnue : « reseaux » (vouliez-vous dire « reseau » ?)",
        ),
        (
            {EVENTS: AGENDA_FILES[EVENTS].replace("    date: 2022-05-12", "    date: 2022-05-32")},
            "evenements.yaml:4: « evenements[1].date » : la date « 2022-05-32 » n'existe pas",
        ),
        (
            {EVENTS: AGENDA_FILES[EVENTS].replace("    titre:", "    titr:")},
            "evenements.yaml:3: clé inconnue « titr » dans « evenements[1] » (vouliez-vous dire « titre » ?)",
        ),
        (
            {EVENTS: AGENDA_FILES[EVENTS].replace("id: forum-reseau", "id: Forum Réseau")},
            "evenements.yaml:2: identifiant « Forum Réseau » invalide : lettres minuscules sans accents, chiffres et tirets (vouliez-vous dire « forum-reseau » ?)",
        ),
        (
            {EVENTS: dedent(AGENDA_FILES[EVENTS]) + dedent(AGENDA_FILES[EVENTS]).split("evenements:\n", 1)[1]},
            "evenements.yaml:9: identifiant « forum-reseau » en double (déjà utilisé à la ligne 2)",
        ),
        (
            {COPIL: AGENDA_FILES[COPIL].replace('"Paul Exemple"', '"Paul Exmple"')},
            "minutes/2022-03-01-copil.md:20: « !!! engagement » : « Paul Exmple » ne figure pas parmi les participants de la réunion (vouliez-vous dire « Paul Exemple » ?)",
        ),
    ],
    ids=["unknown place", "unknown action", "impossible date", "unknown key", "bad id", "duplicate id", "unknown person"],
)
def test_agenda_sources_are_validated_with_file_and_line(build_site, files, expected):
    build = build_site({**AGENDA_FILES, **files})
    assert build.returncode != 0, build.output
    assert expected in build.output, build.output
    assert "Traceback" not in build.output


@pytest.mark.parametrize(
    "text, expected",
    [
        ("10h-12h", (dt.time(10), dt.time(12))),
        ("8h30-12h30", (dt.time(8, 30), dt.time(12, 30))),
        ("de 13h30 à 17h30", (dt.time(13, 30), dt.time(17, 30))),
        ("14h", (dt.time(14), None)),
        ("matinée", None),
        ("25h-26h", None),
        (None, None),
    ],
)
def test_time_ranges_as_coordinators_write_them(text, expected):
    assert time_range(text) == expected


def test_real_agenda_has_the_four_sensibilisation_sessions(real_site):
    text = text_of(real_site.html(AGENDA))
    for session in (
        "Mardi 10 mai 2022 , 8h30-12h30 — Sensibilisation en santé mentale dans les QPV – Metz Bellecroix",
        "Mardi 10 mai 2022 , 13h30-17h30 — Sensibilisation en santé mentale dans les QPV – Metz Borny",
        "Jeudi 12 mai 2022 , 8h30-12h30 — Sensibilisation en santé mentale dans les QPV – Woippy",
        "Jeudi 12 mai 2022 , 13h30-17h30 — Sensibilisation en santé mentale dans les QPV – Metz Nord",
    ):
        assert session in text
    assert "Réunion bilan à programmer en mai" in text


def _month_markdown(items) -> str:
    """A month's items as agenda.md.j2 wrote them before they became a fragment: « - » lines a blank line apart."""
    lines = []
    for i in items:
        lines.append(f"- **Janvier 2026** — [{i.title}](x.md) · *{i.kind}*\n")
        if i.place.text:
            lines.append(f"\n    Lieu : {i.place.text}\n")
        if i.description:
            lines.append(f"\n    {i.description}\n")
        lines.append("\n")
    return "".join(lines)


@pytest.mark.parametrize(
    "shapes",
    [["bare"], ["place"], ["note"], ["bare", "bare"], ["bare", "place", "note"], ["place", "bare"]],
    ids=lambda shapes: "+".join(shapes),
)
def test_a_month_is_the_html_python_markdown_wrote_from_its_lines(shapes):
    """The agenda's months are fragments: the same HTML as Python-Markdown made of the page's lines,
    for a month of one item (one line: no paragraph) and of several."""
    import markdown
    from types import SimpleNamespace

    from releve.model import AgendaItem, FuzzyDate, Place
    from releve.views import template_macros

    items = [
        AgendaItem(
            uid=str(n), kind="réunion", title=f"réunion {n}", date=FuzzyDate(2026, 1, None), time_range=None,
            place=Place(text="Metz" if shape == "place" else None), description="Une note." if shape == "note" else None,
            page="comptes-rendus/x.md", anchor=None, instance=None, themes=(), stamp=dt.date(2026, 1, 1),
        )
        for n, shape in enumerate(shapes)
    ]
    fragment = str(template_macros("agenda.html.j2").month_items(items, SimpleNamespace(instances={}, structures={})))
    expected = markdown.markdown(_month_markdown(items))
    assert re.sub(r'href="[^"]*"', "", fragment) == re.sub(r'href="[^"]*"', "", expected)
