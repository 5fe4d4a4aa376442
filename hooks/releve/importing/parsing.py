"""Parse export-shaped lines into ``RawMinutes``: the header block, then the « Discussion » table.

The header is a list of labelled blocks (TYPE DE RÉUNION, DATE/LIEU, POINTS À L'ORDRE DU JOUR,
PARTICIPANTS, PROCHAINE RÉUNION, Conclusions); the value of a label is every line up to the next
label. Unlabelled lines after the type line are the title, or the date/lieu when they start with
a date. The « Discussion » table has one row per topic: the first cell is the theme, the others
what was said; a « Décision » line turns the following paragraphs of the row into decisions.
"""

from __future__ import annotations

import re

from .dates import find_date
from .model import DecisionText, Paragraph, RawMinutes, Topic
from .text import fold, is_upper_case, key, strip_bullet

LABELS = {
    "type de reunion": "title",
    "objet": "title",
    "objet de la reunion": "title",
    "intitule": "title",
    "date lieu": "date_place",
    "date et lieu": "date_place",
    "date heure lieu": "date_place",
    "date horaire lieu": "date_place",
    "date": "date_place",
    "lieu": "date_place",
    "points a l ordre du jour": "agenda",
    "point a l ordre du jour": "agenda",
    "ordre du jour": "agenda",
    "participants": "participants",
    "presents": "participants",
    "personnes presentes": "participants",
    "liste des participants": "participants",
    "excuses": "excused",
    "absents excuses": "excused",
    "personnes excusees": "excused",
    "prochaine reunion": "next_meeting",
    "prochaines reunions": "next_meeting",
    "date de la prochaine reunion": "next_meeting",
    "conclusions": "conclusions",
    "conclusion": "conclusions",
}
_KIND = re.compile(r"^(releve de (?:conclusions?|decisions?)|compte rendu(?: de (?:la )?reunion)?)$")
_DISCUSSION = {"discussion", "discussions", "deroulement", "deroulement de la reunion", "echanges"}
_TABLE_HEADERS = {
    "theme", "themes", "sujet", "sujets", "points", "idees souhaitees", "informations propositions decisions",
    "discussion", "discussions", "echanges", "contenu", "commentaires", "decisions", "informations",
}
_HEADER_WORDS = {
    "theme", "themes", "sujet", "sujets", "point", "points", "aborde", "abordes", "ordre", "jour", "discussion", "discussions",
    "echange", "echanges", "contenu", "commentaire", "commentaires", "decision", "decisions", "prise", "prises", "information",
    "informations", "proposition", "propositions", "suite", "suites", "donner", "action", "actions", "qui", "quand", "echeance",
    "echeances", "responsable", "responsables", "pilote", "pilotes", "observation", "observations", "remarque", "remarques",
    "synthese", "releve", "objet", "intitule", "conclusion", "conclusions", "a", "de", "du", "des", "et", "les", "la", "le",
}
"""The words of a table's column titles (each cell made of these words only)."""
_DECISION = re.compile(r"^(?:decisions?(?: prises?)?|conclusions?)\s*(?::.*)?$")


def _label(text: str) -> tuple[str, str] | None:
    """``(field, inline value)`` when the line is a header label such as « DATE/LIEU » or « Date : … »."""
    stripped = text.strip().rstrip(":").strip()
    if key(stripped) in LABELS:
        return LABELS[key(stripped)], ""
    left, colon, right = text.partition(":")
    if colon and key(left) in LABELS and right.strip():
        return LABELS[key(left)], right.strip()
    return None


def _is_kind(text: str) -> bool:
    return bool(_KIND.match(key(text)))


def _is_discussion_start(text: str) -> bool:
    return key(text) in _DISCUSSION or key(text) == "theme"


def parse_lines(lines: list[str]) -> RawMinutes:
    raw = RawMinutes()
    raw.vocabulary = [line.strip() for line in lines if line.strip() and not is_upper_case(line)]
    start = next((i for i, line in enumerate(lines) if _is_discussion_start(line)), len(lines))
    heading = _heading_after_next_meeting(lines[:start])
    if heading is not None:  # the body starts there, under its own heading
        _parse_header(lines[:heading], raw)
        raw.topics = _parse_discussion(lines[heading:start] + lines[start + 1:])
        return raw
    _parse_header(lines[:start], raw)
    region = lines[start + 1:] if start < len(lines) and key(lines[start]) != "theme" else lines[start:]
    raw.topics = _parse_discussion(region)
    return raw


def _looks_like_heading(text: str) -> bool:
    """A short line without final punctuation, a bullet or a date: « Points abordés », « Synthèse »."""
    kind, body, _ = strip_bullet(text)
    words = body.split()
    return (
        kind == "text" and 1 <= len(words) <= 8 and len(body) <= 70 and body[:1].isupper()
        and body[-1] not in ".:;,!?…" and "://" not in body and find_date(body) is None
    )


