"""French typography on the published HTML: no line may start with « : », « ; », « ! », « ? » or « » ».

Applied to whole pages when they are rendered (content and theme alike), on text only: tags and
their attributes, code, scripts and styles are copied as they are. The coordinator types ordinary
spaces, as everyone does; the site turns the ones French needs unbreakable.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
"""Before « : » and between a number and its unit (Imprimerie nationale)."""
NNBSP = "\u202f"
"""The narrow one: before « ; ! ? », inside « », between groups of digits."""

# A tag, a comment, or one of the elements whose text is not prose. One alternation, scanned once
# from left to right: the page is read in a single linear pass.
_MARKUP = re.compile(
    r"<(?P<raw>script|style|pre|code|kbd|samp|textarea)\b[^>]*>.*?</(?P=raw)\s*>"
    r"|<!--.*?-->|<[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_UNITS = r"(?:%|€|h\b|min\b|km\b|kg\b|m²|°C|ans?\b|mois\b|jours?\b|heures?\b|places?\b|personnes?\b)"
_RULES = (
    # Ordinary spaces (and « &nbsp; »-less runs) before the high punctuation.
    (re.compile(r"[ \t\n]+(?=:(?!//))"), NBSP),
    (re.compile(r"[ \t\n]+(?=[;!?])"), NNBSP),
    (re.compile(r"«[ \t\n\u00a0]*"), "«" + NNBSP),
    (re.compile(r"[ \t\n\u00a0]*»"), NNBSP + "»"),
    # « 8 % », « 250 € », « 9 h »: the number keeps its unit on its line.
    (re.compile(rf"(?<=\d) (?={_UNITS})"), NBSP),
    # « n° 3 », « p. 12 »
    (re.compile(r"(?<=\bn°) (?=\d)|(?<=\bp\.) (?=\d)"), NBSP),
)
# Nothing to do on a text without any of these characters (most text between two tags).
_TRIGGERS = re.compile(r"[:;!?«»]|\d ")


def french_text(text: str) -> str:
    """One run of prose with French non-breaking spaces."""
    if not _TRIGGERS.search(text):
        return text
    for pattern, space in _RULES:
        text = pattern.sub(space, text)
    return text


def french_html(page: str) -> str:
    """A whole HTML page with French spacing in its text, markup and code left as they are."""
    out: list[str] = []
    position = 0
    for match in _MARKUP.finditer(page):
        out.append(french_text(page[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(french_text(page[position:]))
    return "".join(out)
