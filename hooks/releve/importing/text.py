"""Small text helpers shared by the importer stages."""

from __future__ import annotations

import re

from .. import urls
from ..problems import without_invisible
from ..sources import ESCAPED_CONTROL
from ..text import fold as engine_fold
from ..text import without_accents


_ARTEFACTS = re.compile(
    r"\[bookmark:[^\]]*\]|\[(?:Tapez|Tapez le|Saisissez|Type) (?:le )?(?:texte|text)[^\]]*\]",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[·•▪◦‣∙●■□➢➤►✓✔*–—-]\s*(?=\S)")
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(?=\S)")
HEADING = "\x1e"
"""Put by the .docx reader before a Word heading (a « Titre 1 »… style, or a short line all in
bold), which a plain-text export cannot tell from a paragraph. An information separator: the
``strip()`` every stage does removes it, so only the parser's split between the header and the
sections sees it."""
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


_CONTROL = re.compile(f"(?!{HEADING}){ESCAPED_CONTROL.pattern}|(?<=.){HEADING}")
"""Control characters but the tab and a line's first ``HEADING``: seen nowhere, and refused in a
minutes file by ``releve verifier`` (``ESCAPED_CONTROL``, the characters it refuses)."""


def remove_artefacts(line: str) -> str:
    """Drop Word export noise (« [bookmark: _GoBack] », « [Tapez le texte] ») and stray spaces, and
    what no one sees but the engine refuses in a minutes file: control characters, zero-width ones,
    and the marks that turn the writing's direction round (« \u202eCollaboration » reads backwards).

    An empty table cell keeps its tab: under a theme cell merged down, it continues the row's topic.
    """
    cleaned = without_invisible(_CONTROL.sub("", _ARTEFACTS.sub("", line))).rstrip()
    return cleaned or ("\t" if line.startswith("\t") else "")


def _fold_char(char: str) -> str:
    lowered = (without_accents(char) or char).lower()
    return lowered if len(lowered) == 1 else char.lower()[:1] or char


def fold_same_length(text: str) -> str:
    """Lower-case, accent-free copy of ``text`` of the same length (so regex spans map back)."""
    return "".join(_fold_char(c) if len(_fold_char(c)) == 1 else c for c in text)


def fold(text: str) -> str:
    """The engine's folding (no case, no accents), with straight apostrophes and single spaces."""
    return " ".join(engine_fold(text.translate(_APOSTROPHES)).split())


def strip_bullet(line: str) -> tuple[str, str, int | None]:
    """``("bullet"|"numbered"|"text", text, number)`` for one paragraph."""
    text = line.strip()
    match = _BULLET.match(text)
    if match and not re.match(r"^-\s*\d", text):
        return "bullet", text[match.end():].strip(), None
    match = _NUMBERED.match(text)
    if match:
        return "numbered", text[match.end():].strip(), int(match.group(1))
    return "text", text, None


def clean_item(text: str) -> str:
    """A list item or a header value without its bullet and surrounding spaces."""
    return strip_bullet(text)[1].strip()


def strip_final_period(text: str) -> str:
    text = text.strip().rstrip(" \u00a0;")
    if text.endswith(".") and not text.endswith("..."):
        text = text[:-1]
    return text.strip()


CIVILITIES = {"m", "mme", "mlle", "monsieur", "madame"}
"""Written before a name (« Mme », « M. »), folded: left out of the name the import writes."""
TITLES = CIVILITIES | {"dr", "dre", "docteur", "pr", "professeur", "me"}
"""Civilities and titles written before a name (« Mme », « M. », « Dr »), folded."""
PARTICLES = {"de", "du", "d", "des", "van", "von", "der", "den", "le", "la", "di", "da", "del", "ben", "el", "al"}
"""Small words inside a name (« Yann Le Gall », « Anne de Ville »), folded."""
GROUP_WORDS = {
    "membres", "membre", "equipe", "equipes", "l'equipe", "service", "representants", "representant",
    "representantes", "ensemble", "l'ensemble", "professionnels", "professionnelles", "partenaires", "agents",
    "elus", "personnel", "direction", "bureau", "groupe", "collectif", "association", "comite", "conseil",
    "centre", "pole", "ville", "mairie", "cabinet", "unite", "les", "des", "tous", "toutes", "benevoles",
}
"""First words of a group of people present (« Membres de l'équipe… », « Ville de Metz »), never of a person."""


def written_as_name(words: list[str]) -> bool:
    """Two to five words each with a capital first letter, small particles inside: « Jeanne
    MARTIN », « Yann Le Gall », « Anne de Ville »."""
    if not 2 <= len(words) <= 5:
        return False
    for index, word in enumerate(words):
        letter = next((c for c in word if c.isalpha()), "")
        if not letter:
            return False
        if not letter.isupper() and not (0 < index < len(words) - 1 and fold(word).rstrip("'") in PARTICLES):
            return False
    return True


def is_upper_case(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def slugify(text: str, limit: int = 60) -> str:
    slug = urls.slugify(text)  # the engine's slug, cut to a file name's length
    if len(slug) <= limit:
        return slug
    words = slug[: limit + 1].split("-")[:-1] or [slug[:limit]]
    while len(words) > 1 and words[-1] in _SLUG_STOP:
        words.pop()
    return "-".join(words)


_SLUG_STOP = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "dans", "pour", "sur", "par"}