def _heading_after_next_meeting(lines: list[str]) -> int | None:
    """Where the PROCHAINE RÉUNION block ends when a heading, not a label, follows it.

    The note of the next meeting is a sentence or a list; a heading written after it in capitals,
    or after a blank line, starts the text of the minutes and must not become part of the note.
    """
    inside, values, blank = False, 0, False
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            blank = True
            continue
        label = _label(text)
        if label:
            inside, values = label[0] == "next_meeting", int(bool(label[1]))
        elif inside and values and (is_upper_case(text) or blank) and _looks_like_heading(text):
            return index
        elif inside:
            values += 1
        blank = False
    return None


def _parse_header(lines: list[str], raw: RawMinutes) -> None:
    current: str | None = None
    before_kind: list[str] = []
    after_kind: list[str] = []
    title_lines: list[str] = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if _is_kind(text) and current is None:
            raw.kind = raw.kind or text
            before_kind, after_kind = before_kind + after_kind, []
            continue
        label = _label(text)
        if label:
            current, value = label
            raw.labels_seen.append(current)
            if not value:
                continue
            text = value
            if current in ("title", "date_place"):  # « Date : … » on one line, as an e-mail writes it
                (title_lines if current == "title" else raw.date_place).append(text)
                current = None
                continue
        if current is None:
            after_kind.append(text)
        elif current == "title":
            title_lines.append(text)
        else:
            getattr(raw, current).append(text)
    if raw.kind is None:  # no type line: nothing tells the page header from the title
        after_kind, before_kind = before_kind + after_kind, []
    raw.page_header = [text for text in before_kind if not _is_kind(text)]
    for text in after_kind:
        match = find_date(text)
        if match and match.start <= 12 and not raw.date_place:
            raw.date_place.append(text)
        elif not title_lines and raw.title is None:
            raw.title = text
    if title_lines:
        raw.title = " ".join(title_lines)


def _parse_discussion(lines: list[str]) -> list[Topic]:
    rows: list[list[list[str]]] = []
    row: list[list[str]] | None = None
    after_blank = True
    for line in lines:
        is_cell = line.startswith("\t")
        if not line.strip() and not is_cell:
            after_blank = True
            continue
        text = line.strip()
        if is_cell and (after_blank or row is None):
            row = [[text]]
            rows.append(row)
        elif is_cell:
            row.append([text])
        elif row is None:
            row = [[text]]
            rows.append(row)
        else:
            row[-1].append(text)
        after_blank = False
    # The table's header row, wherever it is (Word repeats it on each page of a long table).
    rows = [row for row in rows if not _is_table_header(row)]
    topics: list[Topic] = []
    for row in rows:
        cells = [[text for text in cell if text] for cell in row]
        if len(cells) >= 2:
            title = " ".join(cells[0])
            content = [text for cell in cells[1:] for text in cell]
        elif cells[0]:
            title, content = cells[0][0], cells[0][1:]
        else:
            continue
        blocks = _blocks(content)
        if not title and topics:
            topics[-1].blocks.extend(blocks)
        elif title or blocks:
            topics.append(Topic(title or "Discussion", blocks))
    return topics


def _is_table_header(row: list[list[str]]) -> bool:
    """« THÈME | DISCUSSION », « Points abordés | Échanges | Suites à donner »: column titles, never
    a section of the minutes (it would be one without text)."""
    texts = [text for cell in row for text in cell if text]
    return bool(texts) and all(
        is_upper_case(text) or key(text) in _TABLE_HEADERS or (len(key(text).split()) <= 5 and set(key(text).split()) <= _HEADER_WORDS)
        for text in texts
    )


def _blocks(content: list[str]) -> list[Paragraph | DecisionText]:
    blocks: list[Paragraph | DecisionText] = []
    deciding = False
    for text in content:
        marker = _DECISION.match(fold(strip_bullet(text)[1]))
        if marker:
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:  # « Décision : … » on one line is that one decision
                blocks.append(DecisionText(strip_bullet(rest)[1]))
            else:  # a « Décision » line: the paragraphs that follow are decisions
                deciding = True
            continue
        kind, body, number = strip_bullet(text)
        if not body:
            continue
        blocks.append(DecisionText(body) if deciding else Paragraph(body, kind, number))
    # A short line followed by text is a sub-heading of the topic (Word's bold line in the cell).
    short = [isinstance(b, Paragraph) and b.kind == "text" and _looks_like_heading(b.text) for b in blocks]
    for index, block in enumerate(blocks[:-1]):
        if short[index] and not short[index + 1]:
            block.kind = "heading"
    return blocks
