"""Write ``Minutes`` in the format of ``minutes/AAAA-MM-JJ-slug.md`` (see the README)."""

from __future__ import annotations

import hashlib
import re

import yaml

from ..schema import MEETING
from .model import CommitmentText, DecisionText, Minutes, Paragraph
from .text import slugify

_URL = re.compile(r"(?<![<(\[/.\w])(?:https?://|www\.)[^\s<>\"]+")
_BROKEN_SCHEME = re.compile(r"\b(https?)\s*:\s*/\s*/", re.IGNORECASE)
"""« https ://… », as Word's French autocorrect writes it (a space before every colon)."""
_TRAILING = ".,;:!?»)\u00a0"
_BLOCK_START = re.compile(r"^(#|>|!!!|[-+*]\s|\d+[.)]\s|=+\s*$|-{3,}\s*$|\|)")


_MARK = "# empreinte du document importé : "
_MARKED = re.compile(rf"^{_MARK}([0-9a-f]{{12}})[ \t]*$", re.MULTILINE)


def fingerprint(lines: list[str]) -> str:
    """What tells a document from another of the same title: its text's digest (a .docx saved again
    unchanged keeps it)."""
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:12]


def marked(text: str) -> str | None:
    """The fingerprint of the document a draft was imported from, written in its front matter."""
    end = text.find("\n---", 3)
    found = _MARKED.search(text, 0, end if end >= 0 else len(text))
    return found.group(1) if found else None


def file_name(minutes: Minutes) -> str:
    slug = slugify(minutes.title or "") or "reunion"
    prefix = minutes.date.isoformat() if minutes.date else "date-inconnue"
    return f"{prefix}-{slug}.md"


def inline(text: str) -> str:
    """Markdown for one paragraph of Word text: URLs become autolinks, stray markup is escaped."""
    text = re.sub(r"[ \t]+", " ", text).strip()
    text = _BROKEN_SCHEME.sub(lambda m: m.group(1).lower() + "://", text)
    text = re.sub(r"<(?=[A-Za-z/!])", "&lt;", text)
    text = re.sub(r"([*_`])", r"\\\1", text)

    def link(match: re.Match) -> str:
        url = match.group(0).replace("\\_", "_").replace("\\*", "*")
        tail = ""
        while url and url[-1] in _TRAILING and not (url[-1] == ")" and url.count("(") >= url.count(")")):
            tail = url[-1] + tail
            url = url[:-1]
        if url.startswith("www."):  # a bare address: a link that shows what the document wrote
            return f"[{url}](https://{url}){tail}"
        return f"<{url}>{tail}"

    text = _URL.sub(link, text)
    if _BLOCK_START.match(text):
        text = "\\" + text
    return text


def front_matter(minutes: Minutes) -> dict:
    """The draft's keys, in the schema's order, each from the attribute the schema maps it to
    (``Field.attr``: ``title`` gives ``titre``…); a draft until the coordinator checks it."""
    return {**(MEETING.written(minutes) or {}), "brouillon": True}


def _decision(text: str, actions: list[str]) -> str:
    head = "!!! decision" + "".join(f" {a}" for a in actions)
    return f"{head}\n    {inline(text)}"


def _commitment(commitment: CommitmentText) -> str:
    """An engagement block when its structure is known, else the row as the document wrote it."""
    when = f" (échéance : {commitment.when})" if commitment.when and not commitment.due else ""
    if not commitment.structure:
        who = f"{commitment.who} : " if commitment.who else ""
        return inline(f"{who}{commitment.what}" + (f" ({commitment.when})" if commitment.when else ""))
    head = f"!!! engagement {commitment.structure}"
    head += f' "{commitment.person}"' if commitment.person else ""
    head += f" {commitment.due.isoformat()}" if commitment.due else ""
    return f"{head}\n    {inline(commitment.what + when)}"


def _suggestions(minutes: Minutes) -> str:
    """A commented line of the front matter: the coordinator uncomments what is right."""
    parts = []
    if minutes.suggested_themes:
        parts.append(f"thematiques: [{', '.join(minutes.suggested_themes)}]")
    if minutes.suggested_actions:
        parts.append(f"actions: [{', '.join(minutes.suggested_actions)}]")
    return f"# suggestions à vérifier : {' ; '.join(parts)}\n" if parts else ""


def _body_blocks(blocks, actions: list[str]) -> list[str]:
    chunks: list[str] = []
    items: list[str] = []
    kind = None
    for block in blocks:
        if isinstance(block, Paragraph) and block.kind in ("bullet", "numbered"):
            if kind != block.kind and items:
                chunks.append("\n".join(items))
                items = []
            kind = block.kind
            marker = f"{block.number}." if block.kind == "numbered" else "-"
            items.append(f"{marker} {inline(block.text)}")
            continue
        if items:
            chunks.append("\n".join(items))
            items, kind = [], None
        if isinstance(block, CommitmentText):
            chunks.append(_commitment(block))
        elif isinstance(block, DecisionText):
            chunks.append(_decision(block.text, actions))
        elif block.kind == "heading":
            chunks.append(f"### {inline(block.text)}")
        else:
            chunks.append(inline(block.text))
    if items:
        chunks.append("\n".join(items))
    return chunks


def render(minutes: Minutes, mark: str | None = None) -> str:
    """The draft's text; ``mark``, the document's fingerprint, is written as a comment of its front matter."""
    header = yaml.safe_dump(
        front_matter(minutes), allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )
    sections: list[str] = []
    if minutes.conclusions:
        sections.append("## Conclusions\n\n" + "\n\n".join(_decision(d.text, []) for d in minutes.conclusions))
    for index, topic in enumerate(minutes.topics):
        chunks = _body_blocks(topic.blocks, minutes.topic_actions.get(index, []))
        title = re.sub(r"[ \t]+", " ", topic.title).strip().rstrip(" :\u00a0")
        sections.append("\n\n".join([f"## {title}", *chunks]))
    comments = _suggestions(minutes) + (f"{_MARK}{mark}\n" if mark else "")
    header = header.replace("brouillon: true\n", comments + "brouillon: true\n")
    body = "\n\n".join(sections)
    return f"---\n{header}---\n{body}\n" if body else f"---\n{header}---\n"
