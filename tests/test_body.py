"""Property tests of the body parser: every block is found at its line, a decision's anchor
survives edits elsewhere in the file (the register's permalinks depend on it), and what it takes
for an indented code block is one to Python-Markdown."""

from __future__ import annotations

import functools
import re
import textwrap

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BASE_FILES, build_in_process, write_project
from releve.body import indented_code, parse_body
from releve.text import fold
from releve.schema import Checker
from releve.sources import SourceDocument

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàç ,.'", min_size=1, max_size=60).map(str.strip).filter(bool)
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)
BLOCK = st.one_of(
    PARAGRAPH.map(lambda text: ("text", text)),
    WORDS.map(lambda title: ("heading", title)),
    PARAGRAPH.map(lambda text: ("decision", text)),
)


def render(blocks: list[tuple[str, str]]) -> str:
    out = []
    for kind, text in blocks:
        if kind == "text":
            out.append(text)
        elif kind == "heading":
            out.append(f"## {text}")
        else:
            out.append(f"!!! decision\n    {text}")
        out.append("")
    return "\n".join(out)


def parse(body: str):
    checker = Checker(SourceDocument("minutes/2021-02-19-test.md", {}, {(): 1}))
    return parse_body(body, 10, checker), checker


@settings(max_examples=150, deadline=None)
@given(st.lists(BLOCK, max_size=12))
def test_every_block_is_found_at_its_line(blocks):
    body = render(blocks)
    parsed, checker = parse(body)
    assert checker.problems == []
    lines = body.split("\n")
    decisions = [text for kind, text in blocks if kind == "decision"]
    assert [d.text for d in parsed.decisions] == decisions
    for decision in parsed.decisions:
        assert lines[decision.line - 10].startswith("!!! decision")
    assert [s.title for s in parsed.sections] == [text for kind, text in blocks if kind == "heading"]
    for section in parsed.sections:
        assert lines[section.line - 10] == f"## {section.title}"


@settings(max_examples=150, deadline=None)
@given(st.lists(BLOCK, max_size=8), PARAGRAPH, st.lists(BLOCK, max_size=8), st.lists(BLOCK, max_size=8))
def test_a_decision_anchor_survives_edits_elsewhere(before, decision, after, edited_before):
    blocks = before + [("decision", decision)] + after
    edited = edited_before + [("decision", decision)] + after
    original, _ = parse(render(blocks))
    changed, _ = parse(render(edited))
    # Edits before it change its line, not its anchor (unless a decision with the same text, accents,
    # case and spacing aside, precedes it).
    def same(text: str) -> str:
        return " ".join(fold(text).split())

    if same(decision) not in [same(text) for kind, text in before + edited_before if kind == "decision"]:
        anchor = original.decisions[sum(1 for kind, _ in before if kind == "decision")].anchor
        assert anchor == changed.decisions[sum(1 for kind, _ in edited_before if kind == "decision")].anchor


