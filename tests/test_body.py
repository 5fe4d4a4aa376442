"""Property tests of the body parser: every block is found at its line, a decision's anchor
survives edits elsewhere in the file (the register's permalinks depend on it), and what it takes
for an indented code block is one to Python-Markdown."""

from __future__ import annotations

import re
import textwrap

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    ["admonition", "attr_list", "md_in_html", "tables", "toc"],  # the engine's (site_config.MARKDOWN_EXTENSIONS)
    ["admonition", "footnotes", "def_list", "abbr", "sane_lists", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.details"],
    ["pymdownx.blocks.admonition", "pymdownx.blocks.details", "fenced_code"],
]
_MARKER = re.compile(r"\[t(\d+)\]\(zz\1\.md\)")
_TARGET = re.compile(r"\]\(([^)]*)\)")


@pytest.mark.parametrize("extensions", EXTENSIONS, ids=["engine", "extensions", "blocks"])
@settings(max_examples=300, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=12))
def test_what_is_taken_for_an_indented_code_block_is_code_to_markdown(extensions, lines):
    """A link on a line taken for code is neither checked nor pointed at its page: were it a link
    to Markdown, it would be published unchecked."""
    text = "\n".join(line.replace("{L}", f"[t{n}](zz{n}.md)") for n, line in enumerate(lines))
    code = indented_code(text)
    converted = markdown.Markdown(extensions=extensions).convert(text)
    for index in code:
        for marker in _MARKER.finditer(text.split("\n")[index]):
            assert f'href="zz{marker.group(1)}.md"' not in converted, (text, index)


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
