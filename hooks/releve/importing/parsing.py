"""Parse export-shaped lines into ``RawMinutes``: the header block, then the « Discussion » table.

The header is a list of labelled blocks (TYPE DE RÉUNION, DATE/LIEU, POINTS À L'ORDRE DU JOUR,
PARTICIPANTS, PROCHAINE RÉUNION, Conclusions); the value of a label is every line up to the next
label. Unlabelled lines after the type line are the title, or the date/lieu when they start with
a date. The « Discussion » table has one row per topic: the first cell is the theme, the others
what was said; a « Décision » line turns the following paragraphs of the row into decisions.
A minutes written without that table has its topics under Word headings (``HEADING``) or as plain
paragraphs; a « Qui / Quoi / Quand » table in it gives commitments.
"""

from __future__ import annotations

import re

from ..text import key

from .dates import DateMatch, find_date
from .model import CommitmentText, DecisionText, Paragraph, RawMinutes, Topic
from .text import (
    GROUP_WORDS,
    HEADING,
    PARTICLES,
    TITLES,
    fold,
    is_upper_case,
    strip_bullet,
    strip_final_period,
    written_as_name,
)

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
    "excusee": "excused",
    "excusees": "excused",
    "excuse e s": "excused",
    "absents excuses": "excused",
    "personnes excusees": "excused",
    "absents": "excused",
    "absentes": "excused",
    "personnes absentes": "excused",
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


_POINT_NUMBER = re.compile(r"(?<!\S)(\d{1,2})([.)])\s+(?=[^\W\d_]|[«\"(])")
"""A number that may start a point of an agenda written on one line: after a space, before a word."""
_WORD_BEFORE = re.compile(r"\s*([^\s'’]*)")
"""The word before a point's number, read backwards from it in the reversed line (``_agenda_points``)."""
_REFERRING = {
    "art", "article", "articles", "al", "alinea", "n°", "nº", "no", "numero", "p", "page", "pages", "chap", "chapitre",
    "t", "tome", "vol", "volume", "annexe", "fig", "figure", "point", "points", "phase", "etape", "axe", "action",
    "fiche", "objectif", "partie", "section", "paragraphe", "§",
}
"""Words a number refers after (« art. 2. », « le point 2. », « la délibération n° 2. »), folded: that
number starts no point."""


def _agenda_points(text: str) -> list[str]:
    """The points of an agenda written on one line when it clearly numbers them (« 1. Bilan des
    sessions. 2. Calendrier 2022. 3. Questions diverses. », « 1) Bilan 2) Calendrier »): from 1 at
    its start, in order, each number with the same mark, after a space and before a word, and none
    after a word it refers to (« art. 2. », ``_REFERRING``); else the line as it is. Items set apart
    by dashes are left whole: « Bilan 2021 – perspectives » may be one point and its details."""
    starts: list[int] = []
    mark = ""
    # Read backwards, the word before each number costs its own length: the line before it, cut and
    # split at each number, made a line of numbers quadratic (40 KB of « 1. a » took 9 s).
    backwards = text[::-1]
    for match in _POINT_NUMBER.finditer(text):
        number, sign = int(match.group(1)), match.group(2)
        if not starts and match.start() != 0:
            return [text]
        previous = _WORD_BEFORE.match(backwards, len(text) - match.start()).group(1)[::-1]
        if number == len(starts) + 1 and sign == (mark or sign) and fold(previous).rstrip(".") not in _REFERRING:
            starts.append(match.start())
            mark = sign
    if len(starts) < 2:
        return [text]
    return [text[start:end].strip() for start, end in zip(starts, [*starts[1:], len(text)])]


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
    raw.discussion = start < len(lines)
    heading = _header_end(lines[:start])
    if heading is not None:  # the body starts there, under its own heading
        unused = _parse_header(lines[:heading], raw)
        raw.topics = _parse_discussion(unused + lines[heading:start] + lines[start + 1:], raw)
        return raw
    unused = _parse_header(lines[:start], raw)
    region = lines[start + 1:] if start < len(lines) and key(lines[start]) != "theme" else lines[start:]
    raw.topics = _parse_discussion(unused + region, raw)
    return raw