MARGIN = st.sampled_from(["    ", "        ", "\t", "    \t", "     ", "\t    "])
BLOCK_LINE = st.one_of(st.tuples(MARGIN, WORDS).map("".join), st.sampled_from(["", "   ", "    ", "\t"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(BLOCK_LINE, max_size=6), st.tuples(MARGIN, WORDS).map("".join), st.lists(BLOCK_LINE, max_size=6))
def test_a_block_text_is_its_lines_dedented_as_textwrap_does(before, line, after):
    # Four spaces everywhere is read without textwrap (body._dedented): any other margin must give
    # the same text as textwrap.dedent.
    written = before + [line] + after
    parsed, checker = parse("!!! decision\n" + "\n".join(written) + "\n\nSuite.")
    assert checker.problems == []
    assert [d.text for d in parsed.decisions] == [textwrap.dedent("\n".join(written)).strip()]


# Lines of the kinds Python-Markdown reads differently before an indented block; « {L} » is a link
# of its own to each line.
LINE = st.sampled_from(
    [
        *("Texte {L}", "## Titre {L}", "#mot {L}", "Titre", "=====", "-----", "***", "* * *", "| a | b |", "|---|---|"),
        *("- point {L}", "* point {L}", "+ point {L}", "-\tpoint {L}", "   - point {L}", "1. point {L}", "12345678901. point {L}", "1) point {L}"),
        *("> citation {L}", "> - point {L}", "!!! note", '!!! note "Titre"', "??? note", '=== "Onglet"', "/// note"),
        *("[ref]: /x.md", "[ref]:", "[a]: <b c> 'titre'", "[^1]: note {L}", "*[CLSM]: conseil", "Terme", ": définition {L}"),
        *("```", "~~~", "    ```", "```python"),
        *("    code {L}", "        code {L}", "\tcode {L}", "  \tcode {L}", "    - point {L}"),
        *("", "", "", "  ", "\t"),
    ]
)
EXTENSIONS = [
    ["admonition", "attr_list", "md_in_html", "tables", "toc", "fenced_code"],  # the engine's (site_config.MARKDOWN_EXTENSIONS), and MkDocs' fences
    ["admonition", "footnotes", "def_list", "abbr", "sane_lists", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.details"],
    ["pymdownx.blocks.admonition", "pymdownx.blocks.details", "fenced_code"],
]
_MARKER = re.compile(r"\[t(\d+)\]\(zz\1\.md\)")


@functools.cache
def _markdown(extensions: tuple[str, ...]) -> markdown.Markdown:
    """One converter per set of extensions, reset before each text (``Markdown.reset``): what a new
    one reads the same, without loading its extensions again (half of each of 2,700 conversions)."""
    return markdown.Markdown(extensions=list(extensions))
_TARGET = re.compile(r"\]\(([^)]*)\)")


@pytest.mark.parametrize("extensions", EXTENSIONS, ids=["engine", "extensions", "blocks"])
@settings(max_examples=300, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=12))
def test_what_is_taken_for_an_indented_code_block_is_code_to_markdown(extensions, lines):
    """A link on a line taken for code is neither checked nor pointed at its page: were it a link
    to Markdown, it would be published unchecked."""
    text = "\n".join(line.replace("{L}", f"[t{n}](zz{n}.md)") for n, line in enumerate(lines))
    code = indented_code(text)
    after_fence = {index - 1 for index in indented_code("```\n" + text, after_fence=True)}
    # As written, as some pages show it (stripped: a fiche's answers, « En bref »), after a fenced block.
    for found, shown in ((code, text), (code, text.strip()), (after_fence, f"```\nx\n```\n{text}")):
        converted = _markdown(tuple(extensions)).reset().convert(shown)
        for index in found:
            for marker in _MARKER.finditer(text.split("\n")[index]):
                assert f'href="zz{marker.group(1)}.md"' not in converted, (shown, index)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tapez :\n\n    [a](b.md)\n    [c](d.md)\n\n    [e](f.md)\nSuite [g](h.md).", {2, 3, 5}),
        ("## Exemple\n\n\t[a](b.md)\n\n> citation\n\n    [c](d.md)", {2, 6}),
        ("Texte\n\n[ref]: /x.md\n\n    [a](b.md)", {4}),
        # « [ref]: » without a target is a paragraph, and the line after it one of its lines.
        ("Texte\n\n    [a](b.md)\n[ref]:\n    [c](d.md)\n\n    [e](f.md)", {2, 6}),
        ("Texte\n    suite du paragraphe [a](b.md)", set()),
        ("- point\n\n    [a](b.md), la suite du point", set()),
        # A block that starts indented goes whole into the item, its heading too: the block after it as well.
        ("- point\n\n    ```\n## Titre [a](b.md)\n\n    [c](d.md), la suite du point", set()),
        ("!!! note\n    Encadré.\n\n    [a](b.md), la suite de l'encadré", set()),
        ("- point\n\n[ref]: /x.md\n\n    [a](b.md), la suite du point", set()),
        ("    [a](b.md) au début du texte, dont on ignore ce qui le précède", set()),
        ("```\ncode\n```\n\n    [a](b.md) après un bloc délimité, dont on ignore ce qui le précède", set()),
    ],
)
def test_an_indented_code_block_is_found_as_markdown_reads_it(text, code):
    """The usual cases are found; where what comes before is unknown, the lines are read as text."""
    assert indented_code(text) == code
    converted, lines = markdown.markdown(text, extensions=EXTENSIONS[0]), text.split("\n")
    for index in code:
        target = _TARGET.search(lines[index]).group(1)
        assert f'href="{target}"' not in converted


