"""``releve renommer``: an id changed in every file, and its old addresses still answering."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import AGENDA_FILES, BASE_FILES, build_in_process, run_releve, tree_state, write_project
from releve.atomic import replace_files
from releve.commands import creer

HISTORY = """\
historique:
  - date: 2019
    titre: Lancement du réseau
    categorie: étape
    action: reseau
    thematiques: [logement]
"""
LINKED_MEETING = """\
---
titre: Suivi du réseau
type: compte rendu
date: 2022-04-05
lieu: ch-jury
instance: copil
thematiques: [logement, enfance-parentalite]
participants:
  - nom: Paul Exemple
    structure: [ch-jury, epe-57]
actions: [reseau]
prochaine_reunion:
  date: 2022-06-10
  lieu: ch-jury  # au même endroit
---
## Réseau

Voir [la fiche](../actions/reseau.md#quoi) et [le projet][fiche].

!!! decision reseau
    Il est convenu de poursuivre le réseau (voir [la fiche](/projets/reseau/)).

!!! engagement ch-jury "Paul Exemple" 2022-05-02
    Réserver les salles du CH Jury, ch-jury-bis exclu.

[fiche]: ../actions/reseau.md
"""


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "site-clsm"
    root.mkdir()
    write_project(root, {**BASE_FILES, **AGENDA_FILES, "historique.yaml": HISTORY, "minutes/2022-04-05-suivi.md": LINKED_MEETING})
    return root


def _rename(root: Path, *args: str):
    return run_releve("renommer", *args, "--site", str(root))


def test_a_structure_renamed_everywhere_keeps_its_page_calendar_and_feed(project):
    before = {path: text for path, text in _texts(project).items()}
    result = _rename(project, "ch-jury", "chj")
    assert result.returncode == 0, result.output
    assert result.stdout.startswith("La structure « ch-jury » est renommée en « chj » :")
    texts = _texts(project)
    # Every mention, in each kind of file, and nothing else: not « ch-jury-bis », not « CH Jury ».
    assert "partners.yaml:2 : « - id: ch-jury » → « - id: chj »" in result.stdout
    assert "Réserver les salles du CH Jury, ch-jury-bis exclu." in texts["minutes/2022-04-05-suivi.md"]
    assert '!!! engagement chj "Paul Exemple" 2022-05-02' in texts["minutes/2022-04-05-suivi.md"]
    assert "  lieu: chj  # au même endroit" in texts["minutes/2022-04-05-suivi.md"]
    assert "    structure: [chj, epe-57]" in texts["minutes/2022-04-05-suivi.md"]
    assert "    parent: chj" in texts["partners.yaml"]
    changed = {path for path in texts if texts[path] != before.get(path)}
    assert changed == {
        "partners.yaml", "minutes/2021-02-19-groupe-enfance.md", "minutes/2022-03-01-copil.md", "minutes/2022-03-20-brouillon.md",
        "minutes/2022-04-05-suivi.md", "renommages.yaml",
    }
    assert not any(re.search(r"(?<![\w-])ch-jury(?![\w-])", texts[path]) for path in changed - {"renommages.yaml"})
    lines = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    assert len(lines) == sum(
        1 for path in changed - {"renommages.yaml"} for old, new in zip(before[path].split("\n"), texts[path].split("\n")) if old != new
    )
    assert "renommages.yaml" in result.stdout and "/annuaire/ch-jury/" in result.stdout

    build = build_in_process(project, "--strict")
    assert build.returncode == 0, build.output
    assert "Centre hospitalier de Jury" in build.html("annuaire/chj/index.html")
    redirect = build.raw_html("annuaire/ch-jury/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../chj/">' in redirect
    assert '<a href="../chj/">Centre hospitalier de Jury</a>' in redirect and "<script" not in redirect
    # A partner subscribed to the old calendar or feed keeps receiving the same one.
    for name in ("agenda.ics", "flux.xml"):
        assert (build.site / "annuaire/ch-jury" / name).read_bytes() == (build.site / "annuaire/chj" / name).read_bytes()
    assert "Réserver les salles" in (build.site / "annuaire/ch-jury/agenda.ics").read_text(encoding="utf-8")


def _texts(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] not in ("site", ".cache")  # .cache: the engine's
    }


def test_a_fiche_a_thematique_and_an_instance_renamed_keep_their_addresses(project):
    assert _rename(project, "reseau", "reseau-psy").returncode == 0
    texts = _texts(project)
    assert "actions/reseau.md" not in texts and "actions/reseau-psy.md" in texts
    meeting = texts["minutes/2022-04-05-suivi.md"]
    for written in ("actions: [reseau-psy]", "[la fiche](../actions/reseau-psy.md#quoi)", "!!! decision reseau-psy",
                    "(voir [la fiche](/projets/reseau-psy/))", "[fiche]: ../actions/reseau-psy.md"):
        assert written in meeting, written
    assert "    action: reseau-psy" in texts["historique.yaml"] and "actions: [reseau-psy]" in texts["evenements.yaml"]
    themes = _rename(project, "logement", "logement-et-sante", "--type", "thematique")
    assert themes.returncode == 0, themes.output
    assert "thematiques: [logement-et-sante, enfance-parentalite]" in _texts(project)["minutes/2022-04-05-suivi.md"]
    instance = _rename(project, "groupe thématique", "groupe de travail")
    assert instance.returncode == 0, instance.output
    assert "instance: groupe de travail" in _texts(project)["minutes/2021-02-19-groupe-enfance.md"]
    # Renamed twice: the first old address goes straight to the last one.
    assert _rename(project, "reseau-psy", "reseau-perinatalite").returncode == 0
    renames = _texts(project)["renommages.yaml"]
    assert "ancien: reseau\n  nouveau: reseau-perinatalite" in renames

    build = build_in_process(project, "--strict")
    assert build.returncode == 0, build.output
    assert '<meta http-equiv="refresh" content="0; url=../reseau-perinatalite/">' in build.raw_html("projets/reseau/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../reseau-perinatalite/">' in build.raw_html("projets/reseau-psy/index.html")
    assert "url=../logement-et-sante/" in build.raw_html("thematiques/logement/index.html")
    assert "url=../thematique-logement-et-sante/" in build.raw_html("decisions/thematique-logement/index.html")
    assert "url=../groupe-de-travail/" in build.raw_html("instances/groupe-thematique/index.html")
    for old, new in (("thematique-logement", "thematique-logement-et-sante"), ("instance-groupe-thematique", "instance-groupe-de-travail")):
        assert (build.site / f"agenda/{old}.ics").read_bytes() == (build.site / f"agenda/{new}.ics").read_bytes()


EXAMPLES = (
    "Lier la fiche s'écrit `[la fiche](../actions/reseau.md)`, ou `[fiche]: ../actions/reseau.md` en bas du texte.",
    """```
[un bloc](../actions/reseau.md)
!!! engagement ch-jury "Paul Exemple"
    Réserver les salles.
```""",
    """~~~
!!! decision reseau
    [un autre bloc](/projets/reseau/)
~~~""",
    "    [une ligne en retrait](../actions/reseau.md)\n\t[fiche]: ../actions/reseau.md",
    "        [un exemple dans la décision](../actions/reseau.md)",
)
"""Links and blocks written in code (a code span, fenced blocks, indented blocks, in the text and
in a decision): shown as written, they are examples, no links."""
EXAMPLES_MEETING = LINKED_MEETING.replace("2022-04-05", "2022-04-06").replace("Réserver les salles du CH Jury", "Réserver le parking du CH Jury") + f"""
Pour lier la fiche :
{EXAMPLES[0]}
Voici [la vraie](../actions/reseau.md).

{EXAMPLES[1]}

{EXAMPLES[2]}

Comme ceci :

{EXAMPLES[3]}

!!! decision reseau
    Il est convenu de suivre [la fiche](../actions/reseau.md) ; on la lie ainsi :

{EXAMPLES[4]}
"""


def test_links_and_blocks_written_as_code_are_examples_left_as_written(project):
    """Renaming changed the examples of a guide as if they were links: a link in a code span or a
    code block (fenced or indented) is shown as written, no link, and a « !!! » line in a fenced
    block is no block; the build shows them as code, and the rename leaves them as written."""
    path = "minutes/2022-04-06-exemples.md"
    (project / path).write_text(EXAMPLES_MEETING, encoding="utf-8")
    result = _rename(project, "reseau", "reseau-psy")
    assert result.returncode == 0, result.output
    structure = _rename(project, "ch-jury", "chj")
    assert structure.returncode == 0, structure.output
    text = (project / path).read_text(encoding="utf-8")
    for example in EXAMPLES:
        assert example in text, example
    for written in ("Voici [la vraie](../actions/reseau-psy.md).", "suivre [la fiche](../actions/reseau-psy.md) ;",
                    "!!! decision reseau-psy\n    Il est convenu", "[fiche]: ../actions/reseau-psy.md\n", '!!! engagement chj "Paul Exemple" 2022-05-02'):
        assert written in text, written
    # Every other mention is renamed: what still names the old ids is the examples.
    still = [line for line in text.split("\n") if re.search(r"(?<![\w-])(?:reseau|ch-jury)(?![\w-])", line)]
    assert still == [line for example in EXAMPLES for line in example.split("\n") if "reseau" in line or "ch-jury" in line]

    build = build_in_process(project, "--strict")
    assert build.returncode == 0, build.output
    page = build.html("comptes-rendus/2022-04-06-exemples/index.html")
    assert "<code>[la fiche](../actions/reseau.md)</code>" in page
    assert '<pre><code>[un bloc](../actions/reseau.md)\n!!! engagement ch-jury "Paul Exemple"\n    Réserver les salles.\n</code></pre>' in page
    assert "<pre><code>!!! decision reseau\n    [un autre bloc](/projets/reseau/)\n</code></pre>" in page
    assert "<pre><code>[une ligne en retrait](../actions/reseau.md)\n[fiche]: ../actions/reseau.md\n</code></pre>" in page
    assert "<pre><code>[un exemple dans la décision](../actions/reseau.md)\n</code></pre>" in page


def test_renommer_refuses_in_french_and_changes_nothing(project):
    state = tree_state(project)
    unknown = _rename(project, "ch-jurry", "chj")
    assert unknown.returncode == 1
    assert "« ch-jurry » n'est l'identifiant d'aucune structure, fiche action, instance ni thématique (vouliez-vous dire « ch-jury » ?)" in unknown.stderr
    taken = _rename(project, "ch-jury", "epe-57")
    assert "« epe-57 » est déjà l'identifiant d'une autre structure" in taken.stderr
    invalid = _rename(project, "ch-jury", "CH Jury")
    assert "« CH Jury » n'est pas un identifiant" in invalid.stderr and "(par exemple « ch-jury »)" in invalid.stderr
    empty = _rename(project, "", "chj")
    assert "indiquez l'identifiant actuel et le nouveau, par exemple : make renommer ANCIEN=" in empty.stderr
    trial = _rename(project, "ch-jury", "chj", "--essai")
    assert trial.returncode == 0 and "serait renommée" in trial.stdout and "Essai : rien n'a été écrit." in trial.stdout
    instance = _rename(project, "copil", "comite", "--essai")
    assert instance.stdout.startswith("L'instance « copil » serait renommée en « comite » :")
    assert tree_state(project) == state
    # A project with an error is not renamed: its mentions could not all be found.
    (project / "partners.yaml").write_text((project / "partners.yaml").read_text(encoding="utf-8").replace("secteur: soins-prevention", "secteur: soin", 1), encoding="utf-8")
    state = tree_state(project)
    broken = _rename(project, "ch-jury", "chj")
    assert broken.returncode == 1 and "corrigez-les d'abord" in broken.stderr and "partners.yaml:6: secteur inconnu" in broken.stderr
    assert tree_state(project) == state


def test_a_rename_the_system_refuses_midway_changes_no_file(project):
    """The new texts are all written beside their files before any takes its place: a file the
    system refuses (here a folder where its new text would go) leaves every other one as it was."""
    (project / "minutes" / ".2022-04-05-suivi.md.releve-tmp").mkdir()
    state = tree_state(project)
    refused = _rename(project, "ch-jury", "chj")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(f"Erreur : impossible d'écrire « {project}/minutes/2022-04-05-suivi.md » (")
    assert refused.stderr.endswith("Aucun fichier n'a été modifié.\n")
    assert tree_state(project) == state


def test_files_replaced_together_go_back_when_one_is_refused(tmp_path):
    """A rename refused midway (here onto a folder) puts back the files already replaced."""
    first, folder, last = tmp_path / "a.yaml", tmp_path / "dossier", tmp_path / "b.yaml"
    first.write_text("avant\n", encoding="utf-8")
    (folder / "fichier").parent.mkdir()
    (folder / "fichier").write_text("", encoding="utf-8")
    state = tree_state(tmp_path)
    with pytest.raises(IsADirectoryError) as refused:
        replace_files({first: "après\n", folder: "texte", last: "nouveau"})
    assert refused.value.filename == str(folder)
    assert tree_state(tmp_path) == state


def test_an_old_id_in_use_again_is_an_error_at_its_line(project):
    assert _rename(project, "epe-57", "ecole-des-parents").returncode == 0
    # Someone adds a new structure with the old id: its address would be the redirect's.
    partners = project / "partners.yaml"
    partners.write_text(partners.read_text(encoding="utf-8") + "  - id: epe-57\n    nom: Autre\n", encoding="utf-8")
    check = run_releve("verifier", "--site", str(project))
    assert check.returncode == 1
    assert "renommages.yaml:6: « epe-57 » est de nouveau un identifiant en usage : retirez ce renommage" in check.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make absent")
def test_make_importer_and_renommer_say_what_to_give(tmp_path):
    # The starter's Makefile is the one source of the coordinator's commands: the repository's
    # includes it (tests/test_supply_chain.py). STAMP emptied: the recipes' own checks, without
    # installing the tools.
    makefile = creer.STARTER / "Makefile"
    (tmp_path / "Makefile").write_bytes(makefile.read_bytes())
    importer = subprocess.run(["make", "-s", "importer", "STAMP="], cwd=tmp_path, capture_output=True, text=True)
    assert importer.returncode != 0
    assert "Erreur : indiquez le document à importer, par exemple : make importer FICHIER=" in importer.stderr
    # The second pass on every draft needs no document.
    dry = subprocess.run(["make", "-n", "importer", "STAMP=", "ARGS=--completer"], cwd=tmp_path, capture_output=True, text=True)
    assert dry.returncode == 0 and "releve importer \"$FICHIER\" --completer" in dry.stdout
    assert "make renommer ANCIEN=centre-hospitalier NOUVEAU=centre-hospitalier-de-la-ville" in makefile.read_text(encoding="utf-8")


def test_a_link_written_with_backslash_escapes_is_renamed_as_markdown_reads_it(project):
    """A link to a fiche written with Markdown's backslash escapes (« reseau\\-psy\\.md ») was left
    as written, and the build then reported it broken: its target is read as Markdown reads it, only
    the id is changed, the rest of the target (escapes, anchor) and of the text stays as written."""
    path = "minutes/2022-04-06-echappements.md"
    escaped = LINKED_MEETING.replace("2022-04-05", "2022-04-06").replace("Réserver les salles du CH Jury", "Réserver le parking du CH Jury")
    escaped += "\nVoir [la fiche](\\.\\./actions/reseau\\.md\\#quoi) et [le projet](/projets/reseau/ \"Le réseau\").\n"
    (project / path).write_text(escaped, encoding="utf-8")
    assert _rename(project, "reseau", "reseau-psy").returncode == 0
    text = (project / path).read_text(encoding="utf-8")
    assert text == escaped.replace("reseau", "reseau-psy")
    assert "[la fiche](\\.\\./actions/reseau-psy\\.md\\#quoi)" in text
    # An id's own escapes (« \\- ») are read too.
    (project / path).write_text(text.replace("../actions/reseau-psy.md#quoi", "../projets/reseau\\-psy\\.md#quoi"), encoding="utf-8")
    result = _rename(project, "reseau-psy", "reseau-perinatalite")
    assert result.returncode == 0, result.output
    text = (project / path).read_text(encoding="utf-8")
    assert "Voir [la fiche](../projets/reseau-perinatalite\\.md#quoi) et [le projet][fiche]." in text
    assert "[la fiche](\\.\\./actions/reseau-perinatalite\\.md\\#quoi)" in text
    assert not re.search(r"(?<![\w-])reseau(?:\\?-psy)?(?![\w-])", text)

    build = build_in_process(project, "--strict")
    assert build.returncode == 0, build.output


def test_a_link_to_a_structure_thematique_or_instance_page_is_renamed(project):
    """Only the links to a fiche were renamed: one to the page of a renamed structure, thématique or
    instance was left at the old address, and the check after the rename refused it as broken."""
    path = "minutes/2022-04-06-pages.md"
    links = ("Voir [la structure](../annuaire/ch\\-jury.md), [le thème](/thematiques/logement.md) "
             "et [l'instance](../instances/groupe-thematique.md \"Le groupe\").\n")
    meeting = LINKED_MEETING.replace("2022-04-05", "2022-04-06").replace("Réserver les salles du CH Jury", "Réserver le parking du CH Jury")
    (project / path).write_text(meeting + links, encoding="utf-8")
    for args in (("ch-jury", "chj"), ("logement", "logement-et-sante", "--type", "thematique"), ("groupe thématique", "groupe de travail")):
        result = _rename(project, *args)
        assert result.returncode == 0, result.output
    renamed = ("Voir [la structure](../annuaire/chj.md), [le thème](/thematiques/logement-et-sante.md) "
               "et [l'instance](../instances/groupe-de-travail.md \"Le groupe\").\n")
    assert (project / path).read_text(encoding="utf-8").endswith("\n" + renamed)
    build = build_in_process(project, "--strict")
    assert build.returncode == 0, build.output


def test_links_in_docs_pages_and_letters_are_renamed_as_the_build_resolves_them(project):
    """The pages of docs/ and the éditos of lettres/ were not walked: a link there to a renamed fiche
    or structure was left at the old page, and the check after the rename refused it as broken. Each
    target is resolved as the build's link check resolves it; only the id changes. From docs/,
    « actions/reseau.md » is a page of docs/, not the fiche (« /actions/reseau.md » is): its link was
    changed too, and the check after the rename put every file back."""
    pages = {
        "docs/a-propos.md": (
            "# À propos\n\nVoir [la fiche](projets/reseau.md#quoi), [le CH](annuaire/ch-jury.md) "
            "et [l'accueil](index.md).\n\n[fiche]: /projets/reseau/\n\nEn exemple : `[x](projets/reseau.md)`.\n\n"
            "Voir aussi [notre page](actions/reseau.md) et [la fiche](/actions/reseau.md).\n"
        ),
        "docs/actions/reseau.md": "# Le réseau\n\nVoir [la fiche](../projets/reseau.md) ou [cette page](../actions/reseau.md).\n",
        "docs/guide/partenaires.md": (
            "---\ntitle: Partenaires\n---\n# Partenaires\n\n- [La fiche](../projets/reseau\\.md \"Le réseau\")\n"
            "- [Le CH](../annuaire/ch\\-jury.md) et [l'EPE](../annuaire/epe-57.md)\n\nEn exemple :\n\n"
            "    [code](../projets/reseau.md)\n"
        ),
        "docs/guide/lexique.md": "# Lexique\n\nVoir [le guide](partenaires.md) et [reseau](../a-propos.md).\n",
        "lettres/2022-04.md": "---\ntitre: Lettre d'avril\n---\nLire [la fiche](../projets/reseau.md) et [le CH](/annuaire/ch-jury.md).\n",
    }
    write_project(project, pages)
    build = build_in_process(project, "--strict")
    assert build.returncode == 0, build.output
    for old, new in (("reseau", "reseau-psy"), ("ch-jury", "chj")):
        result = _rename(project, old, new)
        assert result.returncode == 0, result.output
        assert "docs/a-propos.md:3 :" in result.stdout and "docs/guide/partenaires.md:" in result.stdout
        assert "lettres/2022-04.md:4 :" in result.stdout
    texts = _texts(project)
    assert texts["docs/a-propos.md"] == pages["docs/a-propos.md"].replace("projets/reseau.md#", "projets/reseau-psy.md#").replace(
        "ch-jury.md", "chj.md").replace("/projets/reseau/", "/projets/reseau-psy/").replace("(/actions/reseau.md)", "(/actions/reseau-psy.md)")
    assert texts["docs/actions/reseau.md"] == pages["docs/actions/reseau.md"].replace("projets/reseau.md", "projets/reseau-psy.md")
    assert texts["docs/guide/partenaires.md"] == pages["docs/guide/partenaires.md"].replace(
        "reseau\\.md \"", "reseau-psy\\.md \"").replace("ch\\-jury.md", "chj.md")
    assert texts["docs/guide/lexique.md"] == pages["docs/guide/lexique.md"]
    assert texts["lettres/2022-04.md"] == pages["lettres/2022-04.md"].replace("reseau.md", "reseau-psy.md").replace("ch-jury.md", "chj.md")
    build = build_in_process(project, "--strict")
    assert build.returncode == 0, build.output
