"""Every link of the coordinator's texts to this site is checked by the engine and reported at the
line of the file the coordinator wrote, in French, as written (``site_links``)."""

from __future__ import annotations

import os
import subprocess
import sys
from textwrap import dedent

import pytest

from conftest import ACTION, AGENDA_FILES, BASE_FILES, ENGINE_ENV, MEETING, TODAY, build_in_process, pdf, run_mkdocs, run_releve, write_project
from releve.problems import Suggestions

MEETING_PATH = "minutes/2021-02-19-groupe-enfance.md"
COPIL = "minutes/2022-03-01-copil.md"

BROKEN = """
[voir](./)

[ici](#ancre-absente)

[abs](/absolu.md)

[annuaire](../annuaire/)

[à propos](../a-propos.md#nulle-part)

[réunion](../minutes/2021-02-19-groupe-enfance.md#nulle-part)
"""

FIRST = ACTION.count("\n") + 2
"""The line of the first link of ``BROKEN`` appended to the fiche."""

EXPECTED = [
    f"Avertissement : actions/reseau.md:{FIRST}: le lien « ./ » mène à un dossier : nommez le fichier de la page (.md) (vouliez-vous dire « reseau.md » ?)",
    f"Avertissement : actions/reseau.md:{FIRST + 4}: le lien « /absolu.md » mène à une page ou un fichier absent du site",
    f"Avertissement : actions/reseau.md:{FIRST + 6}: le lien « ../annuaire/ » mène à un dossier : nommez le fichier de la page (.md)"
    " (vouliez-vous dire « ../annuaire/index.md » ?)",
    "Avertissement : docs/a-propos.md:5: le lien « ../../../../etc/passwd » mène hors du site",
    f"Avertissement : actions/reseau.md:{FIRST + 2}: le lien « #ancre-absente » mène à une ancre absente de la page",
    f"Avertissement : actions/reseau.md:{FIRST + 8}: le lien « ../a-propos.md#nulle-part » mène à une ancre absente de la page « ../a-propos.md »",
    f"Avertissement : actions/reseau.md:{FIRST + 10}: le lien « ../minutes/2021-02-19-groupe-enfance.md#nulle-part » mène à une ancre absente"
    " de la page « ../comptes-rendus/2021-02-19-groupe-enfance.md »",
]


def _broken_project(root):
    write_project(
        root,
        {**BASE_FILES, "actions/reseau.md": ACTION + BROKEN, "docs/a-propos.md": BASE_FILES["docs/a-propos.md"] + "\n[voir](../../../../etc/passwd)\n"},
    )


def _warnings(output: str) -> list[str]:
    """The warnings of a console, as the command line prints them (« WARNING -  » in process)."""
    return ["Avertissement : " + line.split("-  ", 1)[1] if line.startswith("WARNING ") else line for line in output.splitlines() if line.startswith(("Avertissement : ", "WARNING "))]


def test_a_broken_link_is_reported_at_its_source_line_as_written(tmp_path):
    _broken_project(tmp_path)
    built = build_in_process(tmp_path, "--strict")
    assert built.returncode == 1
    assert _warnings(built.output) == EXPECTED
    assert "Doc file" not in built.output and "projets/reseau.md" not in built.output


def test_quiet_strict_build_refuses_them_too(tmp_path):
    """``--quiet`` drops warnings before MkDocs counts them for ``--strict``: the site was published
    with its links out of the site. The targets are said at once, as errors; then the anchors."""
    _broken_project(tmp_path)
    built = run_mkdocs(tmp_path, "--strict", "--quiet")
    targets = [line.removeprefix("Avertissement : ") for line in EXPECTED if "ancre absente" not in line]
    assert (built.returncode, built.output.strip().splitlines()) == (1, ["Relevé : 4 erreurs dans le contenu, le site n'a pas été construit.", *(f"  {line}" for line in sorted(targets))])
    assert not (tmp_path / "site").exists()
    write_project(tmp_path, {"docs/a-propos.md": BASE_FILES["docs/a-propos.md"], "actions/reseau.md": ACTION + "\n[ici](#ancre-absente)\n"})
    built = run_mkdocs(tmp_path, "--strict", "--quiet")
    assert (built.returncode, built.output.strip().splitlines()[-1]) == (1, f"  actions/reseau.md:{FIRST}: le lien « #ancre-absente » mène à une ancre absente de la page")
    assert not (tmp_path / "site").exists()


