"""The « Avancement » page (frise, Gantt overview, key figures) and the progress shown on each fiche action.

Expectations are read from the content files by the test itself (YAML front matter, historique.yaml)
and French dates are written with babel here, independently of the engine's own helpers.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from babel.dates import format_date, format_skeleton
from babel.numbers import format_percent

from conftest import MEETING, SAMPLE_SITE, assert_golden, content_problems, front_matter

AVANCEMENT = "avancement/index.html"
FRISE = "avancement/frise/index.html"
"""The frise has pages of its own; the overview keeps the counts, the chart and the key figures."""
STATUSES = ["en réflexion", "en projet", "en cours", "réalisée", "suspendue", "abandonnée"]
RUNNING = {"en réflexion", "en projet", "en cours"}
HISTORY = "historique.yaml"
HISTORY_FIXTURE = """\
# Historique de test
historique:
  - date: 2015
    fin: 2016
    categorie: étape
    titre: Phase de préfiguration
  - date: 2016
    quand: fin 2016
    categorie: étape
    titre: Lancement de la démarche
  - date: 2017-02
    categorie: instance
    instance: copil
    titre: Comité de pilotage
  - date: 2019-10
    categorie: contribution
    titre: Journée <b>test</b> & *étoiles*
    axe: 1
    thematiques: [logement]
chiffres:
  - date: 2019
    titre: SISM 2019
    action: reseau
    valeurs:
      - nombre: 19
        libelle: partenaires
      - nombre: 250
        libelle: partenaires
        note: tel quel dans la source
"""
DRAFT_ACTION = """\
---
titre: Fiche brouillon secrète
axe: 1
statut: en projet
debut: 2020
jalons:
  - date: 2020-05
    titre: Jalon brouillon secret
brouillon: true
---
"""
SECOND_ACTION = """\
---
titre: Logement accompagné
axe: 1
thematiques: [logement]
statut: réalisée
debut: 2017-05
fin: 2020-02
jalons:
  - date: 2018-11
    titre: Convention signée
    fait: true
  - date: 2023
    titre: Nouvelle convention
