"""Hostile input, round 2 (issue 23, item 5): bounded work everywhere.

Each case is measured on an input and on one eight or ten times larger, in the process's CPU time
(``time.process_time``, which other processes do not slow): the ratio of the two times, never an
absolute time. A linear step gives a ratio near the scale; the quadratic ones they replace gave
its square (a 124 Ko body of spaces took 145 s in the typography pass).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from conftest import ACTION, BASE_FILES, MEETING, PARTNERS, REFERENTIAL, REPO, ratio, write_project

from releve import contacts, pdf, pipeline, typography
from releve.body import bracket_work, check_images, layout_work, parse_body, too_many_blocks
from releve.importing import import_document
from releve.importing.reading import MAX_PART_BYTES, UnreadableDocument, read_document
from releve.schema import SINGLE_LINE_MAX, Checker
from releve.sources import LoadError, SourceDocument, yaml_document
from releve.text import quoted

MEETING_PATH = "minutes/2021-02-19-groupe-enfance.md"


# The pathological inputs of the typography pass, each given as a function of its size: the texts
# that its regexes read again from each blank or each « < », before this round.
TYPOGRAPHY = {
    "blanks before a colon": lambda n: "<p>a:" + " " * n + "</p>",
    "blanks after an opening quote": lambda n: "<p>«" + " " * n + "</p>",
    "line breaks after a number": lambda n: "<p>1 " + "\n" * n + "</p>",
    "unclosed scripts": lambda n: "<p>" + "<script>" * (n // 8) + "</p>",
    "unclosed comments": lambda n: "<p>" + "<!--x>" * (n // 6) + "</p>",
    "a « < » with no « > » after it": lambda n: "<p>x</p>" + "<" * n,
}


@pytest.mark.parametrize("case", TYPOGRAPHY, ids=list(TYPOGRAPHY))
def test_the_typography_pass_is_linear(case):
    make = TYPOGRAPHY[case]
    small, large = make(2_500), make(20_000)
    # Linear: about 8 (here from 2 to 12 on a loaded machine); quadratic: 64.
    assert ratio(typography.french_html, small, large) < 24


# The texts of the first three, alone: ``french_html`` remembers the texts it spaced, so its cost
# on a page seen before is that of cutting it (the last three cases); the spacing of a text is
# measured here.
TEXTS = {case: TYPOGRAPHY[case] for case in ("blanks before a colon", "blanks after an opening quote", "line breaks after a number")}


@pytest.mark.parametrize("case", TEXTS, ids=list(TEXTS))
def test_the_spacing_of_a_text_is_linear(case):
    text = TEXTS[case]
    small, large = text(2_500)[3:-4], text(20_000)[3:-4]
    assert ratio(typography.french_text, small, large) < 24


# Texts where no number can start (no « 0 » at the start of digits, no « + » before one) are passed
# over by one search (those where numbers start: test_reader_contacts), and so are texts whose
# brackets hide no « @ » or « . » (« (at) », « [point] »). A contact after them is still found.
CONTACT_SEARCHES = {
    "digits and blanks": lambda n: "1 " * (n // 2),
    "« 0 » after other digits": lambda n: "10" * (n // 2),
    "« + » with no digit": lambda n: "+" * n,
    "« (+ »": lambda n: "(+" * (n // 2),
    "brackets and words": lambda n: "( at [ point " * (n // 13),
}


@pytest.mark.parametrize("case", CONTACT_SEARCHES, ids=list(CONTACT_SEARCHES))
def test_the_contact_search_is_linear_where_none_can_start(case):
    make = CONTACT_SEARCHES[case]
    assert ratio(contacts.find, make(2_500), make(20_000)) < 24  # linear: 8; quadratic: 64
    found = contacts.find(make(2_000) + " ; 06 12 34 56 78 ; nom (at) exemple [point] fr")
    assert [contact.key for contact in found] == ["+33612345678", "nom@exemple.fr"]


def test_the_typography_pass_still_spaces_french_and_leaves_code_alone():
    page = "<p>Ordre du jour : point « un » ; fin !</p><pre>a : b</pre><script>x = a ? b : c;</script>"
    assert typography.french_html(page) == (
        "<p>Ordre du jour\u00a0: point «\u202fun\u202f»\u202f; fin\u202f!</p><pre>a : b</pre><script>x = a ? b : c;</script>"
    )


BRACKETS = {
    "a run of « [ »": lambda n: "[" * n,
    "unclosed links": lambda n: "[a " * (n // 3),
    "unclosed targets": lambda n: "[a](b " * (n // 6),
    "images": lambda n: "![" * (n // 2),
}


@pytest.mark.parametrize("case", BRACKETS, ids=list(BRACKETS))
def test_the_bracket_check_is_linear_and_refuses_what_markdown_would_read_for_minutes(case, tmp_path):
    make = BRACKETS[case]
    assert bracket_work(make(20_000)) == 0
    assert ratio(bracket_work, make(20_000), make(200_000)) < 30  # linear: 10; quadratic: 100
    # Refused at validation, at its line: Python-Markdown took half a minute on 8,000 « [ ».
    write_project(tmp_path, {**BASE_FILES, MEETING_PATH: MEETING + "\n" + make(8_000) + "\n"})
    problems = [str(problem) for problem in pipeline.validate_project(tmp_path)]
    assert problems == [
        f"{MEETING_PATH}:{MEETING.count(chr(10)) + 2}: trop de crochets « [ » ou de parenthèses « ]( » laissés ouverts dans ce "
        "paragraphe : sa lecture prendrait des minutes ; fermez-les, ou écrivez « \\[ » pour un crochet qui n'ouvre pas de lien"
    ]


# What Python-Markdown lays out in a time that grows as the square of the text: lines at which it
# cuts a block and copies the rest (160 KB of setext headings took a build 35 s, 1 MB would take
# twenty minutes), inline patterns that rewrite or read on to the end of their paragraph (400 KB of
# « \\ » took 73 s), code fences that each rewrite the whole text, blocks taken from the front of a list.
CUTS = "trop de titres, de lignes de séparation ou d'encadrés"
INLINE = "trop de signes de mise en forme"
FENCES = "trop de blocs de code"
SANITIZER = "trop de signes « & », « ° », « « », « » », d'espaces insécables"
BLOCKS = "plus de 10\u202f000 paragraphes, éléments de liste ou lignes de tableau"
LAYOUTS = {
    "setext headings": (lambda n: "titre\n-\n" * (n // 8), CUTS),
    "rules": (lambda n: "***\n" * (n // 4), CUTS),
    "« # » headings": (lambda n: "# a\n" * (n // 4), CUTS),
    "headings in a quote": (lambda n: "> # a\n" * (n // 6), CUTS),
    "boxes": (lambda n: "!!! note\n    a\n" * (n // 15), CUTS),
    "backslashes": (lambda n: "\\" * n, INLINE),
    "unclosed emphasis": (lambda n: "*a" * (n // 2), INLINE),
    "unclosed comments": (lambda n: "<!--" * (n // 4), INLINE),
    "line breaks": (lambda n: "a  \n" * (n // 4), INLINE),
    # Under a header Python-Markdown's tables do not take (its separator has more cells): one paragraph.
    "a paragraph under a false table header": (lambda n: "a|b\n|---|---|\n" + "\\" * (n - 14), INLINE),
    "fences": (lambda n: "```\n" * (n // 4), FENCES),
    "blank lines": (lambda n: "\n" * n, BLOCKS),
    # Written back by the allow-list (nh3) in a time that grows with the run of text around each;
    # a code block keeps its blank lines in one run.
    "degree signs": (lambda n: "°" * n, SANITIZER),
    "« & » in a code block cut by blank lines": (lambda n: "```\n" + ("&" * 998 + "\n\n") * (n // 1_000) + "```", SANITIZER),
    # Read row by row, but WeasyPrint lays out a PDF of thousands of rows as their square.
    "rows of a table": (lambda n: "| a | b |\n|---|---|\n" + "| x | y |\n" * ((n - 20) // 10), BLOCKS),
}


@pytest.mark.parametrize("case", LAYOUTS, ids=list(LAYOUTS))
def test_the_layout_check_is_linear_and_refuses_what_markdown_would_take_minutes_on(case):
    make, message = LAYOUTS[case]
    assert layout_work(make(2_000)) is None
    refused = layout_work(make(1_000_000))
    assert refused is not None and refused[1].startswith(message)
    # Both beyond the sizes from which the check reads more of a text (200 KB to 800 KB crossed one: a ratio of 9).
    assert ratio(layout_work, make(500_000), make(2_000_000)) < 10  # linear: 4; quadratic: 16


def test_a_text_markdown_would_take_minutes_on_is_refused_at_its_line(tmp_path):
    files = {**BASE_FILES, MEETING_PATH: MEETING + "\n" + LAYOUTS["setext headings"][0](200_000) + "\n"}
    for case in ("backslashes", "fences", "blank lines", "degree signs"):
        files[f"docs/{case.replace(' ', '-')}.md"] = "# Essai\n\nUn paragraphe.\n\n" + LAYOUTS[case][0](400_000)
    write_project(tmp_path, files)
    problems = [str(problem) for problem in pipeline.validate_project(tmp_path)]
    expected = [
        "docs/backslashes.md:5: " + INLINE,
        "docs/blank-lines.md:10003: " + BLOCKS,
        "docs/degree-signs.md:5: " + SANITIZER,
        "docs/fences.md:25007: " + FENCES,
        f"{MEETING_PATH}:{MEETING.count(chr(10)) + 2}: " + CUTS,
    ]
    assert len(problems) == len(expected) and all(problem.startswith(start) for problem, start in zip(problems, expected)), problems
    assert problems[-1].endswith("leur mise en page prendrait des minutes ; séparez-les par des lignes vides")


def test_a_compte_rendu_which_is_printed_holds_fewer_blocks_than_a_page():
    # WeasyPrint lays out a PDF of thousands of paragraphs, items or rows in a time that grows as their
    # square: a compte rendu, printed, holds at most 3,000 of them, a page of docs/ 10,000.
    body = "# Essai\n\n" + "- point\n" * 3_500

    def problems(path: str) -> list[str]:
        checker = Checker(SourceDocument(path, {}, {(): 1}, body, 1))
        parse_body(body, 1, checker)
        return [str(problem) for problem in checker.problems]

    assert problems("minutes/2021-02-19-essai.md") == ["minutes/2021-02-19-essai.md:3: " + too_many_blocks(3_000)]
    assert problems("docs/essai.md") == []
    assert too_many_blocks(3_000).startswith("plus de 3000 paragraphes, éléments de liste ou lignes de tableau")


def test_headings_rules_and_signs_of_real_texts_pass():
    # 300 headings each over its paragraph, without blank lines; a long page whose headings are apart;
    # a long paragraph of ordinary text.
    assert layout_work("".join(f"## Point {i}\n" + "Texte du point, sur une ligne. " * 10 + "\n" for i in range(300))) is None
    assert layout_work("".join(f"## Partie {i}\n\n" + "Un paragraphe.\n" * 40 + "\n---\n\n" for i in range(2_000))) is None
    assert layout_work("Texte ordinaire, avec *un peu* de _forme_ et un [lien](x). " * 1_000) is None
    # A megabyte of French, its quotes and non-breaking spaces in one paragraph.
    assert layout_work("Il dit « oui » : 30\u00a0% des cas en deux ans, selon le rapport publié l'an dernier. " * 12_000) is None
    # Lists and tables are read item by item, cell by cell: 6,000 links in a list, 8,000 rows of a table.
    assert layout_work("# Liens\n\n" + "".join(f"- [Lien {i}](https://exemple.fr/{i})\n" for i in range(6_000))) is None
    rows = "".join(f"| [l{i}](https://exemple.fr/{i}) | *c* `d` \\* |\n" for i in range(8_000))
    assert layout_work("# Tableau\n\n| a | b |\n|---|:-:|\n" + rows) is None
    for path in [*REPO.glob("minutes/*.md"), *REPO.glob("actions/*.md"), *REPO.glob("docs/**/*.md")]:
        assert layout_work(path.read_text(encoding="utf-8")) is None, path


# What makes the search for addresses a browser would fetch (« src= », « url( », « @import ») try a
# match: it starts only from the « = », « ( » and « @ » of the text, looking back over blanks.
FETCHES = {
    "blanks before each « = »": lambda n: ("src" + " " * 8 + "=") * (n // 12),
    "words and blanks, no « = »": lambda n: "background \t" * (n // 12),
    "« url( » with no target": lambda n: "url(" * (n // 4),
    "an « @import » whose address is full of « @ »": lambda n: "@import " + "a@" * (n // 2),
    "a run of « ( »": lambda n: "(" * n,
}


@pytest.mark.parametrize("case", FETCHES, ids=list(FETCHES))
def test_the_search_for_fetched_addresses_is_linear(case):
    make = FETCHES[case]

    def check(text: str) -> list:
        checker = Checker(SourceDocument(MEETING_PATH, {}, {(): 1}, text, 1))
        check_images(text, checker, 1)
        return checker.problems

    assert ratio(check, make(20_000), make(200_000)) < 30  # linear: 10; quadratic: 100
    # Still found from where it starts: a style of another site after the whole run is refused.
    foreign = make(2_000) + "\n<span style=\"background: url('https://autre.example/b.png')\">"
    assert [problem.line for problem in check(foreign)] == [2]


def test_links_and_brackets_of_a_real_text_pass():
    # 500 links in a list without a blank line, five of its items with a « [ » left open.
    text = "\n".join(f"- [Fiche {i}](../actions/fiche-{i}.md) [voir aussi][r{i}] (note)" + (" [sic" if i < 5 else "") for i in range(500))
    assert bracket_work(text) is None
    assert bracket_work("`" + "[" * 5000 + "`") is None  # a code span: no link is read in it



def load_ratio(tmp_path: Path, small: dict[str, str], large: dict[str, str]) -> float:
    """How much longer the content of ``large`` takes to load than that of ``small``; both are valid."""
    projects = tmp_path / "petit", tmp_path / "grand"
    for project, files in zip(projects, (small, large)):
        project.mkdir()
        write_project(project, {**BASE_FILES, **files})
        assert pipeline.validate_project(project) == []
    return ratio(pipeline.validate_project, *projects)


def chained_structures(count: int) -> dict[str, str]:
    """``partners.yaml`` with ``count`` structures, each the « parent » of the one before it."""
    chain = "".join(f"  - id: s{i}\n    nom: Structure {i}\n    parent: s{i + 1}\n" for i in range(count))
    return {"partners.yaml": PARTNERS + chain.replace(f"parent: s{count}\n", "parent: ch-jury\n")}


def test_a_long_chain_of_parents_is_checked_in_linear_time(tmp_path):
    # Each structure was walked up to its top, and each kept one looked for in the list of those
    # kept: the 28,000 chained structures of a 1 Mo partners.yaml took some 40 s.
    assert load_ratio(tmp_path, chained_structures(500), chained_structures(5_000)) < 30  # linear: 10; quadratic: 100


def milestones(count: int) -> dict[str, str]:
    """The fiche action with ``count`` jalons, all of one month."""
    steps = "".join(f"  - date: 2021-03\n    titre: Étape {i}\n" for i in range(count))
    return {"actions/reseau.md": ACTION.replace("jalons:\n", "jalons:\n" + steps)}


def test_the_jalons_of_a_fiche_make_its_agenda_in_linear_time(tmp_path):
    # Each jalon of the agenda was numbered by counting again those of its date before it.
    assert load_ratio(tmp_path, milestones(400), milestones(4_000)) < 30  # linear: 10; quadratic: 100



def themes_and_events(count: int) -> dict[str, str]:
    """``count`` thématiques, and ``count`` events of a fiche action in twenty of them."""
    themes = "".join(f"  - id: t{i}\n    nom: Thématique {i}\n" for i in range(count))
    events = "".join(f"  - id: e{i}\n    titre: Événement {i}\n    date: 2021-05-10\n    actions: [reseau]\n" for i in range(count))
    return {
        "referentiel.yaml": REFERENTIAL.replace("thematiques:\n", "thematiques:\n" + themes),
        "evenements.yaml": "evenements:\n" + events,
        "actions/reseau.md": ACTION.replace("[enfance-parentalite]", "[" + ", ".join(f"t{i}" for i in range(20)) + "]"),
    }


def test_the_calendars_of_many_thematiques_are_made_in_linear_time(tmp_path):
    # Each thématique's calendar scanned every item of the agenda: two lists of 1 Mo, hours.
    assert load_ratio(tmp_path, themes_and_events(300), themes_and_events(3_000)) < 30  # linear: 10; quadratic: 100


def test_a_fiche_names_at_most_a_hundred_pilotes_and_as_many_partenaires(tmp_path):
    # Each of them lists every decision of the fiche on its page: a fiche of 1,900 pilotes and as many
    # decisions took 14 s to load alone, and its pages would have listed 3.6 million decisions.
    structures = "".join(f"  - id: s{i}\n    nom: Structure {i}\n" for i in range(101))
    named = ", ".join(f"s{i}" for i in range(101))
    sheet = ACTION.replace("pilotes: [cmp-winnicott]", f"pilotes: [{named}]").replace("partenaires: [epe-57]", f"partenaires: [{named[4:]}]")
    write_project(tmp_path, {**BASE_FILES, "partners.yaml": PARTNERS + structures, "actions/reseau.md": sheet})
    assert [str(problem) for problem in pipeline.validate_project(tmp_path)] == [
        "actions/reseau.md:6: « pilotes » est trop longue (101 éléments, au plus 100)"
    ]


def test_blocks_of_one_text_are_numbered_in_linear_time():
    # Each block of a text already seen tried « -2 », « -3 »… in turn: 8,000 decisions of one text took 12 s.
    def anchors(count: int) -> list[str]:
        checker = Checker(SourceDocument(MEETING_PATH, {}, {(): 1}, "", 1))
        return [decision.anchor for decision in parse_body("!!! decision\n    Décision.\n\n" * count, 1, checker).decisions]

    first = anchors(3)[0]
    assert anchors(3) == [first, f"{first}-2", f"{first}-3"]
    assert ratio(anchors, 500, 5_000) < 30  # linear: 10; quadratic: 100


def test_a_meeting_lists_at_most_two_hundred_participants_of_two_structures_each(tmp_path):
    # The carte partenariale ties every two structures of a meeting: 2,500 structures at one meeting
    # took a build 30 s, 5,000 more than two minutes.
    crowd = "".join(f"  - nom: Personne {i}\n    structure: ch-jury\n" for i in range(199))
    meeting = MEETING.replace("    structure: ch-jury\n", "    structure: [ch-jury, epe-57, cmp-winnicott]\n" + crowd)
    write_project(tmp_path, {**BASE_FILES, MEETING_PATH: meeting})
    line = MEETING.count("\n", 0, MEETING.index("participants:")) + 1
    assert [str(problem) for problem in pipeline.validate_project(tmp_path)] == [
        f"{MEETING_PATH}:{line}: « participants » est trop longue (201 éléments, au plus 200)"
    ]
    write_project(tmp_path, {MEETING_PATH: meeting.replace(crowd, crowd[crowd.index("  - nom: Personne 1\n") :])})
    assert [str(problem) for problem in pipeline.validate_project(tmp_path)] == [
        f"{MEETING_PATH}:{line + 6}: « participants[2].structure » est trop longue (3 éléments, au plus 2)"
    ]


def test_a_loop_of_parents_is_reported_at_each_structure_that_runs_into_it(tmp_path):
    loop = "".join(f"  - id: b{i}\n    nom: Boucle {i}\n    parent: b{(i + 1) % 3}\n" for i in range(3))
    tail = "  - id: queue\n    nom: Queue\n    parent: b0\n  - id: seule\n    nom: Seule\n    parent: seule\n"
    write_project(tmp_path, {**BASE_FILES, "partners.yaml": PARTNERS + loop + tail + "  - id: hors\n    nom: Hors\n    parent: b0-x\n"})
    start = PARTNERS.count("\n") + 1
    problems = [str(problem) for problem in pipeline.validate_project(tmp_path)]
    looped = [f"partners.yaml:{start + 3 * i}: « parent » de « {name} » forme une boucle" for i, name in enumerate(("b0", "b1", "b2", "queue", "seule"))]
    assert [problem for problem in problems if "boucle" in problem] == looped, problems



def test_a_pdf_lays_out_a_text_without_spaces_in_linear_time():
    # WeasyPrint broke such a text only where it overflowed, laying out the rest of the paragraph
    # again at each line: a word of 200,000 letters in a compte rendu held its PDF for minutes.
    # In large letters, fewer to a line: as many lines as a word three times longer, the quadratic
    # work shows on shorter words (here, 10,000 letters: linear 9, quadratic 59 without
    # ``pdf.breakable``; 30,000 letters in the body's size gave 13 and 72, in twice the time).
    def page(length: int) -> str:
        return '<html><body><p style="font-size: 4em">' + "a" * length + "</p></body></html>"

    assert ratio(pdf.render, page(1_000), page(10_000)) < 30  # linear: 10; quadratic: 100
    assert pdf.breakable("<p>" + "a" * 70 + " &amp;" + "b" * 29 + "&eacute;</p>") == (
        "<p>" + "a" * 30 + "<wbr>" + "a" * 30 + "<wbr>" + "a" * 10 + " &amp;" + "b" * 29 + "<wbr>&eacute;</p>"
    )
    tag = '<a title="x > ' + "y" * 40 + '" href="#">'  # a tag is left whole, « > » in a value and all
    assert pdf.breakable(tag + "z" * 35 + "</a>") == tag + "z" * 30 + "<wbr>zzzzz</a>"


def zip_bomb(path: Path, megabytes: int) -> Path:
    """A .docx whose « word/document.xml » is ``megabytes`` Mo of zeros, written in a few
    milliseconds: one deflate block of 1 Mo, compressed once and repeated (a full flush makes each
    block independent), in a zip written by hand (zipfile would compress every byte)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(1_000_000)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = block * megabytes + compressor.flush()
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    name, size = b"word/document.xml", megabytes * 1_000_000
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0) + name
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0, 0, 0, 0, 0, 0) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    path.write_bytes(local + data + central + end)
    return path