def _looks_like_heading(text: str) -> bool:
    """A short line without final punctuation, a bullet or a date: « Points abordés », « Synthèse »."""
    kind, body, _ = strip_bullet(text)
    words = body.split()
    return (
        kind == "text" and 1 <= len(words) <= 8 and len(body) <= 70 and body[:1].isupper()
        and body[-1] not in ".:;,!?…" and "://" not in body and find_date(body) is None
    )


def _ends_as_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in (".", "!", "?", "…")


def _is_sentence(text: str) -> bool:
    """A paragraph of the minutes' text, never a title, a date line or a list item."""
    kind, body, _ = strip_bullet(text)
    return kind == "text" and len(body.split()) >= 6 and _ends_as_sentence(body)


_LIST_BLOCKS = {"agenda", "participants", "excused", "next_meeting", "conclusions"}
_NAME_END = re.compile(r"\s*[,(:;\t/]|\s+[–—-]\s+")
"""Where the name ends in a participant's line (« Mme Jeanne Martin (CHVB) », « Léa Test – CH Jury »)."""
_ARTICLES = {"les", "des", "le", "la", "l'", "tous", "toutes", "de", "du", "d'"}
MAX_GROUP_WORDS = 10
"""The longest group present (« Membres de l'équipe du Centre psychothérapeutique Winnicott »: 7 words)."""
PARAGRAPH_WORDS = 12
"""A sentence this long after a blank line is the text, never one more point of an agenda written
without bullets (« Présentation du projet de réseau psypérinatalité. »: 6 words)."""


_PRONOUNS = {"il", "elle", "ils", "elles", "on", "nous", "vous", "je", "j", "c"}
_DETERMINERS = {"le", "la", "les", "l", "un", "une", "ce", "cet", "cette", "ces", "chaque", "son", "sa", "ses", "leur", "leurs",
                "notre", "nos"}
_FINITE_VERBS = {
    "est", "sont", "a", "ont", "sera", "seront", "était", "étaient", "fait", "font", "peut", "peuvent", "doit", "doivent",
    "va", "vont", "ouvre", "accueille", "remercie", "rappelle", "présente", "souhaite", "propose", "débute", "commence",
}
"""The verbs a sentence of minutes most often has, as written (« a », never the « à » a point may hold)."""


def _reads_as_sentence(text: str, ended: bool = True) -> bool:
    """A sentence, however short, which an agenda's point never is: a subject then its verb (« La séance
    est ouverte. », « Il est convenu… », « Mme Martin ouvre la séance. »), where a point names a subject;
    with ``ended=False``, also without its full stop (« Les sessions ont eu lieu »), which no title has."""
    words = text.split()
    first = fold(re.split(r"[\s'’]", strip_bullet(text)[1], maxsplit=1)[0]).rstrip(".")
    if first not in _PRONOUNS | _DETERMINERS | TITLES or ended and not _ends_as_sentence(text) or len(words) < 3:
        return False
    return first not in _DETERMINERS or bool({word.strip(".,;:!?…»«") for word in words[1:]} & _FINITE_VERBS)


def _names_someone(text: str) -> bool:
    """A line of an attendance list, written without a bullet: a person (« Mme Jeanne Martin (EPE 57) »,
    « M. Paul Durand, infirmier, CH Jury », « Dr Anne Taillemite, pédopsychiatre… ») or a group (« Membres de
    l'équipe du CMP », « Ville de Metz »). A line in capitals names someone only with a civility or
    what follows a name (« JEANNE MARTIN, CHVB »): alone, « POINTS ABORDÉS » is a heading."""
    body = strip_final_period(strip_bullet(text)[1])
    head = _NAME_END.split(body, maxsplit=1)[0]
    words = head.split()
    folded = [fold(word).rstrip(".") for word in words]
    if not words or set(key(body).split()) <= _HEADER_WORDS:
        return False
    if folded[0] in TITLES:
        # « Mme la directrice de l'EPE », never « M. Durand ouvre la séance »
        return 2 <= len(words) <= 6 and sum(_in_small_letters(word) for word in words[1:]) <= 1
    if next((word for word in folded if word not in _ARTICLES), "") in GROUP_WORDS:
        return len(words) <= MAX_GROUP_WORDS  # « La Ville de Metz a été retenue pour… » is a sentence
    return written_as_name(words) and (not is_upper_case(body) or head != body)


