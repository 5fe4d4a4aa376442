"""Yearly bilans d'activité: every number is recounted here from the content files (front matter read by
the test, not by the engine) and compared with the built page and with its SVG charts parsed as XML."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import BASE_FILES, MEETING, TODAY, front_matter, inline_svgs, read_yaml, shared_build, write_project

NS = {"svg": "http://www.w3.org/2000/svg"}
STATUSES = ["en réflexion", "en projet", "en cours", "réalisée", "suspendue", "abandonnée"]
NO_THEME = "Sans thématique"

NEW_MEETING = """\
---
titre: Comité de pilotage de test
type: relevé de conclusions
date: 2021-11-05
instance: copil
thematiques: [logement]
participants:
  - nom: Zoé Inconnue
    fonction: directrice
    structure: epe-57
  - groupe: Membres du groupe de test
---
## Point unique

!!! decision
    Il est convenu de continuer.

!!! decision reseau
    Il est convenu de relancer le réseau.
"""
DRAFT_MEETING = NEW_MEETING.replace("titre: Comité de pilotage de test", "titre: Brouillon\nbrouillon: true").replace(
    "Zoé Inconnue", "Yves Brouillon"
)
DRAFT_ACTION = """\
---
titre: Fiche brouillon
axe: 3
statut: suspendue
debut: 2021
jalons:
  - date: 2021-03
    titre: Jalon brouillon
    fait: true
