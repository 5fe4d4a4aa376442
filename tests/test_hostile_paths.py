"""Hostile input, class 5: the build writes nowhere but ``site/``, whatever the ids say.

Every id that becomes part of a path is refused at its line by validation; behind it, the rendered
paths are checked before anything is written, and the writer refuses a path out of the site folder.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ACTION, BASE_FILES, MEETING, PARTNERS, REFERENTIAL, TODAY, build_in_process, ratio, run_mkdocs, tree_state, write_project
from releve import pipeline
from releve.body import NESTING_LIMIT, too_deep
from releve.link import link
from releve.model import Theme
from releve.output_paths import CLEAN_PATH, inside, unclean_paths
from releve.problems import ContentError
from releve.validate import validate

MEETING_PATH = "minutes/2021-02-19-groupe-enfance.md"
TRAVERSAL = "x/../../../minutes/pwn"
# 300 levels: past what Python-Markdown survives (about 200), under the 1 Mo file limit.
NESTED_LIST = "".join("    " * level + "- niveau\n" for level in range(300))
LONG = "-".join(["association"] * 20)
"""An id of 239 characters: with « .ics » or « instance- », more than a file name holds."""
DEEP_LINE = MEETING.count("\n") + 2 + NESTING_LIMIT
"""The line of the first item too deep when ``NESTED_LIST`` follows ``MEETING`` and a blank line."""

CASES = {
    "thématique": (
        {"referentiel.yaml": REFERENTIAL.replace("id: logement", f"id: {TRAVERSAL}")},
        "referentiel.yaml:22: identifiant « x/../../../minutes/pwn » invalide : lettres minuscules sans accents, "
        "chiffres et tirets (vouliez-vous dire « x-minutes-pwn » ?)",
    ),
    "secteur": (
        {"referentiel.yaml": REFERENTIAL.replace("id: accompagnement-social", "id: /etc/hors")},
        "referentiel.yaml:27: identifiant « /etc/hors » invalide : lettres minuscules sans accents, "
        "chiffres et tirets (vouliez-vous dire « etc-hors » ?)",
    ),
    "instance without a letter": (
        {"referentiel.yaml": REFERENTIAL.replace("id: copil", "id: ../..")},
        "referentiel.yaml:15: l'instance « ../.. » est invalide : il faut au moins une lettre latine (accentuée ou non) ou un chiffre, dont son adresse est faite",
    ),
    "instances on one address": (
        {"referentiel.yaml": REFERENTIAL.replace("id: copil", "id: groupe-thematique")},
        "referentiel.yaml:17: l'instance « groupe thématique » aurait la même adresse (/instances/groupe-thematique/) "
        "que « groupe-thematique » (ligne 15) : choisissez un autre identifiant",
    ),
    "structure": (
        {"partners.yaml": PARTNERS.replace("id: epe-57", "id: ..\\..\\epe")},
        "partners.yaml:15: identifiant « ..\\..\\epe » invalide : lettres minuscules sans accents, "
        "chiffres et tirets (vouliez-vous dire « epe » ?)",
    ),
    "type without a letter": (
        {"partners.yaml": PARTNERS.replace("type: Association", "type: /../..")},
        "partners.yaml:17: le type « /../.. » est invalide : il faut au moins une lettre latine (accentuée ou non) ou un chiffre, dont son adresse est faite",
    ),
    "types on one address": (
        {"partners.yaml": PARTNERS.replace("type: Association", "type: service  hospitalier")},
        "partners.yaml:17: le type « service  hospitalier » aurait la même adresse (/annuaire/type/service-hospitalier/) "
        "que « Service hospitalier » (ligne 11) : écrivez-les de la même façon (vouliez-vous dire « Service hospitalier » ?)",
    ),
    # A file name holds 255 bytes: a longer id, type or public stopped the build on an OSError.
    "long structure id": (
        {"partners.yaml": PARTNERS.replace("id: epe-57", f"id: {LONG}")},
        "partners.yaml:15: « structures[3].id » est trop long (239 caractères, au plus 100)",
    ),
    "long type": (
        {"partners.yaml": PARTNERS.replace("type: Association", f"type: {LONG}")},
        "partners.yaml:17: « structures[3].type » est trop long (239 caractères, au plus 100)",
    ),
    "long public": (
        {"partners.yaml": PARTNERS.replace("type: Association", f"type: Association\n    publics: [familles, {LONG}]")},
        "partners.yaml:18: « structures[3].publics[2] » est trop long (239 caractères, au plus 100)",
    ),
    "long theme id": (
        {"referentiel.yaml": REFERENTIAL.replace("id: logement", f"id: {LONG}")},
        "referentiel.yaml:22: « thematiques[2].id » est trop long (239 caractères, au plus 100)",
    ),
    "long statut": (
        {"referentiel.yaml": REFERENTIAL + f"statuts: [en cours, {LONG}]\n"},
        "referentiel.yaml:29: « statuts[2] » est trop long (239 caractères, au plus 100)",
    ),
    # Numbers that become an address (/projets/axe-N/, /sism/N/) or a date.
    "huge axis number": (
        {"referentiel.yaml": REFERENTIAL.replace("numero: 3", "numero: " + "3" * 300)},
        "referentiel.yaml:11: « axes[3].numero » doit être un nombre entier de 0 à 99, trouvé un nombre de 300 chiffres",
    ),
    "huge sism year": (
        {"evenements.yaml": "sism:\n  - annee: 20210\n    theme: Santé mentale et discriminations\n"},
        "evenements.yaml:2: « sism[1].annee » doit être un nombre entier de 0 à 2100, trouvé « 20210 »",
    ),
    # A device's name: Git for Windows refuses to check the file out, Windows to write the folder.
    "structure id of a device": (
        {"partners.yaml": PARTNERS.replace("id: epe-57", "id: aux")},
        "partners.yaml:15: identifiant « aux » refusé : il nomme un dossier du site, et « aux » est le nom d'un périphérique sous Windows",
    ),
    "type of a device": (
        {"partners.yaml": PARTNERS.replace("type: Association", "type: NUL")},
        "partners.yaml:17: le type « NUL » aurait l'adresse /annuaire/type/nul/, et « nul » est le nom d'un périphérique sous Windows : "
        "écrivez-le autrement",
    ),
    "instance of a device": (
        {"referentiel.yaml": REFERENTIAL.replace("id: copil", "id: com1")},
        "referentiel.yaml:15: l'instance « com1 » aurait l'adresse /instances/com1/, et « com1 » est le nom d'un périphérique sous "
        "Windows : écrivez-le autrement",
    ),
    "fiche of a device": (
        {"actions/prn.md": ACTION},
        "actions/prn.md:1: nom de fichier refusé : « prn » est le nom d'un périphérique sous Windows ; renommez-le",
    ),
    "docs page of a device": ({"docs/con.md": "# Console\n"}, "docs/con.md:1: le nom « docs/con.md » ne convient pas : « con » est le nom d'un périphérique sous Windows ; renommez-le"),
    "media of a device": ({"medias/lpt1.pdf": "%PDF-1.4\n"}, "medias/lpt1.pdf:1: le nom « medias/lpt1.pdf » ne convient pas : « lpt1 » est le nom d'un périphérique sous Windows ; renommez-le"),
    "docs file with a colon": ({"docs/notes:v2.txt": "Notes.\n"}, "docs/notes:v2.txt:1: le nom « docs/notes:v2.txt » ne convient pas : Windows refuse « : » dans un nom ; renommez-le"),
    "docs folder ending in a dot": (
        {"docs/archives./page.md": "# Page\n"},
        "docs/archives.:1: le nom « docs/archives. » ne convient pas : Windows refuse un nom qui finit par un point ou une espace ; renommez-le",
    ),
    # The last check of the written site does not read the theme's and the engine's folders again: a
    # contact only the rendering makes (« [anne](a-propos.md)@exemple.fr ») was published from there.
    "docs page in the theme's folder": (
        {"docs/assets/contact.md": "# Contact\n"},
        "docs/assets/contact.md:1: une page ne se publie pas dans docs/assets/, le dossier des fichiers du thème et du moteur, "
        "que la vérification du site écrit ne relit pas : déplacez-la ailleurs dans docs/",
    ),
    # An old id's addresses stay, as pages that lead to the new one (releve renommer).
    "long old id": (
        {"renommages.yaml": f"renommages:\n  - type: fiche\n    ancien: {LONG}\n    nouveau: reseau\n"},
        "renommages.yaml:3: « renommages[1].ancien » est trop long (239 caractères, au plus 100)",
    ),
    "old instance of a device": (
        {"renommages.yaml": "renommages:\n  - type: instance\n    ancien: Aux\n    nouveau: copil\n"},
        "renommages.yaml:3: « Aux » est refusé : « aux » est le nom d'un périphérique sous Windows",
    ),
    "list nested too deep in minutes": (
        {MEETING_PATH: MEETING + "\n" + NESTED_LIST},
        f"{MEETING_PATH}:{DEEP_LINE}: imbrication trop profonde : 41 niveaux de listes, de citations ou de retraits "
        "les uns dans les autres, au plus 40",
    ),
    "quotes nested too deep in a fiche": (
        {"actions/reseau.md": ACTION + "\n" + ">" * 990 + " citation\n"},
        f"actions/reseau.md:{ACTION.count(chr(10)) + 2}: imbrication trop profonde : 990 niveaux de listes, "
        "de citations ou de retraits les uns dans les autres, au plus 40",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_an_id_that_would_become_a_bad_path_is_refused_at_its_line(tmp_path, case):
    files, expected = CASES[case]
    write_project(tmp_path, {**BASE_FILES, **files})
    assert expected in [str(problem) for problem in pipeline.validate_project(tmp_path)]


def test_nesting_up_to_the_limit_is_accepted_and_the_check_is_linear():
    assert too_deep("".join("    " * level + "- niveau\n" for level in range(NESTING_LIMIT))) is None
    assert too_deep("- " * (NESTING_LIMIT + 1) + "x") == (0, NESTING_LIMIT + 1)
    lines = "    - un niveau de liste, puis du texte ordinaire\n" + " " * 60 + "code\n"
    small, large = lines * 5_000, lines * 40_000  # 0,5 and 4 Mo
    assert too_deep(large) is None
    # A ratio of CPU times on a scaled input, not an absolute time: linear, about 8; quadratic, 64.
    assert ratio(too_deep, small, large) < 24


def test_rendering_refuses_a_path_out_of_the_site_even_past_validation(tmp_path):
    """Defence in depth: an id that validation let through would still not reach the writer."""
    write_project(tmp_path, BASE_FILES)
    site = validate(tmp_path, pipeline.today_from(TODAY))
    # « con »: a folder Windows cannot make (its console), nor Git for Windows check out.
    referential = dataclasses.replace(site.referential, themes=(*site.referential.themes, Theme(TRAVERSAL, "Piège"), Theme("con", "Console")))
    # The meeting joins the thématiques, so they have a page and a calendar to be written.
    meetings = tuple(dataclasses.replace(m, themes=(*m.themes, TRAVERSAL, "con")) for m in site.meetings)
    with pytest.raises(ContentError) as raised:
        pipeline.render_site(link(dataclasses.replace(site, referential=referential, meetings=meetings)))
    messages = [str(problem) for problem in raised.value.problems]
    for page in (f"thematiques/{TRAVERSAL}.md", "thematiques/con.md"):
        assert f"{page}:1: adresse générée « {page} » refusée : seuls les lettres " \
            "minuscules sans accents, chiffres, points, tirets et « / » sont permis (pas de « .. », de chemin absolu " \
            "ni de « \\ »), en noms de 250 caractères au plus, et aucun nom de périphérique de Windows (« con », « aux », « nul »…) ; rien n'a été écrit" in messages
    assert any(f"agenda/thematique-{TRAVERSAL}.ics" in message for message in messages)


def test_a_generated_name_longer_than_a_file_system_holds_is_refused_before_writing():
    """Defence in depth: an address that validation let through would stop the build on an OSError."""
    long = "projets/" + "a" * 251 + ".md"
    assert [problem.path for problem in unclean_paths([long, "projets/" + "a" * 250 + ".md", "projets/aux.md"])] == [long, "projets/aux.md"]


@pytest.mark.parametrize("path", ["../hors.ics", "/tmp/hors.ics", "agenda\\..\\..\\hors.ics", "agenda/a\0.ics", "", ".", "agenda//x.ics", "agenda/.cache"])
def test_the_writer_refuses_a_path_that_is_not_a_clean_relative_one(tmp_path, path):
    with pytest.raises(ContentError) as raised:
        inside(tmp_path / "site", path)
    assert "serait écrit hors du dossier du site" in str(raised.value)


_SITE = Path(tempfile.gettempdir()) / "releve-jamais-cree" / "site"
"""Never created: ``inside`` resolves a path without needing it to exist."""


@given(st.text(alphabet="ab-./\\\0 é", max_size=20))
def test_whatever_the_path_the_writer_stays_in_the_site(path):
    try:
        target = inside(_SITE, path)
    except ContentError:
        return
    assert target.is_relative_to(_SITE.resolve()) and target != _SITE.resolve()
    assert ".." not in Path(path).parts


def test_the_writer_follows_links_and_refuses_one_out_of_the_site(tmp_path):
    site = tmp_path / "site"
    (site / "agenda").mkdir(parents=True)
    (tmp_path / "ailleurs").mkdir()
    (site / "lien").symlink_to(tmp_path / "ailleurs")
    assert inside(site, "agenda/instance-copil.ics") == (site / "agenda" / "instance-copil.ics").resolve()
    assert CLEAN_PATH.fullmatch("lien/x.ics")
    with pytest.raises(ContentError):
        inside(site, "lien/x.ics")


def _build_leaves_everything_else_alone(tmp_path, files: dict[str, str]) -> str:
    """Build ``files`` in ``tmp_path/projet``; assert that it fails, in French, having changed nothing
    in ``tmp_path`` (sources and the folder around the project) but ``site/``. Returns the output."""
    root = tmp_path / "projet"
    root.mkdir()
    write_project(root, {**BASE_FILES, **files})
    before = tree_state(tmp_path, skip=root / "site")
    build = run_mkdocs(root)
    assert build.returncode != 0, build.output
    assert "Traceback" not in build.output, build.output
    assert tree_state(tmp_path, skip=root / "site") == before
    return build.output


def test_a_hostile_build_writes_nothing_outside_site(tmp_path):
    output = _build_leaves_everything_else_alone(
        tmp_path,
        {
            "referentiel.yaml": REFERENTIAL.replace("id: logement", f"id: {TRAVERSAL}")
            .replace("id: accompagnement-social", "id: ../../../hors")
            .replace("id: copil", "id: ../.."),
            "partners.yaml": PARTNERS.replace("type: Association", "type: /../.."),
            MEETING_PATH: MEETING.replace("[enfance-parentalite]", f"[{TRAVERSAL}]"),
        },
    )
    assert "Relevé : 4 erreurs dans le contenu, le site n'a pas été construit." in output
    assert f"identifiant « {TRAVERSAL} » invalide" in output


def test_a_page_of_docs_nested_too_deep_is_a_french_error_at_its_line(tmp_path):
    output = _build_leaves_everything_else_alone(tmp_path, {"docs/a-propos.md": "# À propos\n\n" + NESTED_LIST})
    assert f"docs/a-propos.md:{3 + NESTING_LIMIT}: imbrication trop profonde : 41 niveaux" in output


def test_raw_html_nested_deep_in_docs_shows_as_text_and_never_reaches_markdown(tmp_path):
    """400 nested « <div markdown> » made Python-Markdown run out of stack (RecursionError) when a
    page of docs/ kept its raw HTML: it is shown as text now, as in a compte rendu."""
    deep_html = "<div markdown>\n" * 400 + "profond\n" + "</div>\n" * 400
    root = tmp_path / "projet"
    root.mkdir()
    write_project(root, {**BASE_FILES, "docs/a-propos.md": "# À propos\n\n" + deep_html})
    build = build_in_process(root)  # in pytest's deeper stack: a recursion would fail here first
    assert build.returncode == 0, build.output
    page = (root / "site" / "a-propos" / "index.html").read_text(encoding="utf-8")
    assert "&lt;div markdown&gt;" in page and "profond" in page
