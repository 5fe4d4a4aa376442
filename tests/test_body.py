"""Property tests of the body parser: every block is found at its line, and a decision's anchor
survives edits elsewhere in the file (the register's permalinks depend on it)."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from releve.body import parse_body
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