brouillon: true
---
"""


def year_of(value: object) -> int:
    return value.year if isinstance(value, dt.date) else int(str(value)[:4])


def published(root: Path, folder: str) -> list[tuple[dict, str]]:
    items = []
    for path in sorted((root / folder).glob("*.md")):
        data = front_matter(path)
        if not data.get("brouillon"):
            items.append((data, path.read_text(encoding="utf-8").split("---", 2)[2]))
    return items


def traces(root: Path, stem: str, action: dict, today: dt.date) -> list[int]:
    """The years of a fiche's dated traces up to today: its « debut », a jalon done or a meeting
    that lists it or decides about it."""
    found = [year_of(action["debut"])] if "debut" in action else []
    found += [year_of(j["date"]) for j in action.get("jalons", ()) if j.get("fait")]
    found += [
        year_of(m["date"])
        for m, body in published(root, "minutes")
        if stem in m.get("actions", ()) or re.search(rf"^!!! decision .*\b{re.escape(stem)}\b", body, flags=re.M)
    ]
    return [year for year in found if year <= today.year]


def first_year(root: Path, stem: str, action: dict, today: dt.date) -> int:
    """Its « debut », else its first dated trace: a fiche no source dates from its start."""
    return year_of(action["debut"]) if "debut" in action else min(traces(root, stem, action, today))


def last_year(root: Path, stem: str, action: dict, today: dt.date) -> int:
    """The last year a fiche is known to go on: its « fin », else its last dated trace up to today
    (never today by default)."""
    if "fin" in action:
        return year_of(action["fin"])
    return max(traces(root, stem, action, today))


def expected_years(root: Path, today: dt.date) -> set[int]:
    years = {year_of(m["date"]) for m, _ in published(root, "minutes")}
    years |= {year_of(j["date"]) for a, _ in published(root, "actions") for j in a.get("jalons", ())}
    if (root / "historique.yaml").is_file():
        history = read_yaml((root / "historique.yaml").read_text(encoding="utf-8"))
        for item in history.get("historique", ()):
            years |= set(range(year_of(item["date"]), year_of(item.get("fin", item["date"])) + 1))
        years |= {year_of(item["date"]) for item in history.get("chiffres", ())}
    if (root / "evenements.yaml").is_file():
        events = read_yaml((root / "evenements.yaml").read_text(encoding="utf-8"))
        years |= {year_of(item["date"]) for item in events.get("evenements") or ()}
        years |= {item["annee"] for item in events.get("sism") or ()}
    return {year for year in years if year <= today.year}


def expected_report(root: Path, year: int, today: dt.date) -> dict:
    referential = read_yaml((root / "referentiel.yaml").read_text(encoding="utf-8"))
    instances = {i["id"]: i["nom"] for i in referential["instances"]}
    themes = {t["id"]: t["nom"] for t in referential["thematiques"]} | {NO_THEME: NO_THEME}
    axes = {a["numero"]: f"Axe {a['numero']} – {a['nom']}" for a in referential["axes"]} | {None: "Axe non renseigné"}
    meetings = [(m, body) for m, body in published(root, "minutes") if year_of(m["date"]) == year]
    stems = [path.stem for path in sorted((root / "actions").glob("*.md")) if not front_matter(path).get("brouillon")]
    actions = [a for (a, _), stem in zip(published(root, "actions"), stems) if first_year(root, stem, a, today) <= year <= last_year(root, stem, a, today)]
    jalons = [j for a, _ in published(root, "actions") for j in a.get("jalons", ()) if year_of(j["date"]) == year]
    report = {
        "instances": {instances[k]: v for k, v in Counter(m["instance"] for m, _ in meetings).items()},
        "thematiques": {themes[k]: v for k, v in Counter(t for m, _ in meetings for t in m.get("thematiques") or [NO_THEME]).items()},
        # A statut is today's: only the current year's bilan counts by statut.
        "statuts": dict(Counter(a.get("statut", "statut non renseigné") for a in actions)) if year == today.year else {},
        "axes": {axes[k]: v for k, v in Counter(a.get("axe") for a in actions).items()},
    }
    if meetings:  # a year without minutes shows no row of zeros
        report["Comptes rendus publiés"] = len(meetings)
        report["Structures représentées"] = len({p["structure"] for m, _ in meetings for p in m.get("participants", ()) if "structure" in p})
        report["Participations"] = sum(len(m.get("participants", ())) for m, _ in meetings)
        report["Décisions prises"] = sum(len(re.findall(r"^!!! decision\b", body, flags=re.M)) for _, body in meetings)
    if jalons:
        report["Étapes réalisées"] = f"{sum(1 for j in jalons if j.get('fait'))} sur {len(jalons)}"
    events = read_yaml((root / "evenements.yaml").read_text(encoding="utf-8")).get("evenements") or [] if (root / "evenements.yaml").is_file() else []
    if held := sum(1 for event in events if year_of(event["date"]) == year):
        report["Événements à l'agenda"] = held
    return report


def chart_rows(chart) -> dict[str, int]:
    rows = {}
    for bar in chart.findall("svg:g[@class='releve-barre']", NS):
        label, value = (text.text for text in bar.findall("svg:text", NS))
        rows[label] = int(value)
    return rows


def table_rows(page: str, header: str) -> dict[str, int]:
    table = re.search(rf"<th>{header}</th>.*?</table>", page, flags=re.S)
    if not table:
        return {}
    cells = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td[^>]*>(\d+)</td>\s*</tr>", table.group(0), flags=re.S)
    return {html.unescape(name): int(value) for name, value in cells}


def built_report(build, year: int) -> dict:
    page = build.html(f"bilan/{year}/index.html")
    text = html.unescape(page)
    report: dict = {}
    charts = inline_svgs(page)
    for key, header in (("instances", "Instance"), ("thematiques", "Thématique"), ("statuts", "Statut"), ("axes", "Axe")):
        chart = charts.get(f"bilan-{year}-{key}")
        report[key] = chart_rows(chart) if chart is not None else {}
        assert report[key] == table_rows(page, header), (year, key)  # the table says what the chart draws
        if chart is not None:
            assert chart.find("svg:title", NS).text and chart.find("svg:desc", NS).text
    # Each figure is shown once: the tables are the charts' text alternative, folded.
    assert page.count('<details class="releve-tableau">') == len([c for c in charts if c and c.startswith("bilan-")])
    for key, value in re.findall(r"<strong>([^<]+)</strong> : (\d+(?: sur \d+)?)", text):
        report[key] = value if " sur " in value else int(value)
    return report


def test_every_real_bilan_matches_the_content(real_site):
    today = dt.date.fromisoformat(TODAY)
    root = real_site.root
    years = expected_years(root, today)
    assert {2015, 2017, 2019, 2020, 2021, 2022} <= years
    assert {int(path.name) for path in (real_site.site / "bilan").iterdir() if path.is_dir()} == years
    for year in sorted(years):
        assert built_report(real_site, year) == expected_report(root, year, today), year
    index = real_site.html("bilan/index.html")
    assert all(f'href="../bilan/{year}/"' in index or f'href="{year}/"' in index for year in years)
    assert 'href="../bilan/2021/"' in real_site.html("avancement/index.html")


def test_seed_figures_on_their_year(real_site):
    page = html.unescape(re.sub(r"<[^>]+>", "", real_site.html("bilan/2019/index.html")))
    assert "19 partenaires, 9 événements, 250 partenaires" in page
    assert "5 sessions, 100 participants" in page
    assert "7 partenaires, 6 événements, 200 participants" in html.unescape(real_site.html("bilan/2017/index.html"))


@pytest.fixture(scope="module")
def grown_site(tmp_path_factory):
    """The fixture site plus a COPIL of November 2021, a draft meeting and a draft fiche of the same
    month, and a meeting of January 2020: one build for the tests of what each adds, or not."""
    files = {
        **BASE_FILES,
        "minutes/2021-11-05-copil.md": NEW_MEETING,
        "minutes/2021-11-05-brouillon.md": DRAFT_MEETING,
        "actions/brouillon.md": DRAFT_ACTION,
        "minutes/2020-01-10-copil.md": MEETING.replace("2021-02-19", "2020-01-10"),
    }
    return shared_build(tmp_path_factory, "bilans", lambda root: write_project(root, files))


def test_adding_a_meeting_changes_the_figures(base_site, grown_site):
    today = dt.date.fromisoformat(TODAY)
    before = built_report(base_site, 2021)
    after_build = grown_site
    after = built_report(after_build, 2021)
    assert after == expected_report(after_build.root, 2021, today)
    # One more meeting in 2021, not two: the draft of the same day counts for nothing.
    assert after["Comptes rendus publiés"] == before["Comptes rendus publiés"] + 1
    assert after["Participations"] == before["Participations"] + 2
    assert after["Structures représentées"] == before["Structures représentées"] + 1
    assert after["Décisions prises"] == before["Décisions prises"] + 2
    assert after["instances"] == {**before["instances"], "Comité de pilotage (COPIL)": 1}
    assert after["thematiques"]["Logement et santé mentale"] == 1


def test_people_are_counted_never_listed(grown_site, real_site):
    for site, root in ((grown_site, grown_site.root), (real_site, real_site.root)):
        names = {p[key] for m, _ in published(root, "minutes") for p in m.get("participants", ()) for key in ("nom", "groupe") if key in p}
        assert names
        for page in (site.site / "bilan").rglob("*.html"):
            text = html.unescape(page.read_text(encoding="utf-8"))
            assert not [name for name in names if name in text], page


def test_drafts_are_never_counted(grown_site):
    today = dt.date.fromisoformat(TODAY)
    with_drafts = built_report(grown_site, 2021)
    assert with_drafts == expected_report(grown_site.root, 2021, today)  # from the published files only
    assert "Yves Brouillon" not in grown_site.html("bilan/2021/index.html")
    assert "suspendue" not in with_drafts["statuts"]


def test_a_site_without_history_has_bilans_of_its_meetings_and_jalons(grown_site):
    build = grown_site
    assert sorted(path.name for path in (build.site / "bilan").iterdir() if path.is_dir()) == ["2020", "2021"]