def test_a_fiche_s_answer_starts_with_no_code_block():
    """A fiche shows each answer without the blanks after its heading: its first line is a paragraph."""
    assert indented_code("## Objectifs\n\n    [a](b.md)\n\nTexte\n\n    [c](d.md)") == {2, 6}
    assert indented_code("## Objectifs\n\n    [a](b.md)\n\nTexte\n\n    [c](d.md)", headings_stripped=True) == {6}


# Texts whose code the detection finds where its context is known (after a fenced block, past a
# text's first block) or leaves as text (fence-like lines Python-Markdown reads as text, a block
# that is a list once stripped): « {L} » is a link of its own to each line.
SHOWN_AS_CODE = [
    ("Texte.\n\n```\n{L} dans le bloc\n```\n    {L} juste après le bloc\n\n    {L} après une ligne vide", {2, 3, 4, 7}),
    ("```\n{L}\n```\n\n    {L} après une ligne vide\n\n\t{L} encore", {0, 1, 2, 4, 6}),
    ("~~~~ python\n{L}\n~~~\n```\n~~~~\n    {L}\n\n    {L}", {0, 1, 2, 3, 4, 7}),
    ("    {L} au début du texte\n    {L}\n\n    {L} après le premier bloc", {3}),
    ("    - {L} un point, une fois le texte rogné\n\n    {L} la suite du point", set()),
    ("## En bref\n\n    {L} rogné dans la lettre\n\n    {L} après\n\n## Suite\n\n    {L} sous un autre titre", {4, 8}),
    ("Texte\n\n  ```\n\n    {L} après une ligne comme une clôture\n\n{L}\n\n  ```", set()),
    ("````texte en plus\n\n{L}\n\n````\n\n[ref]: https://exemple.org/ref", set()),
    ("- point\n\n        {L} du code dans le point, lu comme texte", set()),
]


def test_what_is_taken_for_code_is_code_on_every_page_that_shows_it(tmp_path):
    """A line taken for code keeps its links and HTML as written (unchecked, not neutralised): on
    the meeting's page and in the lettre (« En bref », shown without its heading), it must be code.
    Before, a fence Python-Markdown does not read (indented, or with more than a language) hid the
    links after it from the check, and « En bref » published an indented first block as a link."""
    files = {**BASE_FILES, "lettres/2022-03.md": "---\ntitre: Lettre de mars\n---\nÉdito.\n"}
    texts = []
    for number, (written, expected) in enumerate(SHOWN_AS_CODE):
        counter = iter(range(100))
        text = re.sub(r"\{L\}", lambda _: f"[t{number}-{next(counter)}](https://exemple.org/t{number})", written)
        path = f"minutes/2022-03-{number + 1:02d}-cas.md"
        files[path] = f"---\ntitre: Cas {number}\ntype: compte rendu\ndate: 2022-03-{number + 1:02d}\ninstance: copil\n---\n{text}\n"
        parsed, checker = parse(text)
        assert checker.problems == [] and parsed.code == expected, (written, sorted(parsed.code))
        texts.append((text, parsed.code, f"comptes-rendus/2022-03-{number + 1:02d}-cas/index.html"))
    write_project(tmp_path, files)
    built = build_in_process(tmp_path, "--strict")
    assert built.returncode == 0, built.output
    letter = built.raw_html("lettres/2022-03/index.html")
    assert "rogné dans la lettre" in letter
    for text, code, page in texts:
        own = built.raw_html(page)
        for index in code:
            for marker in re.findall(r"\[t[\d-]+\]\([^)]*\)", text.split("\n")[index]):
                label = marker[1 : marker.index("]")]
                for html in [own] + ([letter] if label in letter else []):
                    blocks = "".join(re.findall(r"<pre><code>(.*?)</code></pre>", html, re.S))
                    assert marker in blocks and f'">{label}</a>' not in html, (text, index)