def test_the_verifier_refuses_them_as_the_build_does(tmp_path):
    """``releve verifier`` says « valide » only of content that ``make build`` publishes: the targets
    (not the anchors, which need the pages converted) are checked there too, with the same messages."""
    _broken_project(tmp_path)
    checked = run_releve("verifier", "--site", str(tmp_path))
    assert checked.returncode == 1
    targets = [line.removeprefix("Avertissement : ") for line in EXPECTED if "ancre absente" not in line]
    assert sorted(checked.stdout.splitlines()[:-1]) == sorted(targets)
    assert checked.stdout.splitlines()[-1] == "Contenu invalide : 4 erreurs à corriger."


def test_properdocs_reports_them_alike(tmp_path):
    pytest.importorskip("properdocs")
    _broken_project(tmp_path)
    env = {**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": TODAY}
    done = subprocess.run([sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert _warnings(done.stderr) == EXPECTED


def test_links_to_pages_files_and_anchors_of_the_site_pass(tmp_path):
    meeting = MEETING + (
        "\n[le réseau](../actions/reseau.md#quoi) · [à propos](/a-propos.md) · [le plan](/plan.pdf) · [l'annuaire](../annuaire/index.md)"
        " · [l'agenda](/agenda.ics)\n"
    )
    about = "# À propos\n\n## Contact\n\n[ici](#contact) · [le réseau](/projets/reseau.md#pourquoi) · [accueil](index.md)\n"
    write_project(tmp_path, {**BASE_FILES, MEETING_PATH: meeting, "docs/a-propos.md": about, "docs/plan.pdf": pdf("Plan du site")})
    built = build_in_process(tmp_path, "--strict")
    assert built.returncode == 0, built.output
    assert _warnings(built.output) == []
    checked = run_releve("verifier", "--site", str(tmp_path))
    assert (checked.returncode, checked.stdout.startswith("Contenu valide : ")) == (0, True), checked.stdout


def test_many_broken_links_of_one_file_are_counted_not_listed(tmp_path):
    write_project(tmp_path, {**BASE_FILES, "actions/reseau.md": ACTION + "\n" + "[a](b)\n" * 2000})
    built = build_in_process(tmp_path, "--strict")
    first = ACTION.count("\n") + 2
    assert _warnings(built.output) == [
        *(f"Avertissement : actions/reseau.md:{first + n}: le lien « b » mène à un dossier : nommez le fichier de la page (.md)" for n in range(5)),
        f"Avertissement : actions/reseau.md:{first + 5}: et 1995 autres liens de ce fichier ne mènent nulle part non plus (à partir de cette ligne)",
    ]


def test_a_link_to_a_page_s_pdf_is_reported_with_its_page(tmp_path):
    """The host writes the pages' PDFs after the pages: it resolves no link to one, which then led
    nowhere from its page (« ../lettres/2022-03.pdf » from /comptes-rendus/x/)."""
    meeting = MEETING + "\n[en PDF](2021-02-19-groupe-enfance.pdf) · [absent](2031-02-19-groupe-enfance.pdf)\n"
    write_project(tmp_path, {**BASE_FILES, MEETING_PATH: meeting})
    built = build_in_process(tmp_path, "--strict")
    assert built.returncode == 1
    line = meeting.count(chr(10))
    assert _warnings(built.output) == [
        f"Avertissement : {MEETING_PATH}:{line}: le lien « 2021-02-19-groupe-enfance.pdf » mène au PDF d'une page, qu'un lien ne peut pas"
        " atteindre : liez la page, qui propose son PDF (vouliez-vous dire « 2021-02-19-groupe-enfance.md » ?)",
        f"Avertissement : {MEETING_PATH}:{line}: le lien « 2031-02-19-groupe-enfance.pdf » mène à une page ou un fichier absent du site"
        " (vouliez-vous dire « 2021-02-19-groupe-enfance.md » ?)",
    ]


def test_a_decision_s_links_lead_to_their_page_wherever_it_is_shown(tmp_path):
    """A decision shows on its meeting's page, the registers and the month's letter: a link written
    relative to its page, or docs-rooted, leads to the same page from each (on the letter's page,
    made of HTML fragments, a rooted one stopped the build with an internal error)."""
    copil = dedent(AGENDA_FILES[COPIL]).replace(
        "Il est convenu de créer un groupe logement.", "Il est convenu de créer un groupe logement ([présentation](../a-propos.md), [accueil](/a-propos.md))."
    )
    write_project(tmp_path, {**BASE_FILES, **AGENDA_FILES, COPIL: copil})
    built = build_in_process(tmp_path, "--strict")
    assert built.returncode == 0, built.output
    for page, address in (("comptes-rendus/2022-03-01-copil", "../../a-propos/"), ("decisions", "../a-propos/"), ("lettres/2022-03", "../../a-propos/")):
        html = built.html(f"{page}/index.html")
        assert f'<a href="{address}">présentation</a>' in html and f'<a href="{address}">accueil</a>' in html, page


def test_a_link_written_with_backslash_escapes_leads_where_markdown_reads_it(tmp_path):
    """Markdown reads « a\\-propos.md » as « a-propos.md »: on the letter's page, made of HTML
    fragments, the target the check had kept with its backslash stopped the build with an internal
    error; one that still leads nowhere is reported at its line."""
    decision = "Il est convenu de créer un groupe logement."
    escaped = "Il est convenu de créer un groupe logement ([présentation](../a\\-propos.md), [accueil](</a\\-propos.md>))."
    copil = dedent(AGENDA_FILES[COPIL])
    write_project(tmp_path, {**BASE_FILES, **AGENDA_FILES, COPIL: copil.replace(decision, escaped)})
    built = build_in_process(tmp_path, "--strict")
    assert built.returncode == 0, built.output
    for page, address in (("comptes-rendus/2022-03-01-copil", "../../a-propos/"), ("decisions", "../a-propos/"), ("lettres/2022-03", "../../a-propos/")):
        html = built.html(f"{page}/index.html")
        assert f'<a href="{address}">présentation</a>' in html and f'<a href="{address}">accueil</a>' in html, page
    write_project(tmp_path, {COPIL: copil.replace(decision, decision + " ([ailleurs](\\\\autre.exemple\\x.pdf))")})
    built = build_in_process(tmp_path, "--strict")
    assert built.returncode == 1, built.output
    line = copil[: copil.index(decision)].count("\n") + 1
    assert [warning.partition(" (vouliez-vous dire")[0] for warning in _warnings(built.output)] == [
        f"Avertissement : {COPIL}:{line}: le lien « \\autre.exemple\\x.pdf » mène à une page ou un fichier absent du site"
    ]
    # A target starting with a backslash is an absolute link to MkDocs, which said so in English too.
    assert "absolute link" not in built.output and "Doc file" not in built.output, built.output


def test_only_the_first_missing_targets_get_a_suggestion(tmp_path, monkeypatch):
    """Each suggestion compares with every page and file of the site (half a second at 5,000
    minutes): a mistake repeated in hundreds of texts must not hold the build for minutes."""
    monkeypatch.setattr(Suggestions, "SMALL", 10)  # this small site's pages and files count as many
    pages = {f"docs/p{n:02d}.md": "# Page\n\n[à propos](a-propo.md)\n" for n in range(1, 13)}
    write_project(tmp_path, {**BASE_FILES, **pages})
    built = build_in_process(tmp_path, "--strict")
    warnings = _warnings(built.output)
    assert len(warnings) == 12 and all("le lien « a-propo.md » mène à une page ou un fichier absent du site" in w for w in warnings)
    assert [("vouliez-vous dire « a-propos.md » ?" in w) for w in warnings] == [True] * 10 + [False] * 2


def test_a_decision_s_link_to_a_folder_is_reported_not_an_internal_error(tmp_path):
    copil = dedent(AGENDA_FILES[COPIL]).replace("Il est convenu de créer un groupe logement.", "Il est convenu de créer un groupe logement ([annuaire](/annuaire/)).")
    write_project(tmp_path, {**BASE_FILES, **AGENDA_FILES, COPIL: copil})
    built = build_in_process(tmp_path, "--strict")
    assert built.returncode == 1
    line = copil[: copil.index("([annuaire]")].count("\n") + 1
    assert _warnings(built.output) == [
        f"Avertissement : {COPIL}:{line}: le lien « /annuaire/ » mène à un dossier : nommez le fichier de la page (.md)"
        " (vouliez-vous dire « /annuaire/index.md » ?)"
    ]


def test_links_written_as_code_are_no_links(tmp_path):
    """A guide that shows how to write a link (« tapez `[texte](page.md)` ») was stopped by its examples."""
    guide = "# Écrire un lien\n\nTapez `[texte](page-inexistante.md)` dans le texte.\n\n```markdown\n[Exemple](autre-page.md)\n```\n\n[Vrai lien](absente.md)\n"
    write_project(tmp_path, {**BASE_FILES, "docs/guide.md": guide, MEETING_PATH: MEETING + "\nVoir ``[x](../actions/inconnue.md)``.\n"})
    built = build_in_process(tmp_path, "--strict")
    assert _warnings(built.output) == ["Avertissement : docs/guide.md:9: le lien « absente.md » mène à une page ou un fichier absent du site"]
    assert "<code>[texte](page-inexistante.md)</code>" in built.html("guide/index.html")


def test_a_target_written_in_angle_brackets_is_a_link(tmp_path):
    """« <…> » is how a file name with spaces is written: its « < » was shown as text, and the link led nowhere."""
    about = "# À propos\n\n[le rapport](<rapport annuel.pdf>) · [la réunion](</comptes-rendus/2021-02-19-groupe-enfance.md>)\n"
    write_project(tmp_path, {**BASE_FILES, "docs/a-propos.md": about, "docs/rapport annuel.pdf": pdf("Rapport")})
    built = build_in_process(tmp_path, "--strict")
    assert built.returncode == 0, built.output
    html = built.html("a-propos/index.html")
    assert '<a href="../rapport%20annuel.pdf">le rapport</a>' in html and '<a href="../comptes-rendus/2021-02-19-groupe-enfance/">la réunion</a>' in html


GUIDE = """# Écrire un lien

Tapez le lien ainsi :

    [Exemple](page-inexistante.md) ou [depuis la racine](/a-propos.md)
    ![Logo](https://autre.example/logo.png) <b>gras</b>

\t[Avec une tabulation](autre-page.md)

Dans une liste :

- un point

    [La suite du point](page-absente.md)

[Vrai lien](autre-absente.md)
"""


def test_links_in_an_indented_code_block_are_no_links(tmp_path):
    """A guide that shows a link in an indented code block (four spaces or a tab after a blank line)
    was stopped by its example, as with a fenced block; a list item's indented paragraph is no code."""
    meeting = MEETING.replace(
        "    Il est convenu de lancer le réseau.\n",
        "    Il est convenu de lancer le réseau, lié ainsi :\n\n        [le réseau](../actions/inconnue.md)\n"
        "\nPour lier la fiche, écrivez :\n\n    [la fiche](../actions/reseau.md) ou [une autre](../actions/inconnue.md)\n",
    )
    write_project(tmp_path, {**BASE_FILES, "docs/guide.md": GUIDE, MEETING_PATH: meeting})
    built = build_in_process(tmp_path, "--strict")
    assert _warnings(built.output) == [
        f"Avertissement : docs/guide.md:{line}: le lien « {target} » mène à une page ou un fichier absent du site"
        for line, target in ((14, "page-absente.md"), (16, "autre-absente.md"))
    ]
    assert "<pre><code>[Exemple](page-inexistante.md) ou [depuis la racine](/a-propos.md)\n![Logo](https://autre.example/logo.png) &lt;b&gt;gras&lt;/b&gt;\n\n[Avec une tabulation]" in built.html("guide/index.html")
    page = built.html("comptes-rendus/2021-02-19-groupe-enfance/index.html")
    assert "<pre><code>[le réseau](../actions/inconnue.md)" in page  # in the decision's box
    assert "<pre><code>[la fiche](../actions/reseau.md) ou [une autre](../actions/inconnue.md)" in page  # as written


def test_a_link_in_a_block_is_reported_at_its_own_line(tmp_path):
    """A decision, a commitment or a « !!! fait » is read apart from the text around it: its links
    were all reported at the line of its « !!! »."""
    later = dedent(AGENDA_FILES[COPIL]).replace("2022-03-01", "2022-04-05")
    later = later[: later.index("!!! decision")] + dedent(
        """\
        !!! decision

            Il est convenu de créer un groupe logement.

            Voir [les statuts](/statuts-du-clsm.md).

        !!! engagement ch-jury "Paul Exemple"
            Réserver les salles,
            d'après [le plan](/plan-des-salles.pdf).

        !!! fait engagement-9799e556
            Les salles sont réservées :
            [la liste](/inscriptions-2022.md).
        """
    )
    path = "minutes/2022-04-05-copil.md"
    write_project(tmp_path, {**BASE_FILES, **AGENDA_FILES, path: later})
    built = build_in_process(tmp_path, "--strict")
    lines = later.split("\n")
    assert _warnings(built.output) == [
        f"Avertissement : {path}:{next(n for n, line in enumerate(lines, 1) if target in line)}: le lien « {target} » mène à une page ou un fichier absent du site"
        for target in ("/statuts-du-clsm.md", "/plan-des-salles.pdf", "/inscriptions-2022.md")
    ]