def _in_small_letters(word: str) -> bool:
    return word[:1].islower() and fold(word).rstrip("'") not in PARTICLES


def _is_prose(text: str) -> bool:
    """A sentence of the text after an attendance list (« Le partenariat débute ce mois-ci. », « Il est
    convenu de continuer. »): a paragraph ended as a sentence, with words in small letters, that names
    no one as a list does."""
    kind, body, _ = strip_bullet(text)
    return (
        kind == "text" and _ends_as_sentence(body) and sum(_in_small_letters(word) for word in body.split()[1:]) >= 3
        and not _names_someone(body)
    )


def _ends_attendance(lines: list[str], index: int, blank: bool) -> bool:
    """Whether the line at ``index``, in a list of those present or excused written one per line
    without bullets, is no more of it: a sentence, or a heading (after a blank line, in capitals,
    made of a heading's words (« Points abordés »), or before a sentence) that no one of the list
    follows (« UNAFAM » between two people is one more)."""
    text = lines[index].strip()
    if _is_prose(text):
        return True
    if not _looks_like_heading(text) or _names_someone(text):
        return False
    following = next((line.strip() for line in lines[index + 1:] if line.strip()), "")
    if following and _names_someone(following):
        return False
    return blank or is_upper_case(text) or set(key(text).split()) <= _HEADER_WORDS or _is_prose(following)


def _points_read(block: str | None, text: str) -> tuple[set[str], bool, bool]:
    """What ``_header_end`` notes of a value of the header (an agenda's split into its points): the
    points' keys, whether one ends as a sentence, whether one reads as one."""
    points = _agenda_points(text) if block == "agenda" else [text]
    return {key(strip_bullet(point)[1]) for point in points}, any(map(_ends_as_sentence, points)), any(map(_reads_as_sentence, points))


def _header_end(lines: list[str]) -> int | None:
    """Where the header's labelled blocks end and the text of the minutes begins, when no
    « Discussion » table marks it: a Word heading (``HEADING``); a heading written in capitals or
    after a blank line; a paragraph after a list (« Ordre du jour » then its items then the text);
    a paragraph after a value written on the label's line (« Présents : Jeanne Martin (CHVB). »);
    after the last label, a sentence written unlike the agenda's points: after lines that none ends as
    a sentence (« Bilan des sessions », « Calendrier » then « Le projet avance bien. »), a line without
    the bullet of list items, or a subject and its verb (« La séance est ouverte. ») that no point has;
    a long sentence after a blank line (``PARAGRAPH_WORDS``); the end of a list of those present
    written one per line (``_ends_attendance``); a point of the agenda written again (the section
    about it: an agenda never lists a point twice); a sentence after the last label, or in a
    document without any; outside the labelled blocks, a Word heading once the title is known (a
    « Titre » paragraph or a line after the type line)."""
    labels = [index for index, line in enumerate(lines) if _label(line.strip())]
    after_labels = labels[-1] if labels else -1
    block, values, listed, inline, blank = None, 0, False, False, False
    items: set[str] = set()  # the agenda's points so far
    stated = False  # one of them ends as a sentence
    sentences = False  # one of them reads as a sentence (a subject, then its verb)
    kind_seen = titled = False
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            blank = True
            continue
        label = _label(text)
        cell = line.startswith("\t")
        marked = line.startswith(HEADING)
        inside = block in _LIST_BLOCKS
        attendance = block in _ATTENDANCE and not listed and not cell
        if _is_kind(text) and not inside:
            kind_seen = True
        elif label:
            block, values, listed, inline = label[0], int(bool(label[1])), False, bool(label[1])
            items, stated, sentences = _points_read(block, label[1])
            titled = titled or label[0] == "title"
        elif block == "agenda" and key(strip_bullet(text)[1]) in items:
            return index
        elif inside and values and attendance:
            if marked or _ends_attendance(lines, index, blank):
                return index
            values += 1
            listed = strip_bullet(text)[0] != "text"
        elif inside and values and not cell and (
            marked
            or (is_upper_case(text) or blank) and _looks_like_heading(text)
            or (listed or inline) and strip_bullet(text)[0] == "text" and _is_sentence(text)
            or blank and _is_prose(text) and len(text.split()) >= PARAGRAPH_WORDS
            or block == "agenda" and index > after_labels and (
                not stated and _is_prose(text)
                # Points ended with a full stop too: the sentence is written unlike them otherwise,
                # without their bullet, or as a sentence (a subject, then its verb) none of them is.
                or listed and strip_bullet(text)[0] == "text" and _ends_as_sentence(text)
                or not sentences and _reads_as_sentence(text)
            )
        ):
            return index
        elif inside:
            values += 1
            listed = listed or strip_bullet(text)[0] != "text"
            found, ends, reads = _points_read(block, text)
            items |= found
            stated, sentences = stated or ends, sentences or reads
        elif index > after_labels and _is_sentence(text) and not cell and _date_intro(text, find_date(text)) is None or marked and titled:
            return index
        else:
            # The page header, before the type line, is not the title: a letterhead often.
            dated = (match := find_date(text)) is not None and match.start <= 12
            titled = titled or not dated and (kind_seen or marked)
        blank = False
    return None