---
"""
TIMELINE_FILES = {
    HISTORY: HISTORY_FIXTURE,
    "actions/brouillon.md": DRAFT_ACTION,
    "actions/logement.md": SECOND_ACTION,
    "minutes/2021-06-01-reunion-brouillon.md": MEETING.replace("date: 2021-02-19", "date: 2021-06-01").replace(
        "titre: Réunion du groupe enfance", "titre: Réunion brouillon secrète\nbrouillon: true"
    ),
}


def french(value: object) -> tuple[str, str]:
    """(ISO form, French text as precise as the source) of a YAML date: 2019, "2019-10" or a date."""
    if isinstance(value, dt.date):
        # French writes the first of the month as an ordinal: « 1er mars 2022 ».
        return value.isoformat(), format_date(value, format="d'er' MMMM y" if value.day == 1 else "d MMMM y", locale="fr_FR")
    parts = [int(part) for part in str(value).split("-")]
    if len(parts) == 1:
        return str(parts[0]), str(parts[0])
    return str(value), format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale="fr_FR")


def entries(page: str) -> list[tuple[str, str, str]]:
    """Each frise entry as (datetime attribute, displayed date, plain text of the whole line)."""
    found = []
    for attrs, body in re.findall(r'<li class="releve-frise__([^"]*"[^>]*)>(.*?)</li>', page, flags=re.S):
        stamp = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', body)
        text = html.unescape(re.sub(r"<[^>]+>", "", body))
        found.append((stamp.group(1), html.unescape(stamp.group(2)), text))
    return found


def at(found: list[tuple[str, str, str]], iso: str, words: str) -> bool:
    return any(stamp == iso and words.casefold() in text.casefold() for stamp, _, text in found)


def published(folder: str) -> list[dict]:
    return [data for path in sorted((SAMPLE_SITE / folder).glob("*.md")) if not (data := front_matter(path)).get("brouillon")]


def test_every_dated_item_of_the_history_file_is_on_the_frise_at_its_date(real_site):
    found = entries(real_site.html(FRISE))
    history = yaml.safe_load((SAMPLE_SITE / HISTORY).read_text(encoding="utf-8"))
    assert history["historique"]
    for item in history["historique"]:
        iso, text = french(item["date"])
        if "fin" in item:
            text += " – " + french(item["fin"])[1]
        shown = item.get("quand", text)
        assert any(stamp == iso and when == shown and item["titre"] in line for stamp, when, line in found), item


def test_every_meeting_and_every_jalon_is_on_the_frise(real_site):
    found = entries(real_site.html(FRISE))
    meetings = published("minutes")
    assert meetings
    for meeting in meetings:
        iso, text = french(meeting["date"])
        assert (iso, text) in {(stamp, when) for stamp, when, _ in found}
        assert at(found, iso, meeting["titre"]), meeting["titre"]
    jalons = [jalon for action in published("actions") for jalon in action.get("jalons", ())]
    assert len(jalons) > 10
    for jalon in jalons:
        assert at(found, french(jalon["date"])[0], jalon["titre"]), jalon


SEED_003 = [
    ("2015", "préfiguration"), ("2016", "lancement de la démarche"), ("2017", "convention de constitution"),
    ("2018", "étude ORS Grand Est"), ("2019", "PTSM 57"), ("2020", "5 nouvelles thématiques"),
    ("2017-02", "Comité de pilotage"), ("2018-10", "Comité de pilotage"), ("2020-02", "Comité de pilotage"),
    ("2017-05", "Plénière"), ("2018-10", "Plénière"), ("2019-12", "Plénière"),
    ("2017-05", "groupe projets"), ("2017-09", "partenariat bailleurs / CH Jury"), ("2018-11", "20 logements accompagnés"),
    ("2019", "poursuite du partenariat bailleurs"), ("2020-02", "bailleurs sociaux"), ("2020", "situation difficile"),
    ("2017", "santé mentale et travail"), ("2018", "santé mentale et parentalité"), ("2019", "ère du numérique"),
    ("2020", "santé mentale et discriminations"),
    ("2019", "5 sessions"), ("2020", "plateforme de formation à distance"), ("2020-04", "2 sessions à distance"),
    ("2020-09", "MDPH"), ("2020-10", "session en salle"),
    ("2019-10", "discriminations en santé"), ("2020-04", "Migrants, psychotraumatisme et insertion sociale"),
]
"""Every dated item of « Avancée des projets – Nov. 2020 », with words of its line."""


@pytest.mark.parametrize("iso, words", SEED_003)
def test_every_dated_item_of_seed_003_is_on_the_frise(real_site, iso, words):
    assert at(entries(real_site.html(FRISE)), iso, words)


def test_seed_figures_are_reproduced_as_written(real_site):
    text = html.unescape(re.sub(r"<[^>]+>", "", real_site.html(AVANCEMENT)))
    for figures in (
        "7 partenaires, 6 événements, 200 participants",
        "13 partenaires, 17 événements, 800 participants",
        "19 partenaires, 9 événements, 250 partenaires",
        "5 sessions, 100 participants",
    ):
        assert figures in text


def test_a_sism_edition_without_figures_does_not_promise_any(real_site):
    with_figures = real_site.html("sism/2018/index.html")
    assert ">En chiffres<" in with_figures and "Les chiffres sont ceux des documents du CLSM messin, recopiés tels quels." in with_figures
    # 2020: what the sources say is an outcome, no number.
    without = real_site.html("sism/2020/index.html")
    assert ">Bilan<" in without and "organisation d'une diffusion en direct" in without
    assert "chiffres" not in html.unescape(re.sub(r"<[^>]+>", "", without.split("<article", 1)[1])).casefold()
    assert "Ce bilan est celui des documents du CLSM messin, recopié tel quel." in without


def gantt(page: str, chart_id: str) -> str:
    """The HTML of one Gantt chart of a page."""
    return re.search(rf'<div class="releve-gantt" id="{chart_id}">.*?</ol>\s*</div>\s*</div>', page, flags=re.S).group(0)


def gantt_rows(page: str, chart_id: str) -> list[tuple[str, str, ET.Element]]:
    """(fiche title, statut and period in words, bar strip as SVG) of each row of a Gantt, top to bottom."""
    rows = re.findall(
        r'<li class="releve-gantt__fiche"><a href="[^"]*">(.*?)</a> <span class="releve-gantt__etat">· (.*?)</span>(<svg.*?</svg>)</li>',
        gantt(page, chart_id),
        flags=re.S,
    )
    return [(html.unescape(title), html.unescape(state), ET.fromstring(bar)) for title, state, bar in rows]


def bar_titles(page: str, chart_id: str) -> list[str]:
    """The fiche titles of a Gantt chart, top to bottom."""
    return [title for title, _, _ in gantt_rows(page, chart_id)]


def table_rows(page: str) -> list[list[str]]:
    """The body rows of every table of a page, as plain cell texts."""
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)] for row in rows]


def linked_titles(page: str) -> set[str]:
    """The titles of the fiches that a page's tables link to (the charts' text alternative)."""
    return {html.unescape(title) for title in re.findall(r'<td><a href="[^"]*projets/[^"]+/">([^<]+)</a></td>', page)}


def test_every_fiche_is_charted_on_its_axe_page_coloured_by_statut_with_a_table(real_site):
    actions = published("actions")
    overview = real_site.html(AVANCEMENT)
    colours: dict[str, set[str]] = {}
    for number in sorted({a.get("axe") for a in actions}, key=str):
        # The reader finds each axe's page from the overview; the fiches of no known axe have theirs.
        slug, chart = (f"axe-{number}", f"gantt-axe-{number}") if number else ("sans-axe", "gantt-sans-axe")
        assert f'href="{slug}/"' in overview
        page = real_site.html(f"avancement/{slug}/index.html")
        mine = {a["titre"]: a for a in actions if a.get("axe") == number}
        rows = gantt_rows(page, chart)
        assert sorted(title for title, _, _ in rows) == sorted(mine)
        for title, state, bar in rows:
            action = mine[title]
            # The statut is written, not only coloured; a statut no source gives is said so.
            status = action.get("statut", "statut non renseigné")
            assert status in state
            colours.setdefault(status, set()).add(bar.find("rect").get("fill"))
            assert len(bar.findall("circle")) == len(action.get("jalons", ()))
            # Drawn in percentages of the chart's width: it fits any screen without a scroll box.
            assert bar.get("width") == "100%" and bar.find("rect").get("x").endswith("%")
        legend = re.findall(r"</svg> ([^<]+)</li>", gantt(page, chart))
        assert set(legend) == {a.get("statut", "statut non renseigné") for a in mine.values()} | {"étape réalisée", "étape à réaliser"}
        # The text alternative: a table row linking each fiche, folded under the chart.
        assert linked_titles(page) == set(mine)
        assert re.search(r'<details class="releve-tableau">\s*<summary>Les mêmes informations en tableau</summary>', page)
        assert "releve-graphique" not in page  # no scroll box
    assert all(len(fills) == 1 for fills in colours.values())
    assert len({fill for fills in colours.values() for fill in fills}) == len(colours)


def test_overview_counts_fiches_by_axe_and_statut_and_charts_the_active_ones(real_site):
    actions = published("actions")
    page = real_site.html(AVANCEMENT)
    referential = yaml.safe_load((SAMPLE_SITE / "referentiel.yaml").read_text(encoding="utf-8"))
    rows = {row[0]: row[1:] for row in table_rows(page) if row and row[0].startswith("Axe ")}
    headings = [(axis["numero"], f"Axe {axis['numero']} – {axis['nom']}") for axis in referential["axes"]] + [(None, "Axe non renseigné")]
    for number, heading in headings:
        statuses = [a.get("statut") for a in actions if a.get("axe") == number]
        detail = ", ".join(f"{statuses.count(s)} {s or 'sans statut renseigné'}" for s in [*STATUSES, None] if s in statuses)
        if statuses:
            assert rows[heading] == [str(len(statuses)), detail]
        else:  # no row of zeros: the axe is named in a sentence
            assert heading not in rows
            assert heading in html.unescape(page)
    active = {a["titre"] for a in actions if a.get("statut") in RUNNING}
    assert 0 < len(active) <= 50  # a real CLSM's active fiches all fit on the overview
    assert set(bar_titles(page, "gantt-actions")) == active
    assert linked_titles(page) >= active


def test_today_s_line_starts_under_the_year_labels(real_site):
    # Built on 20 April 2022: today's line falls within the label « 2022 » and struck it out.
    page = real_site.raw_html(AVANCEMENT)
    today_tops = {float(y) for y in re.findall(r'<line [^>]*y1="([^"]+)"[^>]*class="releve-aujourdhui"', page)}
    label_baselines = {float(y) for y in re.findall(r'<text [^>]*y="([^"]+)"[^>]*class="releve-annee', page)}
    assert today_tops and label_baselines
    # The labels' digits (12 px, no descender) end at their baseline; the line starts below it.
    assert min(today_tops) > max(label_baselines)


def test_each_fiche_shows_its_progress_and_mini_timeline(real_site):
    meetings = published("minutes")
    for path in sorted((SAMPLE_SITE / "actions").glob("*.md")):
        action = front_matter(path)
        jalons = action.get("jalons", ())
        page = real_site.html(f"projets/{path.stem}/index.html")
        found = entries(page)
        # A bar only where the jalons say how far the fiche is: some still to do, or the fiche known to be over.
        over = action.get("statut") is not None and action["statut"] not in RUNNING
        if jalons and (over or not all(j.get("fait") for j in jalons)):
            done = sum(1 for j in jalons if j.get("fait"))
            percent = format_percent(done / len(jalons), locale="fr_FR").replace("\xa0", " ")
            noun = "étapes réalisées" if done > 1 else "étape réalisée"
            assert f"{done} {noun} sur {len(jalons)} ({percent})" in html.unescape(page).replace("\xa0", " ")
            assert f'<progress id="progression" max="{len(jalons)}" value="{done}">' in page
        else:
            assert "<progress" not in page
        for jalon in jalons:
            assert at(found, french(jalon["date"])[0], jalon["titre"])
        for meeting in meetings:
            if path.stem in meeting.get("actions", ()):
                assert at(found, french(meeting["date"])[0], meeting["titre"])


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    from conftest import BASE_FILES, build_in_process, write_project

    root = tmp_path_factory.mktemp("avancement")
    write_project(root, {**BASE_FILES, **TIMELINE_FILES})
    build = build_in_process(root, "--strict")
    assert build.returncode == 0, build.output
    return build


def test_history_text_is_escaped_and_drafts_stay_out(fixture_build):
    page = fixture_build.html(FRISE)
    assert "Journée &lt;b&gt;test&lt;/b&gt; &amp; *étoiles*" in page
    assert "<b>test</b>" not in page
    for secret in ("Fiche brouillon secrète", "Jalon brouillon secret", "Réunion brouillon secrète"):
        assert secret not in page
    for path in fixture_build.site.rglob("*.html"):
        assert "brouillon secr" not in path.read_text(encoding="utf-8"), path


def test_frise_dates_and_filters(fixture_build):
    page = fixture_build.html(FRISE)
    found = entries(page)
    assert ("2015", "2015 – 2016") in {(stamp, when) for stamp, when, _ in found}
    assert ("2016", "fin 2016") in {(stamp, when) for stamp, when, _ in found}
    assert at(found, "2017-02", "Comité de pilotage")
    assert at(found, "2021-02-19", "Réunion du groupe enfance")
    assert at(found, "2023", "Nouvelle convention")  # a jalon still to do, after today
    # Filters: every entry says which axes and thématiques it belongs to.
    assert re.search(r'<li class="releve-frise__historique-contribution" data-axes="1" data-thematiques="logement"', page)
    assert re.search(r'<li class="releve-frise__reunion" data-axes="2" data-thematiques="enfance-parentalite"', page)
    form = re.search(r"<form class=\"releve-filtres\" data-releve-filtres=\"ol.releve-frise\" hidden(?:=\"\")?>.*?</form>", page, flags=re.S).group(0)
    assert '<option value="1">Axe 1 – Inclusion dans la cité</option>' in form
    assert '<option value="logement">Logement et santé mentale</option>' in form
    # Only first-party scripts: no address with a host.
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', page)
    assert any(src.endswith("javascripts/releve-filtres.js") for src in scripts)
    assert not [src for src in scripts if "//" in src]
    assert (fixture_build.site / "javascripts" / "releve-filtres.js").is_file()


def test_a_bar_ends_at_the_fiche_fin_or_at_its_last_dated_trace(fixture_build):
    def states(page: str, chart_id: str) -> list[tuple[str, str]]:
        return [(title, state) for title, state, _ in gantt_rows(fixture_build.html(page), chart_id)]

    # The base fiche has no « fin »: its bar ends at the meeting that discussed it, not today.
    running = ("Réseau psypérinatalité", "depuis 2019, en cours au 19 février 2021")
    done = ("Logement accompagné", "de mai 2017 à février 2020, réalisée")
    assert states(AVANCEMENT, "gantt-actions") == [running]  # only the active fiches on the overview
    assert states("avancement/axe-1/index.html", "gantt-axe-1") == [done]
    assert states("avancement/axe-2/index.html", "gantt-axe-2") == [running]
    assert not (fixture_build.site / "avancement" / "axe-3").exists()  # an axe without fiches has no page
    assert "Axe 3 – Coordination entre les acteurs" in html.unescape(fixture_build.html(AVANCEMENT))


def test_golden_gantt(fixture_build):
    assert_golden("gantt.html", gantt(fixture_build.html("avancement/axe-1/index.html"), "gantt-axe-1").encode("utf-8"))


CROWDED = 130
"""Fiches of axe 3 in the crowded fixture: more than one axe page (100) and, with the base fiche,
66 active ones, more than the overview charts (50); their 520 jalons of 2020 pass a frise page (400)."""


def crowded_jalons(n: int) -> list[tuple[str, str]]:
    """(date, title) of fiche n's four jalons, all in 2020 and on distinct days."""
    return [(f"2020-{1 + (4 * n + k) // 28 % 12:02}-{1 + (4 * n + k) % 28:02}", f"Jalon {n:03}-{k}") for k in range(4)]


