"""Calendar subscriptions: parsed back with icalendar, every event and field checked; identical bytes across builds."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest

from pathlib import Path

from conftest import AGENDA_FILES, BASE_FILES, MEETING, SITE_URL, assert_golden, project_config, run_mkdocs, shared_build, write_project

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = dt.timezone.utc


def events(build, path: str = "agenda.ics") -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical((build.site / path).read_bytes())
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_every_event_and_field(agenda_site):
    calendar = icalendar.Calendar.from_ical((agenda_site.site / "agenda.ics").read_bytes())
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    # Nothing in English: icalendar wrote « This timezone only works from 2021-01-01 to 2024-01-01. ».
    assert [tz.get("COMMENT") for tz in calendar.walk("VTIMEZONE")] == [None]
    found = events(agenda_site)
    expected = {
        "reunion-2021-02-19-groupe-enfance@clsm-test": dict(
            SUMMARY="Réunion du groupe enfance",
            DTSTART=dt.datetime(2021, 2, 19, 10, tzinfo=PARIS),
            DTEND=dt.datetime(2021, 2, 19, 12, tzinfo=PARIS),
            DTSTAMP=dt.datetime(2021, 2, 19, tzinfo=UTC),
            LOCATION="Visioconférence",
            DESCRIPTION="Réunion · Groupes thématiques\nCompte rendu publié sur le site.",
            URL=f"{SITE_URL}comptes-rendus/2021-02-19-groupe-enfance/",
        ),
        "prochaine-reunion-2021-02-19-groupe-enfance@clsm-test": dict(
            SUMMARY="Prochaine réunion\u00a0: Réunion du groupe enfance",
            DTSTART=dt.datetime(2022, 5, 10, 10, tzinfo=PARIS),
            DTEND=dt.datetime(2022, 5, 10, 12, tzinfo=PARIS),
            DTSTAMP=dt.datetime(2021, 2, 19, tzinfo=UTC),
            LOCATION="Visioconférence",
            DESCRIPTION="Prochaine réunion · Groupes thématiques",
            URL=f"{SITE_URL}comptes-rendus/2021-02-19-groupe-enfance/#prochaine-reunion",
        ),
        "reunion-2022-03-01-copil@clsm-test": dict(
            SUMMARY="Comité de pilotage",
            DTSTART=dt.date(2022, 3, 1),
            DTEND=dt.date(2022, 3, 2),
            DTSTAMP=dt.datetime(2022, 3, 1, tzinfo=UTC),
            LOCATION="Centre hospitalier de Jury",
            DESCRIPTION="Réunion · Comité de pilotage (COPIL)\nRelevé de conclusions publié sur le site.",
            URL=f"{SITE_URL}comptes-rendus/2022-03-01-copil/",
        ),
        "evenement-forum-reseau@clsm-test": dict(
            SUMMARY="Forum du réseau",
            DTSTART=dt.datetime(2022, 5, 12, 8, 30, tzinfo=PARIS),
            DTEND=dt.datetime(2022, 5, 12, 12, 30, tzinfo=PARIS),
            DTSTAMP=dt.datetime(2022, 5, 12, tzinfo=UTC),
            LOCATION="EPE 57",
            DESCRIPTION="Événement\nPrésentation du réseau aux partenaires.",
            URL=f"{SITE_URL}projets/reseau/",
        ),
    }
    # The undated COPIL announcement and the jalon known only to the month are not calendar events; nor is the draft.
    assert set(found) == set(expected)
    for uid, fields in expected.items():
        event = found[uid]
        for name, value in fields.items():
            actual = event.decoded(name)
            actual = actual.decode() if isinstance(actual, bytes) else actual
            assert actual == value, (uid, name, actual)
            if isinstance(value, dt.datetime) and value.tzinfo is PARIS:
                assert event[name].params["TZID"] == "Europe/Paris"


def test_one_calendar_per_instance_and_per_theme(agenda_site):
    assert set(events(agenda_site, "agenda/instance-copil.ics")) == {"reunion-2022-03-01-copil@clsm-test"}
    assert set(events(agenda_site, "agenda/instance-groupe-thematique.ics")) == {
        "reunion-2021-02-19-groupe-enfance@clsm-test",
        "prochaine-reunion-2021-02-19-groupe-enfance@clsm-test",
    }
    assert set(events(agenda_site, "agenda/thematique-enfance-parentalite.ics")) == {
        "reunion-2021-02-19-groupe-enfance@clsm-test",
        "prochaine-reunion-2021-02-19-groupe-enfance@clsm-test",
        "evenement-forum-reseau@clsm-test",
    }
    assert set(events(agenda_site, "agenda/thematique-logement.ics")) == {"reunion-2022-03-01-copil@clsm-test"}
    calendar = icalendar.Calendar.from_ical((agenda_site.site / "agenda/instance-copil.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "CLSM test – Comité de pilotage (COPIL)"


def test_drafts_never_reach_a_calendar(agenda_site):
    for path in agenda_site.site.rglob("*.ics"):
        content = path.read_bytes()
        assert b"secret" not in content.lower() and b"2022-03-20" not in content and b"20220601" not in content, path


def test_golden_calendar(agenda_site):
    assert_golden("agenda.ics", (agenda_site.site / "agenda.ics").read_bytes())


def _calendars_and_feeds(build) -> dict:
    return {p.relative_to(build.site): p.read_bytes() for p in sorted(build.site.rglob("*")) if p.suffix in (".ics", ".xml")}


def test_two_builds_give_identical_bytes_and_uids_survive_edits(agenda_site, build_site, tmp_path):
    files = {**AGENDA_FILES, "mkdocs.yml": project_config(f"site_url: {SITE_URL}\n")}
    # The same sources built by another process (another hash seed): the same calendars, feed and sitemap.
    write_project(tmp_path, {**BASE_FILES, **files})
    second = run_mkdocs(tmp_path, "--strict")
    assert second.returncode == 0, second.output
    calendars = _calendars_and_feeds(agenda_site)
    assert len([path for path in calendars if path.suffix == ".ics"]) > 3 and Path("flux.xml") in calendars
    assert _calendars_and_feeds(second) == calendars
    edited = MEETING.replace("Le groupe discute du réseau.", "Le groupe discute longuement du réseau.").replace(
        "titre: Réunion du groupe enfance", "titre: Groupe enfance (titre corrigé)"
    )
    third = build_site({**files, "minutes/2021-02-19-groupe-enfance.md": edited}, "--strict")
    assert set(events(third)) == set(events(second))
    assert str(events(third)["reunion-2021-02-19-groupe-enfance@clsm-test"]["SUMMARY"]) == "Groupe enfance (titre corrigé)"


@pytest.fixture(scope="module")
def without_site_url(tmp_path_factory):
    """The agenda's fixture site without ``site_url``, its fiche's step dated to the day (an event of
    its own): one build for the tests of both."""
    action = BASE_FILES["actions/reseau.md"].replace("  - date: 2021-02\n", "  - date: 2021-02-15\n")
    return shared_build(tmp_path_factory, "agenda-sans-url", lambda root: write_project(root, {**BASE_FILES, **AGENDA_FILES, "actions/reseau.md": action}))


def test_without_site_url_there_is_no_url_and_links_stay_relative(without_site_url):
    build = without_site_url
    assert all("URL" not in event for event in events(build).values())
    assert '<a href="../agenda.ics">' in build.html("agenda/index.html")
    assert '<a href="../agenda/instance-copil.ics">' in build.html("s-abonner/index.html")


def test_real_calendar_has_the_sessions_in_paris_time(real_site):
    found = events(real_site)
    bellecroix = found["evenement-sensibilisation-qpv-bellecroix@clsm-messin"]
    assert bellecroix.decoded("DTSTART") == dt.datetime(2022, 5, 10, 8, 30, tzinfo=PARIS)
    assert bellecroix.decoded("DTEND") == dt.datetime(2022, 5, 10, 12, 30, tzinfo=PARIS)
    assert str(bellecroix["LOCATION"]) == "Centre socioculturel Kairos (Metz Bellecroix)"
    sessions = [uid for uid in found if uid.startswith("evenement-sensibilisation-qpv-")]
    assert len(sessions) == 4


def test_a_step_of_a_fiche_is_not_said_a_step_twice(without_site_url):
    """A jalon's description names it (« Étape de la fiche action … »): its kind is not a line of its own above."""
    calendar = icalendar.Calendar.from_ical((without_site_url.site / "agenda.ics").read_bytes())
    steps = [event for event in calendar.walk("VEVENT") if str(event["SUMMARY"]) == "Réseau psypérinatalité\u00a0: Présentation au groupe"]
    assert [str(step["DESCRIPTION"]) for step in steps] == ["Étape de la fiche action «\u202fRéseau psypérinatalité\u202f» (faite)."]