_DATE_INTRO = re.compile(
    r"^(?:(?:compte rendu|releve de (?:conclusions?|decisions?))(?: (?:de la|du|de|des))? ?)?"
    r"(?:(?:reunion|seance|rencontre)s? ?)?(?:du|le|de|des|en date du)?$"
)
"""What a line says before the meeting's date (« Compte rendu de la réunion du », « Réunion du »), as ``key`` writes it."""


def _date_intro(text: str, match: DateMatch | None) -> int | None:
    """Where the meeting's date (``match``, the first date of ``text``) starts in a sentence that names
    the document or the meeting before it, and nothing else (« Compte rendu de la réunion du 12 janvier
    2027, au CCAS de Hayange. », « Réunion du … »): a line of the header, not the first of the text
    (« Le 12 janvier 2027, les partenaires… » is)."""
    intro = key(text[:match.start]) if match else ""
    named = intro.startswith(("compte", "releve", "reunion", "seance", "rencontre"))
    return match.start if named and _DATE_INTRO.match(intro) else None


def _parse_header(lines: list[str], raw: RawMinutes) -> list[str]:
    """Fill ``raw`` with the header's fields; the sentences none of them takes (one after the
    title), which the body keeps: no sentence of the document is left out unsaid."""
    current: str | None = None
    before_kind: list[str] = []
    after_kind: list[str] = []
    title_lines: list[str] = []
    in_row = False  # the previous line was a cell of the current block's table row
    for line in lines:
        text = line.strip()
        if not text:
            in_row = False
            continue
        if current in _ATTENDANCE and in_row and line.startswith("\t"):
            # Another cell of an attendance table's row (« Nom | Fonction | Structure »): the same person.
            getattr(raw, current)[-1] += "\t" + text
            continue
        in_row = False
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
        elif current == "agenda":
            raw.agenda.extend(_agenda_points(text))
        else:
            getattr(raw, current).append(text)
            in_row = line.startswith("\t")
    for block in _ATTENDANCE:
        setattr(raw, block, _attendance_rows(getattr(raw, block)))
    if raw.kind is None:  # no type line: nothing tells the page header from the title
        after_kind, before_kind = before_kind + after_kind, []
    raw.page_header = [text for text in before_kind if not _is_kind(text)]
    unused: list[str] = []
    for text in after_kind:
        match = find_date(text)
        intro = _date_intro(text, match)
        if intro is not None and not raw.date_place:
            # « Compte rendu de la réunion du 12 janvier 2027, au CCAS… »: its kind, then its date and place.
            raw.kind = raw.kind or (text[:intro] if key(text[:intro]).startswith(("compte", "releve")) else None)
            raw.date_place.append(text[intro:])
        elif match and match.start <= 12 and not raw.date_place:
            raw.date_place.append(text)
        elif not title_lines and raw.title is None:
            raw.title = text
        elif _is_sentence(text):  # a letterhead's or an e-mail's lines (« De : … », « Bonjour, ») are not
            unused.append(text)
    if title_lines:
        raw.title = " ".join(title_lines)
    return unused