@pytest.fixture(scope="module")
def crowded_build(tmp_path_factory):
    """Fiche n starts in 1900 + n / 2 (January, then July: the same order, within 1900–2100), one in two is « en projet », the others « abandonnée »."""
    from conftest import BASE_FILES, build_in_process, write_project

    fiches = {
        f"actions/fiche-{n:03}.md": f"---\ntitre: Fiche {n:03}\naxe: 3\nstatut: {'en projet' if n % 2 == 0 else 'abandonnée'}\n"
        f"debut: {1900 + n // 2}-{1 + n % 2 * 6:02}\njalons:\n" + "".join(f"  - date: {day}\n    titre: {title}\n" for day, title in crowded_jalons(n)) + "---\n"
        for n in range(CROWDED)
    }
    root = tmp_path_factory.mktemp("avancement-nombreuses")
    write_project(root, {**BASE_FILES, **fiches})
    build = build_in_process(root, "--strict")
    assert build.returncode == 0, build.output
    return build


def test_overview_charts_only_the_active_fiches_started_last(crowded_build):
    page = crowded_build.html(AVANCEMENT)
    latest = {f"Fiche {n:03}" for n in range(CROWDED - 2, CROWDED - 100, -2)}  # the 49 latest « en projet »
    assert len(latest) == 49
    assert set(bar_titles(page, "gantt-actions")) == latest | {"Réseau psypérinatalité"}
    assert linked_titles(page) == latest | {"Réseau psypérinatalité"}
    assert "Les 50 fiches commencées le plus récemment parmi les 66 fiches en réflexion" in html.unescape(page).replace("\xa0", " ")
    rows = {row[0]: row[1:] for row in table_rows(page) if row and row[0].startswith("Axe ")}
    assert rows["Axe 3 – Coordination entre les acteurs"] == ["130", "65 en projet, 65 abandonnée"]