def test_each_event_is_written_as_icalendar_writes_it():
    """Events are serialised without building an ``icalendar.Event`` (ics.event_lines): the bytes
    must stay those icalendar writes, escapes, parameters, property order and folding included."""
    from releve.model import AgendaItem, FuzzyDate, Place
    from releve.outputs import ics
    from releve.typography import french_text

    def reference(item: AgendaItem, zone: str, location: str | None, instance: str | None, url: str | None) -> bytes:
        event = icalendar.Event()
        event.add("uid", f"{item.uid}@clsm-test")
        event.add("dtstamp", dt.datetime.combine(item.stamp, dt.time(), UTC))
        day, hours = item.date.first_day, item.hours
        if hours is None:
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
        else:
            event.add("dtstart", dt.datetime.combine(day, hours[0], zoneinfo.ZoneInfo(zone)))
            if hours[1] is None:
                event.add("duration", ics.DEFAULT_DURATION)
            else:
                event.add("dtend", dt.datetime.combine(day, hours[1], zoneinfo.ZoneInfo(zone)))
        event.add("summary", french_text(item.title))
        if location:
            event.add("location", french_text(location))
        kind = item.kind.capitalize() + (f" · {instance}" if instance else "")
        lines = [] if item.description and item.description.startswith(kind) else [kind]
        if item.time_range and hours is None:
            lines.append(f"Horaire : {item.time_range}")
        if item.description:
            lines.append(item.description)
        event.add("description", "\n".join(map(french_text, lines)))
        if url:
            event.add("url", f"{url}comptes-rendus/x/#suite")
        return event.to_ical()

    texts = ["Réunion, bilan ; suite", "C:\\Nouveau \\N x", "ligne\nsuite\r\nfin", "« Santé » : " + "é" * 80, "x" * 73 + "\\" + "y" * 9, "^" * 80, "😀" * 30]
    checked = 0
    for number, text in enumerate(texts):
        for time_range in (None, "14h", "9h30-12h"):
            item = AgendaItem(
                uid=f"reunion-{number};,x", kind="réunion", title=text, date=FuzzyDate(2024, 3, 1 + number), time_range=time_range,
                place=Place(), description=texts[-1 - number], page="comptes-rendus/x.md", anchor="suite", instance="copil",
                themes=(), stamp=dt.date(2024, 2, 1),
            )
            for zone, location, instance, url in (("Europe/Paris", None, None, None), ("America/Argentina/Buenos_Aires", text, "Groupe ; projet", SITE_URL)):
                assert ics.event_lines(item, "clsm-test", zone, location, instance, url) == reference(item, zone, location, instance, url)
                checked += 1
    assert checked == 42