_ATTENDANCE = ("participants", "excused")
_NAME_COLUMNS = {"nom", "prenom", "nom prenom", "prenom nom", "nom et prenom", "prenom et nom", "participant", "participants"}
_STRUCTURE_COLUMNS = {"structure", "structures", "organisme", "institution", "etablissement", "service", "employeur"}
_OTHER_COLUMNS = {"fonction", "qualite", "poste", "role"}
_DROPPED_COLUMNS = {"signature", "emargement", "presence", "present", "excuse"}
"""Column titles of an attendance table. Its rows are read name first and structure last, the order
of a participant's line; a signature column is left out."""


def _attendance_rows(values: list[str]) -> list[str]:
    """The rows of an attendance table (cells separated by tabs) as participants' lines."""
    columns: list[str] | None = None
    rows: list[str] = []
    for value in values:
        cells = value.split("\t")
        titles = [key(cell) for cell in cells]
        if len(cells) > 1 and all(t in _NAME_COLUMNS | _STRUCTURE_COLUMNS | _OTHER_COLUMNS | _DROPPED_COLUMNS for t in titles):
            columns = titles
            continue
        if columns and len(columns) == len(cells):
            rank = {c: 0 if c in _NAME_COLUMNS else 2 if c in _STRUCTURE_COLUMNS else 1 for c in columns}
            pairs = sorted(zip(columns, cells), key=lambda pair: rank[pair[0]])
            cells = [cell for column, cell in pairs if column not in _DROPPED_COLUMNS]
        rows.append(", ".join(cell for cell in cells if cell.strip()))
    return rows


def _parse_discussion(lines: list[str], raw: RawMinutes) -> list[Topic]:
    rows: list[list[list[str]]] = []
    row: list[list[str]] | None = None
    after_blank = True
    # « Prochaine réunion : … » or « Conclusions » after the text: the lines that follow, up to a blank
    # line or a heading (only its list items after a value on the label's own line).
    labelled: list[str] | None = None
    inline = False
    table_rows: set[int] = set()  # the rows read from a table, not from paragraphs
    detached = False
    # A point of the agenda written again (« 1) Bilan des sessions »): the title of its section.
    points = {key(strip_bullet(item)[1]) for item in raw.agenda}
    for line in lines:
        is_cell = line.startswith("\t")
        if not line.strip() and not is_cell:
            after_blank = True
            if row is not None and len(rows) - 1 not in table_rows:
                row[-1].append("")  # a paragraph apart: ends a list of decisions (``_blocks``)
            continue
        text = line.strip()
        label = None if is_cell else _label(text)
        kind, body, _ = strip_bullet(text)
        point = not is_cell and kind != "bullet" and key(body) in points
        heading = (line.startswith(HEADING) or point) and not _DECISION.match(fold(text))
        if label and label[0] in ("next_meeting", "conclusions"):
            labelled, inline = getattr(raw, label[0]), bool(label[1])
            labelled.extend([label[1]] if label[1] else [])
            after_blank, detached = False, True  # the text after it is no part of the table row before
            continue
        if labelled is not None and not is_cell and not heading and not after_blank and (
            not inline or strip_bullet(text)[0] != "text"
        ):
            labelled.append(text)
            continue
        labelled = None
        if is_cell and (after_blank or row is None or len(rows) - 1 not in table_rows):  # a table after a paragraph
            row = [[text]]
            rows.append(row)
            table_rows.add(len(rows) - 1)
        elif is_cell:
            row.append([text])
        elif heading:
            row = [[body if point else text]]
            rows.append(row)
        elif row is None:
            # Text before any heading: a section without a title of its own (never a sentence as title).
            row = [[text]] if _looks_like_heading(text) else [[], [text]]
            rows.append(row)
        elif (after_blank or detached) and len(rows) - 1 in table_rows:
            # Text after a table: more of the section the table is in (a short line before text is
            # its sub-heading, as in a cell).
            row = [[], [text]]
            rows.append(row)
        else:
            row[-1].append(text)
        after_blank = detached = False
    topics: list[Topic] = []
    columns: list[str] | None = None  # the roles of a « Qui / Quoi / Quand » table's columns
    for index, row in enumerate(rows):
        cells = [[text for text in cell if text] for cell in row]
        if index in table_rows and (roles := _commitment_columns(cells)):
            columns = roles
            continue
        if columns and index in table_rows and len(cells) == len(columns):
            said = dict(zip(columns, (" ".join(strip_bullet(text)[1] for text in cell) for cell in cells)))
            if said.get("what"):
                if not topics:
                    topics.append(Topic("Discussion"))
                topics[-1].blocks.append(CommitmentText(said.get("who", ""), said["what"], said.get("when", "")))
            continue
        columns = None
        if index in table_rows and _is_table_header(row):  # wherever it is: Word repeats it on each page of a long table
            continue
        if len(cells) >= 2:
            title = " ".join(cells[0])
            content = [text for cell in row[1:] for text in cell]
        elif cells[0]:
            title = cells[0][0]
            content = row[0][row[0].index(title) + 1:]
        else:
            continue
        blocks = _blocks(content)
        if not title and topics:
            topics[-1].blocks.extend(blocks)
        elif title or blocks:
            topics.append(Topic(title or "Discussion", blocks))
    return topics