def test_axe_pages_hold_every_fiche_once_oldest_first_a_hundred_a_page(crowded_build):
    first = crowded_build.html("avancement/axe-3/index.html")
    second = crowded_build.html("avancement/axe-3/page-2/index.html")
    assert not (crowded_build.site / "avancement" / "axe-3" / "page-3").exists()
    charted = [bar_titles(page, "gantt-axe-3") for page in (first, second)]
    assert charted == [[f"Fiche {n:03}" for n in range(100)], [f"Fiche {n:03}" for n in range(100, CROWDED)]]
    assert [linked_titles(page) for page in (first, second)] == [set(titles) for titles in charted]
    # Each page says which it is and links to the other.
    assert re.search(r"<h1[^>]*>Avancement de l'axe 3 – Coordination entre les acteurs<", first.replace("&#x27;", "'"))
    assert re.search(r"<h1[^>]*>Avancement de l'axe 3 – Coordination entre les acteurs \(page 2\)<", second.replace("&#x27;", "'"))
    assert 'href="page-2/"' in first and 'href="../"' in second


def test_without_history_file_the_site_builds(base_site):
    assert not (base_site.root / HISTORY).exists()
    assert "Réseau psypérinatalité" in base_site.html(AVANCEMENT)


@pytest.mark.parametrize(
    "replace, expected",
    [
        (
            ("    categorie: contribution", "    categorie: contibution"),
            "historique.yaml:16: « historique[4].categorie » doit être l'une des valeurs « étape », « instance », "
            "« contribution », trouvé « contibution » (vouliez-vous dire « contribution » ?)",
        ),
        (("    action: reseau", "    action: reseua"), "historique.yaml:23: fiche action inconnue : « reseua » (vouliez-vous dire « reseau » ?)"),
        (("    instance: copil", "    instance: copi"), "historique.yaml:13: instance inconnue : « copi » (vouliez-vous dire « copil » ?)"),
        (("    fin: 2016", "    fin: 2014"), "historique.yaml:4: « fin » (2014) est avant « date » (2015)"),
        (("      - nombre: 19", "      - nombre: dix-neuf"), "historique.yaml:25: « chiffres[1].valeurs[1].nombre » doit être un nombre entier positif ou nul, trouvé « dix-neuf »"),
        (("  - date: 2017-02", "  - date: 2017-13"), "historique.yaml:11: « historique[3].date » : la date « 2017-13 » n'existe pas"),
        (("    titre: Lancement", "    titr: Lancement"), "historique.yaml:10: clé inconnue « titr » dans « historique[2] » (vouliez-vous dire « titre » ?)"),
    ],
    ids=["category", "action", "instance", "end before start", "number", "date", "key"],
)
def test_history_file_is_validated_with_file_and_line(tmp_path, replace, expected):
    assert expected in content_problems(tmp_path, {HISTORY: HISTORY_FIXTURE.replace(*replace)})