def test_the_importer_refuses_a_zip_bomb_before_unpacking_it(tmp_path):
    small, large = zip_bomb(tmp_path / "petit.docx", 30), zip_bomb(tmp_path / "grand.docx", 300)
    assert large.stat().st_size < 500_000  # 300 Mo once unpacked

    def refused(path: Path) -> str:
        with pytest.raises(UnreadableDocument) as raised:
            read_document(path)
        return str(raised.value)

    assert refused(large) == (
        f"« grand.docx » : sa partie « word/document.xml » ferait 300 Mo une fois décompressée, plus que la limite de "
        f"{MAX_PART_BYTES // 1_000_000} Mo : ce n'est pas un compte rendu ordinaire."
    )
    # From the sizes the zip declares: unpacking would take ten times longer for ten times more.
    assert ratio(refused, small, large) < 3


# A title's own « » made the second rank's “ ” (text.quoted): its blanks were read again from each
# one the quote might start after, and a « that none closes on to the end: a title of a « and
# 1,000 blanks (the longest a title may be) took half a second at each mention, an agenda's
# échéance per engagement of its meeting (ten engagements, seven seconds).
QUOTES = {
    "blanks after a « that none closes": lambda n: "«" + "\u00a0" * (n - 2) + "x",
    "« that none closes": lambda n: "«" * n,
    "closed quotes": lambda n: "« a » " * (n // 6),
}


@pytest.mark.parametrize("case", QUOTES, ids=list(QUOTES))
def test_a_title_is_quoted_in_linear_time(case):
    make = QUOTES[case]
    assert ratio(quoted, make(SINGLE_LINE_MAX // 10), make(SINGLE_LINE_MAX)) < 30  # linear: 10; cubic: 1,000
    assert quoted("étape «\u00a0Migrants  » et « ") == "« étape “Migrants” et «  »"


def test_an_agenda_numbered_on_one_line_is_imported_in_linear_time(tmp_path):
    # The word before each number (« art. 2. » is no point) was found by cutting and splitting the
    # line up to it: 40 KB of « 1. a » on the agenda's line took the importer 9 s, 400 KB 15 minutes.
    root = tmp_path / "projet"
    root.mkdir()
    write_project(root, {name: BASE_FILES[name] for name in ("partners.yaml", "referentiel.yaml")})

    def document(agenda: str) -> Path:
        source = tmp_path / f"cr-{len(agenda)}.txt"
        source.write_text(f"Compte rendu du comité\nDate : 14/04/2031\nOrdre du jour : {agenda}\nLa séance est ouverte.\n", encoding="utf-8")
        return source

    small, large = document("1. a " * 800), document("1. a " * 8_000)
    assert ratio(lambda source: import_document(source, root), small, large) < 30  # linear: 10; quadratic: 100
    imported = import_document(document("1. Bilan des sessions. 2. Calendrier 2022. art. 3. Questions diverses."), root)
    assert "ordre_du_jour:\n- Bilan des sessions.\n- Calendrier 2022. art. 3. Questions diverses.\n" in imported.markdown


def test_an_apostrophe_closing_quotes_after_a_long_word_is_named_in_linear_time():
    # The word before the apostrophe was found by « \\w*$ », which ran to the word's end from each
    # of its letters: 20,000 letters before the hyphen took 5 s, a line of 1 Mo hours.
    def message(text: str) -> str:
        with pytest.raises(LoadError) as error:
            yaml_document("x.yaml", text)
        return error.value.problem.message

    def line(n: int) -> str:
        return "titre: '" + "a" * n + "-'b\n"

    assert ratio(message, line(4_000), line(40_000)) < 30  # linear: 10; quadratic: 100
    assert "l'apostrophe de « d'abord » ferme les guillemets simples" in message("titre: 'Logement d'abord'\n")


def test_names_are_searched_for_unknown_values_in_linear_time():
    # Each unknown value was compared with every name of its vocabulary: 4,000 unknown structures
    # against 4,000 names took a second, 20,000 against 20,000 half a minute.
    from releve.validate import _Named

    def hints(n: int) -> list[str | None]:
        named = _Named({"structure": {f"cmp-{i}": (f"Centre médico-psychologique numéro {i} de la ville",) for i in range(n)}})
        return [named("structure", f"numéro {i} de la") for i in range(n)]

    assert ratio(hints, 500, 5_000) < 30  # linear: 10; quadratic: 100
    assert hints(3)[1] == "cmp-1"