_ROLES = {
    "qui": "who", "responsable": "who", "responsables": "who", "pilote": "who", "pilotes": "who", "porteur": "who",
    "quoi": "what", "action": "what", "actions": "what", "tache": "what", "taches": "what", "engagement": "what",
    "engagements": "what", "suite a donner": "what", "suites a donner": "what", "a faire": "what",
    "quand": "when", "echeance": "when", "echeances": "when", "delai": "when", "delais": "when", "date": "when",
}


def _commitment_columns(cells: list[list[str]]) -> list[str] | None:
    """The roles (« who », « what », « when ») of the columns of a « Qui / Quoi / Quand » table's
    title row, ``None`` for any other row."""
    roles = [_ROLES.get(key(" ".join(cell))) for cell in cells]
    return roles if "who" in roles and "what" in roles and None not in roles else None


def _is_table_header(row: list[list[str]]) -> bool:
    """« THÈME | DISCUSSION », « Points abordés | Échanges | Suites à donner »: column titles, never
    a section of the minutes (it would be one without text)."""
    texts = [text for cell in row for text in cell if text]
    return bool(texts) and all(
        is_upper_case(text) or key(text) in _TABLE_HEADERS or (len(key(text).split()) <= 5 and set(key(text).split()) <= _HEADER_WORDS)
        for text in texts
    )


def _blocks(content: list[str]) -> list[Paragraph | DecisionText]:
    """The paragraphs of a section; after a « Décision » line, its decisions: its list items when
    the first is one (« Décisions : 1) … 2) … » then « Les participants remercient… » in the same
    cell: that paragraph is text), else its paragraphs up to one apart (after an empty one) or a
    sub-heading."""
    blocks: list[Paragraph | DecisionText] = []
    deciding = False
    decided = listed = blank = False
    for text in content:
        if not text:
            blank = True
            continue
        kind, body, number = strip_bullet(text)
        if deciding and decided and kind == "text" and (blank or listed or _looks_like_heading(text)):
            deciding = False
        blank = False
        if _DECISION.match(fold(body)):
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:  # « Décision : … » on one line is that one decision
                blocks.append(DecisionText(strip_bullet(rest)[1]))
            else:  # a « Décision » line: the paragraphs that follow are decisions
                deciding, decided = True, False
            continue
        if not body:
            continue
        if deciding and not decided:
            listed = kind != "text"
        blocks.append(DecisionText(body) if deciding else Paragraph(body, kind, number))
        decided = deciding
    # A short line followed by text is a sub-heading of the topic (Word's bold line in the cell), a
    # sentence written without its full stop never.
    short = [
        isinstance(b, Paragraph) and b.kind == "text" and _looks_like_heading(b.text) and not _reads_as_sentence(b.text, ended=False)
        for b in blocks
    ]
    for index, block in enumerate(blocks[:-1]):
        if short[index] and not short[index + 1]:
            block.kind = "heading"
    return blocks