def test_a_crowded_year_is_cut_across_frise_pages_and_its_bilan_links_there(crowded_build):
    pages = [FRISE, "avancement/frise/page-2/index.html", "avancement/frise/page-3/index.html"]
    assert not (crowded_build.site / "avancement" / "frise" / "page-4").exists()
    found = [entries(crowded_build.html(page)) for page in pages]
    assert all(len(lines) <= 400 for lines in found)
    # Read from the last page to the first, the frise is in date order and holds every jalon once.
    chronological = [line for lines in reversed(found) for line in lines]
    assert [stamp for stamp, _, _ in chronological] == sorted(stamp for stamp, _, _ in chronological)
    jalons = [title for _, _, text in chronological for title in re.findall(r"Jalon \d{3}-\d", text)]
    assert sorted(jalons) == sorted(title for n in range(CROWDED) for _, title in crowded_jalons(n))
    assert "2020" in html.unescape(crowded_build.html(pages[1])).split("<h1", 1)[1].split("</h1>", 1)[0]
    # The bilan of 2020 does not list 520 jalons: it links to where 2020 starts on the frise.
    bilan = crowded_build.html("bilan/2020/index.html")
    assert "Jalon 000-0" not in bilan
    assert "Les 520 étapes de 2020 sont sur la" in html.unescape(bilan)
    assert 'href="../../avancement/frise/page-3/#2020"' in bilan
