"""Personal contacts as a reader sees them: e-mail addresses and phone numbers, found in time
linear in the text's length.

One detector for every caller: the validation of the sources, the check of the written site
(``site_contacts``), ``releve verifier`` and the importer's redaction. A text is first brought to
the spelling a reader sees (``visible_text`` for HTML, ``normalise`` for any text): entities
decoded, markup and invisible characters removed, the spaces, dashes, dots and « @ » that Word,
e-mails and HTML produce turned into their ASCII forms. Only then are the patterns searched, so
each one stays short and bounded. Phone numbers are recognised by ``phonenumbers`` (Google's
libphonenumber): French ones, overseas included, written as a French reader writes them
(« 05 94 29 10 00 »), and any country's with its international prefix (« +352 26 12 34 56 »,
« 0049 681 … »); German, Belgian and Swiss ones in their own national form too. Read as a reader
reads them as well: letters for digits in a French number (« O6 I2 34 S6 78 »), a French number
spelled from its « zéro » (« zéro six, douze, trente-quatre… »), « chez » for « @ » before a spelled
domain (« anne chez exemple point fr »).
"""

from __future__ import annotations

import bisect
import functools
import html
import itertools
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass
from typing import Iterator

import phonenumbers

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u2007\u2009\u200a\u202f\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t\r\f\v"
_DOTS = "\u00b7\u2022\u2027\u2219\u22c5\u30fb\u3002"
"""Middle dots, bullets and the ideographic full stop: read as « . » between the parts of an address
(« nom@domaine·fr », « domaine。fr ») and between the groups of a number (« 06·12·34… »)."""
_DIGITS = {chr(zero + digit): str(digit) for zero in (0x0660, 0x06F0) for digit in range(10)}
"""Arabic-Indic and Persian digits, which NFKC leaves as they are (it reads mathematical and
full-width ones as digits): « ٠٦ ١٢ ٣٤ ٥٦ ٧٨ » is a number too."""
_SAME_LENGTH = {**dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_SPACES, " "), **dict.fromkeys(_DOTS, "."), **_DIGITS}
# A regex finds the few characters to replace: str.translate with a table looks up every character
# of a non-ASCII text, and was the largest part of the validation of a long text.
_SAME_LENGTH_CHARACTERS = re.compile("[" + "".join(_SAME_LENGTH) + "]")
# What a reader never sees: soft hyphens, zero-width characters, joiners, bidi marks, embeddings,
# overrides and isolates, the byte-order mark, variation selectors and tag characters. A number
# written « 06\u200b12… » is read « 0612… ».
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e0fff]"
)


_INVISIBLE_OR_SAME_LENGTH = re.compile("[" + INVISIBLE.pattern[1:-1] + re.escape("".join(_SAME_LENGTH)) + "]")
"""Either kind of character that ``normalise`` removes or replaces: one search for both."""


def _same_length(text: str) -> str:
    return _SAME_LENGTH_CHARACTERS.sub(lambda match: _SAME_LENGTH[match.group(0)], text)


# The « @ » and « . » that hide an address from a human eye or a regex: HTML entities,
# a percent-encoded mailto:, « [at] », « (arobase) », « {dot} », « <at> », « [.] »… Spaces only, never
# a line break (more spaces around an « @ » are the spelled forms' below).
_AT = re.compile(r"&(?:#0*64|#x0*40|commat);|%40| ?[\[({<] ?(?:at|arr?obase|@) ?[\])}>] ?", re.IGNORECASE)
_DOT = re.compile(r"&(?:#0*46|#x0*2e|period);| ?[\[({<] ?(?:dot|point|\.) ?[\])}>] ?", re.IGNORECASE)
# The words people write instead: « nom arobase domaine.fr », « nom at domaine point fr »,
# « nom @ domaine.fr », « nom-at-domaine.fr », « nom -at- domaine.fr ». A word « at » or « arobase » is
# an « @ » only between a word and a domain (a label, then a dot, written or spelled); a word « point »
# or « dot » is a « . » only in the labels joined to such an « @ », and so is a « . » after spaces
# (« domaine . fr », « domaine .fr ») when the label after it is one that ends our readers' addresses,
# in small letters (« Instagram @clsm · site du CLSM » is no address). An « @ » after a space is a
# handle, not an address, after a social network's name or before no domain's ending (``_spelled_at``).
# Searched only when a cheap test finds one of these words; a run of spaces is tried from its first
# space only (« (?<! ) »), so the search stays linear.
_BRACKETED_WORD = r" ?(?:at|arr?obase|@|dot|point|\.) ?[\])}>]"
_BRACKETED = tuple(
    (bracket, re.compile(rf"\{bracket}(?:{_BRACKETED_WORD}|a[\])])" if bracket in "([" else rf"\{bracket}{_BRACKETED_WORD}", re.IGNORECASE))
    for bracket in "[({<"
)
"""A cheap test before ``_AT``, ``_DOT`` and ``_BRACKETED_A`` (« (a) », « [a] »), whose optional leading
space makes the first two slow to search: one regex per opening bracket, a literal that the regex
engine skips to (a class of two is read character by character, six times slower on a page's text),
searched only in a text that has the bracket (« in » finds it ten times faster still, and most texts
have no « { » nor « < »)."""
_BRACKETED_A = re.compile(r"(?<=[\w.+-])[\[(][aA][\])](?=[\w-]{1,63}\.[\w-])")
"""« nom(a)domaine.fr »: a bracketed « a » is an « @ » only glued between a word and a domain, where no
list's item « (a) » stands."""
_SPELLED_WORD = re.compile(r" (?:at|arr?obase) ", re.IGNORECASE)
_DASHED_WORD = re.compile(r"-(?:at|arr?obase)-", re.IGNORECASE)
_ENDING_WORDS = ("fr", "com", "org", "net", "eu", "info", "gouv", "asso", "be", "ch")
"""The labels that end our readers' addresses: after a spaced or a spelled dot, only these make a domain."""
_ENDINGS = "|".join(_ENDING_WORDS)
_SPACED_DOT = rf"(?<! ) +\. *(?=(?-i:{_ENDINGS})(?![\w-]))"
_SPELLED_AT = re.compile(
    r"(?<=[\w.+-])(?: +(?:at|arr?obase) +| +@ *|@ +| *-(?:at|arr?obase)- *)"
    rf"(?=[\w-]{{1,63}}(?:\.| +(?:point|dot) +|{_SPACED_DOT})[\w-])",
    re.IGNORECASE,
)
_SPELLED_DOT = re.compile(rf"(?<! ) +(?:point|dot) +|{_SPACED_DOT}", re.IGNORECASE)
_SPELLED_LABELS = re.compile(
    r"(?<![\w-])[\w-]{1,64}(?: +(?:point|dot) +[\w-]{1,64}){1,4}(?=@)"
    rf"|(?<=@)[\w-]{{1,63}}(?:(?: +(?:point|dot) +|{_SPACED_DOT})[\w-]{{1,63}}){{1,10}}",
    re.IGNORECASE,
)
_GLUED_SPELLED_DOT = re.compile(rf"@[\w-]{{1,63}} +(?:point|dot) +(?:{_ENDINGS})(?![\w-])", re.IGNORECASE)
"""« nom@domaine point fr »: a spelled dot after a written « @ », only before a label that ends our
readers' addresses (« rendez-vous@mairie point de départ » is no address)."""
_CHEZ = re.compile(
    r" chez (?<=[\w.+-] chez ) *(?![A-ZÀ-Þ])"
    rf"(?=[\w-]{{1,63}}(?:(?:\.| +(?i:point|dot) +)[\w-]{{1,63}}){{0,9}} +(?i:point|dot) +(?:{_ENDINGS})(?![\w-]))"
)
"""« anne chez exemple point fr »: a « chez » is an « @ » only between a word and a domain in small
letters (a shop's or a person's name has a capital: « commander chez Amazon point fr ») whose last
dot is spelled before a label that ends our readers' addresses; « chez le médecin », « chez
amazon.fr », « chez Marie. Point suivant » are no addresses. Searched only in a text with « chez »
between spaces."""
_HANDLE_LABELS = re.compile(rf"[\w-]{{1,63}}(?:(?:\.| +(?:point|dot) +|{_SPACED_DOT})[\w-]{{1,63}}){{1,10}}", re.IGNORECASE)
_SEPARATED_LABELS = re.compile(r"[. ]")
_DOMAIN_ENDINGS = frozenset(
    "com net org info biz edu gov gouv asso int pro name mobi coop museum aero eu email mail online site xyz app dev "
    "bzh paris alsace corsica".split()
)
"""The endings that make « @nom.ending » read as an address's domain, beside any country's two letters."""


def _domain_ending(label: str) -> bool:
    """Whether ``label`` (in small letters) ends a domain as a reader recognises one (``_DOMAIN_ENDINGS``)."""
    return label in _DOMAIN_ENDINGS or (len(label) == 2 and label.isalpha())


_LETTER_SPACED = re.compile(r"(?<![\w.+-])(?:[\w.+-] {1,2}){2,64}@(?: {1,2}[\w.-]){4,253}(?![\w-])")
"""« a n n e . e x e m p l e @ c h u . f r »: an address letter-spaced, its characters one by one,
which a reader reads as one; searched only in a text with a spaced « @ »."""


def _letters_joined(match: re.Match) -> str:
    """A letter-spaced address (``_LETTER_SPACED``) written as one, if its domain ends as a domain
    does (« 2 à 1 @ 3 h . 1 5 » is no address)."""
    joined = match.group(0).replace(" ", "")
    return joined if _domain_ending(joined.rstrip(".").rpartition(".")[2].casefold()) else match.group(0)


_SOCIAL = re.compile(
    r"(?<![\w.+-])(?:instagram|insta|x|twitter|facebook|fb|tiktok|mastodon|linkedin|bluesky|bsky|threads|youtube|snapchat"
    r"|pinterest|twitch|telegram|discord|tumblr)\Z",
    re.IGNORECASE,
)
"""A social network's name just before an « @ » written after a space: what follows is a handle."""
_URL_LIMIT = 256
"""How far back from a dashed « -at- » to look for the start of its word (a web address's start)."""
_WEB_ADDRESS = re.compile(r"[\w.+-]*://|www\.|[\w-]+(?:\.[\w-]+)+/", re.IGNORECASE)
"""A word that starts a web address: a scheme, « www. » or a domain and its « / » (« exemple.fr/stay »),
where a « / » elsewhere is no web address (« Courriel/Mail:jean-at-orange.fr »)."""


def _spelled_at(match: re.Match) -> str:
    """« @ » for an « @ » written with spaces or spelled (``_SPELLED_AT``), unless it is something else:
    a handle after a social network's name (« Instagram @clsm.metz ») or, glued to its « @ », with no
    domain's ending (« Suivez-nous @clsm.metz »), a « -at- » inside a web address (« www.stay-at-home.fr »)."""
    written, text, start = match.group(0), match.string, match.start()
    if written[0] == " " and "@" in written:
        if _SOCIAL.search(text, max(0, start - 12), start):
            return written
        if written[-1] == " ":  # a handle is glued to its « @ »: « jean.dupont @ monsite.ovh » is an address
            return "@"
        labels = _HANDLE_LABELS.match(text, match.end())
        *_, dot, ending = _SEPARATED_LABELS.split(labels.group(0).casefold()) if labels else ("", "")
        if dot in ("point", "dot"):  # « @clsm point de vue » is no domain
            domain = ending in _ENDING_WORDS
        else:
            domain = _domain_ending(ending)
        if not domain:
            return written
    elif "-" in written:
        word = text[max(0, start - _URL_LIMIT) : start].rsplit(None, 1)[-1:]
        if word and _WEB_ADDRESS.match(word[0]):
            return written
    return "@"


# A domain after the « @ »: labels of at most 63 characters, at most 10 of them (RFC 1035),
# so the search from each « @ » is bounded whatever follows it.
_DOMAIN = re.compile(r"[\w-]{1,63}(?:\.[\w-]{1,63}){1,10}")
_LOCAL_MAX = 64
"""The longest local part of an address (RFC 5321): how far back from an « @ » to look."""

_KINDS = ("adresse électronique", "numéro de téléphone")


@dataclass(frozen=True)
class Contact:
    """A contact found in a text: where (offsets in the text searched), as written there, and its
    ``key``, one spelling per address or number (E.164 for a phone: « +33387567890 »)."""

    start: int
    end: int
    text: str
    key: str

    @property
    def kind(self) -> str:
        return kind(self.text)


# --- Phone numbers -----------------------------------------------------------------------------

# A run of digit groups as any grouping writes them: « 03 87 56 78 90 », « 0387.567.890 »,
# « +33 (0)3 87… », « (+352) 26 12 34 56 », « 0049-681-12345 », « 06 / 12 / 34… », not glued to a
# letter before it; its groups are separated by at most three of « . - / » and spaces.
# A number starts at a group with « + », « 00 » or « 0 » (``_in_run``). Possessive quantifiers: no
# backtracking, so one pass over the text whatever it holds.
_RUN = re.compile(
    r"[(+\d](?:(?<=\d)|(?<=\()\+?(?=\d)|(?<=\+)(?=\d))\d*+\)?"
    r"(?:(?:(?:[ ./-]{1,3}+|(?<=\))|(?=\())\(?\+?\d++\)?)++|(?<=\d{7}))"
)
"""At least two groups, or one of seven digits or more: the other numbers of a text (« 2021 », « 12 »)
are passed over at once. It starts with a character class, which the regex engine looks for
quickly; whether the run is glued to a word before it is looked at afterwards (``_phones``). Letters
written for digits are made digits before (``_read_as_digits``)."""
_GROUP = re.compile(r"(\()?(\+)?(\d+)(\))?")
_STARTS = (
    ("0", re.compile(r"0(?<!\d0)")),
    ("+", re.compile(r"\+(?=\d)")),
    ("3", re.compile(r"33(?<!\d33)")),
    ("O", re.compile(r"O(?<!\wO)(?=[1-9Il|SB]| [1-9])")),
    ("o", re.compile(r"o[ 1-9Il|SB](?<!\wo.)(?:(?<! )|(?=[1-9]))")),
)
"""What every number starts with (``_in_run``): a group of digits that begins with « 0 », or with
« 33 » (France's code without its « + »), or a « + » and a digit; or an « O » or an « o » for the
« 0 », not glued to a word (« CO2 », « co2 »), before a space too (« O 6 12… », « o 6 12… »), which
``_read_as_digits`` makes a « 0 » where a number follows (``_LETTERED``). Most lines have none (their
numbers are dates, times, counts): ``_RUN`` is not searched there (``_runs``), and ``_LETTERED``,
``_LISTED`` and ``_PUNCTUATED`` are tried at the starts only (``_at_starts``). One regex for each, a
literal that the regex engine skips to (ten times faster than one regex for all, whose class it reads
character by character), searched only in a text that has its first character (« in » finds it at
memory speed: most texts have no « + »). The « o »'s costs most, a quarter of ``_phones``: it stops at
every « o » of a text, and no other cheaper pass finds it (the passes that ``_at_starts`` saved pay for it).
A space after it is in the one class it reads, the digit after that space looked at only then: a
second pass for « o » and a space cost a fifth to a third more of ``_phones``, an alternative tried at
each « o » nearly a tenth more of its own."""
_UNITS = {
    "zéro": 0, "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
}
_TEENS = {"dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}
_TENS = {
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
}
"""The words of the numbers from 0 to 99, as France, Belgium and Switzerland write them."""
_NUMBER_WORDS = sorted([*_UNITS, *_TEENS, *_TENS, "vingts", "et"], key=len, reverse=True)
_NUMBER_WORD = "(?i:" + "|".join(_NUMBER_WORDS) + r")(?![^\W\d_])"
_NUMBER_TOKEN = re.compile(rf"([ ,;./-]{{0,3}})(\d++|{_NUMBER_WORD})")
"""The next number of a spelled phone: a word (``_NUMBER_WORDS``) or digits (which ``_spoken_digits``
reads in ones, pairs or fours), after a separator (a comma, a dot, a hyphen, spaces) or none
(« zérosix »), within the line."""
_DIGITS_GROUP = 4
"""A group of four digits among a spelled number's pairs (« 0six 1234 5678 »)."""
_LOOKALIKES = str.maketrans("OoIl|SB", "0011158")
"""What a reader reads as a digit between digits: « O » and « o » for 0, « I », « l » and « | » for 1,
« S » for 5, « B » for 8."""
_LIKE_DIGIT = r"[\dOoIl|SB]"
_BEFORE_WORD = r"(?:\d(?:[ ,;./-]{0,3}+\d\d){0,3}+)?[ ,;./-]{0,3}+"
"""What comes between a number's « 0 » and a word among its digits: at most its first eight digits,
in pairs after the first (« 0six », « 06 douze », « 06 12 34 56 soixante-dix-huit »)."""
_WORD_INITIALS = "".join(sorted({word[0] for word in _NUMBER_WORDS}))
"""The first letters of the numbers' words: looked for before the words themselves, whose alternation
the regex engine would otherwise try at each « 0 » of a date (a tenth more time in ``_phones``)."""
_LETTERED = re.compile(
    r"(?:\+33 ?(?:\(0\) ?)?|0033 ?|[0Oo])"
    rf"([1-9Il|SB]([ ./-]?){_LIKE_DIGIT}{{2}}(?:\2{_LIKE_DIGIT}{{2}}){{3}}(?![\w|])"
    r"|(?<=[Oo]) ?[1-9](?:\)?[ ./-]{0,3}+\(?\d){8}(?!\d))"
    rf"|(?<!\w)(?:(\+33 ?(?:\(0\) ?)?|0033 ?|[Oo])|0)(?={_BEFORE_WORD}[{_WORD_INITIALS}{_WORD_INITIALS.upper()}])"
    rf"(?={_BEFORE_WORD}{_NUMBER_WORD})"
)
"""A French number with letters or words for some of its digits, as a reader recognises one: its
trunk, then nine digits, a first one and four pairs cut alike (« O6 I2 34 56 78 », « 06 l2 34 S6 78 »,
« +33 6 I2 34 56 78 », « o6 12 34 56 78 »); or, after an « O » or an « o » for the trunk, nine digits
grouped in any way (« O6 1234 5678 », « o3.87.65.43.21 », « O 6 12 34 56 78 », « o 6 12 34 56 78 »:
a space after it), as many as a French number has (« O681 9876 543 » is not one); or a « 0 » that a number's
word follows, among its first digits (« 0six 12 34 56 78 », « 06 douze 34 56 78 »), or what stands
for that « 0 » (« +33 six 12… », « 0033 6 douze… », « O6 douze… »: group 3), not glued to a word.
Where at most a third of the nine are letters, they are read as digits (``_read_as_digits``), and
the number then as any other (glued to a word, none: « C06 l2 34 56 78 »); words are read as a
number spelled from its « zéro » is (``_spoken``). Tried at a number's start only (``_STARTS``)."""
_LETTERED_DIGITS = 6
"""The fewest digits among the nine of a lettered number (``_LETTERED``)."""
_LIST_SEPARATOR = r" ?[,;|] ?"
_LISTED = re.compile(
    "0(?<!\\w0)"
    + "".join(rf"(?<!{before}0)" for before in (r"\d[,;|]", r"\d[,;|] ", r"\d [,;|]", r"\d [,;|] ", r"\|", r"\| "))
    + rf"[1-79]({_LIST_SEPARATOR})\d\d(?:\1\d\d){{3}}(?!\d|{_LIST_SEPARATOR}\d| ?\|)"
)
"""A French number whose pairs a list's separator cuts (« 06, 12, 34, 56, 78 », « 06 ; 12 ; … »,
« 06 | 12 | … »), which a list of numbers can also be: only a mobile's or a landline's ten digits, in
five pairs cut alike, not inside a longer list (« 1, 06, 12, … ») nor a table's row (« | 06 | 12 | … | »)."""
_PUNCTUATED = re.compile(r"0(?<!\w0)[1-9]( ?[:~\\] ?)\d\d(?:\1\d\d){3}(?!\d| ?[:~\\] ?\d)")
"""A French number whose pairs a mark cuts that no list, date or time uses so (« 06:12:34:56:78 »,
« 06~12~34… », « 06\\ 12\\ 34… », a backslash Markdown shows): its ten digits in five pairs cut alike,
no more. A time has two or three groups (« 14:30:12 »), a list of times spaces between them."""
_CALLING = re.compile(r"t[ée]l|phone|portable|mobile|appel|joindr|contact|num[ée]ro|sms|whatsapp|signal\b|fax", re.IGNORECASE)
"""What announces a number to call, just before a list-like one: without it, « les 03, 10, 17, 24, 31
mars » and « les départements 06, 13, 83, 84, 04 » are lists, not phones, and stopped a build."""
_BOOK_WORD = re.compile(r"\b(?:ISBN|ISSN)(?:-?1[03])? ?:? ?\Z", re.IGNORECASE)
"""A book's or a serial's number follows (« ISBN 978-2-07-036822-8 », « ISSN : 0395-2649 »)."""
_ISBN13, _ISBN10, _ISSN = 13, 10, 8
"""The digits of an ISBN (13; 10 before 2007) and of an ISSN, its check digit included."""
_CHECK_X = re.compile(r"([ -])?[Xx](?!\w)")
"""The check digit « X » (ten) of an ISBN-10 or an ISSN, after its run of digits, as its own group or not."""
_DEPARTMENTS = re.compile(r"(d[ée]partements)\b[^\d\n.,;!?]{0,30}\Z", re.IGNORECASE)
"""The word that a list of départements follows, in the plural and in the same clause: after « le
département, » or « des départements. Marie : », pairs are a number (``_departments``)."""
_SPACED_PAIRS = re.compile(r"\d\d(?:(?: [./-] ?|[./-] )\d\d)++")
"""Pairs set off by a spaced mark (« 01 • 07 • 26 », read « 01 . 07 . 26 »), as a list sets off its
items; each separator is read one way only (it starts with a space or with the mark), so a failed
match is not tried again another way."""
# Dates are not numbers to dial: « 01/02/2021-03/04/2021 », « 01.02.21 - 03.04.21 », « 2021-02-19 ».
# A day, a month and a year of two digits followed by more groups of the same run
# (« 03.87.56.78.90 ») is a phone number, not a date.
_DAY, _MONTH = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])"
_DATE = re.compile(
    rf"(?<![\d./-])(?:{_DAY}([./-]){_MONTH}\1\d{{4}}(?!\d)|\d{{4}}([./-]){_MONTH}\2{_DAY}(?!\d)"
    rf"|{_DAY}([./-]){_MONTH}\3\d{{2}}(?!\d|[ ./-]\d))"
)
_FRENCH_DIGITS = 10
"""A French number in its national form: 0 and nine digits, mainland and overseas alike."""
_OVERSEAS = {
    "590": "GP", "690": "GP", "691": "GP", "594": "GF", "694": "GF", "596": "MQ", "696": "MQ", "697": "MQ",
    "262": "RE", "263": "RE", "692": "RE", "693": "RE", "269": "YT", "639": "YT", "508": "PM",
}
"""The overseas numbers dialled as French ones (« 05 94 … » in Cayenne): their own country code in E.164."""
_NEIGHBOURS = ("BE", "CH", "DE")
"""Countries whose numbers are also found in their national form (a trunk « 0 », then 8 to 11 digits);
Luxembourg's have no trunk prefix: they are found with their « +352 »."""
_INTERNATIONAL_MAX = 17
"""« 00 », a country code and a national number: at most 17 digits."""


@functools.lru_cache(maxsize=4096)
def _international(digits: str, strict: bool) -> str | None:
    """E.164 of ``+digits`` if it is a phone number (``strict``: valid, not only of a possible length)."""
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code == 33:  # « +33 5 94 … » is Cayenne's: the overseas keep their own code
        national = str(number.national_number)
        return french_e164("0" + national) if len(national) == _FRENCH_DIGITS - 1 else None
    ok = phonenumbers.is_valid_number(number) if strict else phonenumbers.is_possible_number(number)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if ok else None


def french_e164(digits: str) -> str | None:
    """« 0594291000 » → « +594594291000 », « 0387567890 » → « +33387567890 »: a French number in its
    national form, with the country code of its overseas département; None if it is not one."""
    if len(digits) != _FRENCH_DIGITS or digits[0] != "0" or digits[1] == "0":
        return None
    national = digits[1:]
    region = _OVERSEAS.get(national[:3])
    if region is not None:
        code = phonenumbers.country_code_for_region(region)
        return f"+{code}{national}"
    return f"+33{national}"


@functools.lru_cache(maxsize=4096)
def _neighbour(digits: str) -> str | None:
    """E.164 of a German, Belgian or Swiss number written in its national form (« 0681 12345 »)."""
    for region in _NEIGHBOURS:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def _phones(text: str, announced: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, E.164) of each phone number of a normalised text, in reading order; ``announced``:
    the text is a number already found, whose list-like spelling needs no word before it (``_CALLING``)."""
    # « zéro six, douze… »: looked for only in a text with a « z » (« in » finds it at memory speed).
    spelled = _spelled_numbers(text) if "z" in text or "Z" in text else []
    starts = sorted(match.start() for first, pattern in _STARTS if first in text for match in pattern.finditer(text))
    if not starts:
        return spelled
    text, spoken = _read_as_digits(text, starts)
    spelled += spoken
    found = []
    for match in _runs(text, starts):
        run, start = match.group(0), match.start()
        if start and run[0] != "(" and (text[start - 1].isalnum() or text[start - 1] == "_"):
            # Glued to a word (« réf0612… », « Article12 »): its first group is not a number's start;
            # a parenthesis sets it apart (« Tél(06 12 34 56 78) »).
            first = _GROUP.match(run).end()
            run, start = run[first:], start + first
        numbers = _in_run(_without_dates(run), start)
        # What only looks like a number (a book's, a list of départements): looked at only where a run
        # holds a number, as few runs do, so that no text is searched again for their words.
        if numbers:
            book = _BOOK_WORD.search(text, max(0, start - 16), start)
            if book or run.lstrip("(").startswith(("978", "979")):
                numbers = _in_run(_without_dates(_book_masked(run, book, text[start + len(run) : start + len(run) + 3])), start)
            if _departments(run, text, start):
                numbers = []
            numbers = [number for number in numbers if not _counting(text[number[0] : number[1]])]
        found += numbers
    listed = [
        (match.start(), match.end(), french_e164(re.sub(r"\D", "", match.group(0))))
        for match in _at_starts(_LISTED, text, starts)
        if announced or _CALLING.search(text, max(0, match.start() - 40), match.start())
    ]
    if ":" in text or "~" in text or "\\" in text:  # « in » first: most texts have none of these marks
        listed += [
            (match.start(), match.end(), french_e164(re.sub(r"\D", "", match.group(0))))
            for match in _at_starts(_PUNCTUATED, text, starts)
            if not _counting(match.group(0))
        ]
    return sorted(found + listed + spelled) if listed or spelled else found


def _at_starts(pattern: re.Pattern, text: str, starts: list[int]) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern that matches at a number's start only (``_LISTED``,
    ``_PUNCTUATED``: a « 0 » not glued to a word), tried there (at ``starts``, in order): a pass of
    its own over the text cost as much as the one that found the starts."""
    last = 0
    for position in starts:
        if position >= last and (match := pattern.match(text, position)):
            last = match.end()
            yield match


def _runs(text: str, starts: list[int]) -> Iterator[re.Match]:
    """The runs of digit groups (``_RUN``) of the lines of ``text`` that hold a number's start (at
    ``starts``, in order): a run lies within a line, and one that holds no start holds no number
    (``_in_run``). The regex reads those lines only, a tenth of a compte rendu's text, the one
    character class that starts a run being read at each of its characters."""
    end = -1
    for position in starts:
        if position > end:
            end = text.find("\n", position)
            end = len(text) if end == -1 else end
            yield from _RUN.finditer(text, text.rfind("\n", 0, position) + 1, end)


def _read_as_digits(text: str, starts: list[int]) -> tuple[str, list[tuple[int, int, str]]]:
    """``text`` with the letters of its lettered numbers (``_LETTERED``, tried at each number's start)
    made digits: the same length, so that a number found is reported as written; and (start, end,
    E.164) of each number with words among its digits (« 0six 12 34 56 78 »)."""
    pieces, spoken, last = [], [], 0
    for position in starts:
        if position >= last and (match := _LETTERED.match(text, position)):
            if match.group(1) is None:  # a word follows the « 0 », or what stands for it (group 3)
                after = match.end()
                digits, end = _spoken(text, [("zéro", True, after)], after) if match.group(3) else _spoken(text, [], position)
                if key := french_e164(digits):
                    spoken.append((position, end, key))
                continue
            written = match.group(0)
            read = written.translate(_LOOKALIKES)
            if read != written and sum(character.isdigit() for character in match.group(1)) >= _LETTERED_DIGITS:
                pieces += [text[last:position], read]
                last = match.end()
    return ("".join(pieces) + text[last:] if pieces else text), spoken


def _counting(written: str) -> bool:
    """Ten digits in five pairs that count up by one (« 01 02 03 04 05 », « 08.09.10.11.12 »): the days
    of a calendar's row (a PDF's table reads so), not a number anyone is given."""
    digits = re.sub(r"\D", "", written)
    pairs = [int(digits[index : index + 2]) for index in range(0, len(digits), 2)]
    return len(digits) == 10 and all(b == a + 1 for a, b in zip(pairs, pairs[1:]))


def _book_masked(run: str, word: re.Match | None, following: str) -> str:
    """``run`` with its beginning masked (``#``) if it is a book's or a serial's number, written as one:
    an ISBN-13 (978 or 979, its 13 digits and a right check digit), and after the word an ISBN-10 (10
    characters) or an ISSN (8, after « ISSN »), whose check digit may be an « X » just after the run
    (in ``following``, the three characters after it). An ISBN is written in one or two groups
    (« 978-2070368228 ») or ends with a group of its one check digit (« 978-2-07-036822-8 »); an ISSN
    in one or two groups, with a right check digit. A number written in pairs after the word
    (« ISBN 06 12 34 56 78 ») is no book's: it is left."""
    issn = bool(word) and word.group(0)[:4].upper() == "ISSN"
    limit = _ISSN if issn else _ISBN13
    sizes, digits, masked = [], "", 0
    for group in _GROUP.finditer(run):
        if len(digits) + len(group.group(3)) > limit:
            break
        sizes.append(len(group.group(3)))
        digits, end = digits + group.group(3), group.end()
        written, shape = digits, sizes
        if end == len(run) and (check := _CHECK_X.match(following)):
            written, shape = digits + "X", [*sizes, 1] if check.group(1) else [*sizes[:-1], sizes[-1] + 1]
        if issn:
            book = len(written) == _ISSN and len(shape) <= 2 and _mod11_checked(written)
        else:
            shaped = len(shape) <= 2 or shape[-1] == 1
            book = shaped and (
                (len(written) == _ISBN13 and _isbn_checked(written))
                or (bool(word) and len(written) == _ISBN10 and (len(shape) > 2 or _mod11_checked(written)))
            )
        if book:
            masked = end
    return "#" * masked + run[masked:]


def _isbn_checked(digits: str) -> bool:
    """An ISBN-13: 978 or 979, then a check digit that makes the weighted sum (1, 3, 1, 3…) a multiple of ten."""
    return digits.isdigit() and digits[:3] in ("978", "979") and sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0


def _mod11_checked(characters: str) -> bool:
    """An ISBN-10's or an ISSN's check: weights n … 1, « X » for 10 as the last, a multiple of eleven."""
    values = [int(c) if c.isdigit() else 10 for c in characters]
    return sum(value * (len(values) - i) for i, value in enumerate(values)) % 11 == 0


def _departments(run: str, text: str, start: int) -> bool:
    """A list of départements' numbers just after the word (« départements 01 • 07 • 26 • 38 • 42 »):
    pairs set off by a spaced mark, with no word that announces a number between (« départements
    tél. 01 • 07 … » is a phone), nor a comma or a sentence's end (``_DEPARTMENTS``). Pairs cut by
    spaces only are a phone there too: a département's switchboard (« Département de la Moselle :
    03 87 37 57 57 »)."""
    if not _SPACED_PAIRS.fullmatch(run):
        return False
    word = _DEPARTMENTS.search(text, max(0, start - 48), start)
    return bool(word) and not _CALLING.search(text, word.end(1), start)


def _without_dates(run: str) -> str:
    """``run`` with its dates masked (``#``), which end a number (``_DATE``)."""
    if "/" in run or "." in run or "-" in run:
        return _DATE.sub(lambda date: "#" * len(date.group(0)), run)
    return run


def _in_run(run: str, offset: int) -> list[tuple[int, int, str]]:
    """The numbers of one run of digit groups: from each group that can start one (« + », « 00 »,
    « 0 », and « 33 » beginning the run), the longest sequence of whole groups that makes a number.
    A date in the run (masked by ``#``) ends it."""
    groups = [
        (m.start(), m.end(), m.group(3), bool(m.group(2)), m.group(1) == "(" and m.group(4) == ")" and m.group(3) == "0", _unbalanced(m))
        for m in _GROUP.finditer(run)
    ]
    found, index = [], 0
    while index < len(groups):
        start, _, digits, plus, _, _ = groups[index]
        # France's code without its « + » (« 33 6 12 34 56 78 », « wa.me/33612345678 »): only as a whole run.
        bare = index == 0 and not plus and digits.startswith("33")
        if not (plus or digits[0] == "0" or bare):
            index += 1
            continue
        international = plus or digits.startswith("00")
        best, total = None, ""
        for last in range(index, len(groups)):
            part = groups[last]
            if last > index and part[5] == "(":
                break  # an aside opens: « … 999 (01/01/2021) »
            if international and last == index + 1 and part[4]:
                continue  # « +33 (0)3 87… »: the « (0) » is not dialled from abroad
            total += part[2]
            if international:
                number = total if plus else total[2:]
                if len(total) > _INTERNATIONAL_MAX:
                    break
                if len(number) >= 7 and (key := _international(number, strict=not plus)):
                    best = (last, key)
            elif bare:
                if len(total) > _FRENCH_DIGITS + 1:
                    break
                if len(total) == _FRENCH_DIGITS + 1 and last == len(groups) - 1 and (key := french_e164("0" + total[2:])):
                    best = (last, key)
            else:
                if len(total) > 12:
                    break
                if len(total) == _FRENCH_DIGITS and (key := french_e164(total)):
                    best = (last, key)
                    break
                if len(total) >= 9 and last == len(groups) - 1 and _evenly_written(run, groups[index : last + 1]) and (key := _neighbour(total)):
                    best = (last, key)
            if part[5] == ")":
                break  # an aside closes: « (01/01/999) 100 »
        if best is None:
            index += 1
            continue
        last, key = best
        end = groups[last][1]
        # The parentheses of an aside around the number are not part of it (« (06 12 34 56 78) »).
        if groups[last][5] == ")" or (run[end - 1] == ")" and "(" not in run[start:end]):
            end -= 1
        if groups[index][5] == "(":
            start += 1
        found.append((offset + start, offset + end, key))
        index = last + 1
    return found


def _unbalanced(group: re.Match) -> str:
    """« ( » or « ) » when a group opens or closes a parenthesis it does not close or open itself:
    phone numbers put one group in parentheses (« (0)3 », « (+352) »), an aside puts several."""
    opened, closed = bool(group.group(1)), bool(group.group(4))
    return "(" if opened and not closed else ")" if closed and not opened else ""


def _evenly_written(run: str, groups: list) -> bool:
    """Groups separated all alike and without parentheses, as a foreign number in its national form
    is written (« 0681 9876 543 »): a date or a list of numbers beside another number is not one."""
    separators = {run[before[1] : after[0]] for before, after in zip(groups, groups[1:])}
    return len(separators) <= 1 and "(" not in run[groups[0][0] : groups[-1][1]]


_SPOKEN_WORDS = 24
"""How many words are read from a « zéro » (``_spelled_numbers``) or a « 0 » (``_read_as_digits``): a
phone's ten digits take at most four for each pair (« quatre-vingt-dix-sept »), and ``_spoken_digits``
looks four further. A line of number words is so read a bounded number of times, not from each
« zéro » to its end."""


def _spelled_numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, E.164) of each French phone number spelled from its « zéro » (« zéro six, douze,
    trente-quatre, cinquante-six, soixante-dix-huit »): ten digits in numbers of one or two digits,
    written in words or digits. A word « zéro » elsewhere (« tolérance zéro, deux ans ») spells none."""
    found = []
    # Each « z » looked at in turn (a French text has few): faster than a regex, which would stop at each
    # « ro » or read a class for « zZ » character by character.
    for letter in "zZ":
        start = text.find(letter)
        while start != -1:
            position = start + 4
            glued = start and (text[start - 1].isalnum() or text[start - 1] == "_")  # « Bézéro »
            if text[start + 1 : position].casefold() in ("éro", "ero") and not glued:
                digits, end = _spoken(text, [("zéro", True, position)], position)
                if key := french_e164(digits):
                    found.append((start, end, key))
                    start = end - 1  # its own words start no other number
            start = text.find(letter, start + 1)
    return sorted(found)


def _spoken(text: str, tokens: list[tuple[str, bool, int]], position: int) -> tuple[str, int]:
    """The ten digits that ``tokens`` and the numbers of ``text`` read from ``position`` spell, and where
    they end (``_spoken_digits``)."""
    while len(tokens) < _SPOKEN_WORDS and (token := _NUMBER_TOKEN.match(text, position)):
        separator, word = token.groups()
        tokens.append((word.casefold(), bool(separator.strip(" -")), token.end()))
        position = token.end()
    return _spoken_digits(tokens)


def _spoken_digits(tokens: list[tuple[str, bool, int]]) -> tuple[str, int]:
    """The ten digits that the first numbers of ``tokens`` spell, and where the last of them ends; ("", 0)
    if they spell another count, or count from zero to nine (« zéro, un, deux… neuf »: a scale, no
    number anyone is given). Each token: its word in small letters or its digits, whether a comma, a
    dot or a slash sets it apart from the one before (no number spans one), and its end. Each number
    is read as far as French reads it: « soixante dix huit » is 78, « soixante, dix, huit » 60 10 8.
    Digits are read one or two at a time, or four where a pair starts (« 0six 1234 5678 », « zéro six
    douze 34 5678 »), as a number is grouped; then they end the number: more digits after them, not
    set apart, make a longer one's (« 0six 1234 5678 9012 », a SIRET's fourteen)."""
    digits, index, end, numbers, grouped = "", 0, 0, 0, False
    while index < len(tokens) and len(digits) < _FRENCH_DIGITS:
        words = [tokens[index][0]]
        for word, apart, _ in tokens[index + 1 : index + 5]:  # « quatre-vingt-dix-sept »: at most four words
            if apart:
                break
            words.append(word)
        if words[0].isdigit():
            if len(words[0]) > 2 and (len(words[0]) != _DIGITS_GROUP or len(digits) % 2):
                break
            grouped = grouped or len(words[0]) == _DIGITS_GROUP
            number, used = words[0], 1
        else:
            number, used = _number(words)
        if number is None:
            break
        digits += str(number)
        index, numbers = index + used, numbers + 1
        end = tokens[index - 1][2]
    counting = numbers == _FRENCH_DIGITS and digits == "0123456789"
    longer = grouped and index < len(tokens) and tokens[index][0].isdigit() and not tokens[index][1]
    return (digits, end) if len(digits) == _FRENCH_DIGITS and not counting and not longer else ("", 0)


def _number(words: list[str]) -> tuple[int | None, int]:
    """The number from 0 to 99 that the first of ``words`` spell, read as far as French reads it, and
    how many words it takes; (None, 0) if the first is no number's (« et »)."""
    first, rest = words[0], words[1:]
    if first == "quatre" and rest[:1] in (["vingt"], ["vingts"]):
        tens, used = 80, 2
    elif first in _TENS:
        tens, used = _TENS[first], 1
    elif first == "dix" and rest[:1] and rest[0] in ("sept", "huit", "neuf"):
        return 10 + _UNITS[rest[0]], 2
    elif first in _TEENS:
        return _TEENS[first], 1
    elif first in _UNITS:
        return _UNITS[first], 1
    else:
        return None, 0
    after = words[used:]
    if after[:1] == ["et"] and after[1:2] in (["un"], ["une"], ["onze"]):  # « vingt et un », « soixante et onze »
        after, used = after[1:], used + 1
    if first in ("soixante", "quatre") and after and after[0] in _TEENS:  # « soixante-dix », « quatre-vingt-dix-sept »
        teen, taken = _number(after)
        return tens + teen, used + taken
    if after and after[0] in _UNITS and _UNITS[after[0]]:
        return tens + _UNITS[after[0]], used + 1
    return tens, used


def phone_key(phone: str) -> str | None:
    """E.164 of a phone number written alone, as in a structure's ``telephone`` (« 05 94 29 10 00 »
    → « +594594291000 »); None for a short number (« 3114 ») or what is not a number."""
    found = _phones(normalise(phone), announced=True)
    return found[0][2] if len(found) == 1 else None


def display_phone(phone: str) -> str:
    """A structure's public phone as French readers read it: « 05 94 29 10 00 » for a French number,
    overseas included; « +352 26 12 34 56 » for another country's; a short number as written."""
    key = phone_key(phone)
    if key is None:
        return phone
    number = phonenumbers.parse(key, None)
    national = "0" + str(number.national_number)
    if french_e164(national) == key:
        return " ".join(national[i : i + 2] for i in range(0, _FRENCH_DIGITS, 2))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# --- E-mail addresses ------------------------------------------------------------------------


def _emails(text: str):
    position = text.find("@")
    while position != -1:
        start, limit = position, max(0, position - _LOCAL_MAX)
        while start > limit and (text[start - 1].isalnum() or text[start - 1] in "._+-"):
            start -= 1
        while start < position and text[start] == ".":
            start += 1
        domain = _DOMAIN.match(text, position + 1)
        if start < position and domain:
            yield start, domain.end()
        position = text.find("@", position + 1)


# --- Texts -------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """One spelling for what can hide a contact; line breaks stay where they are."""
    return _normalise(text, None)[0]


def _normalise(text: str, origin: list[int] | None) -> tuple[str, list[int] | None]:
    """``normalise``; with ``origin`` (``range(len(text) + 1)``), also where each character of the
    result comes from in ``text`` (``None`` when Unicode composed characters across positions)."""
    if not text.isascii():
        if origin is None and unicodedata.is_normalized("NFKC", text) and not _INVISIBLE_OR_SAME_LENGTH.search(text):
            return _spelled(text, None)  # as most texts are: nothing to remove or replace
        if INVISIBLE.search(text):
            text, origin = _replace(INVISIBLE, "", text, origin)
        whole = _same_length(unicodedata.normalize("NFKC", text))
        if origin is not None and whole != _same_length(text):
            # Otherwise, as in most texts (accents, « – », non-breaking spaces), one character for one:
            # ``origin`` is unchanged, and this loop in Python was most of the time of a long import.
            origin = _each_character(text, origin, whole)
        text = whole
    return _spelled(text, origin)


def _spelled(text: str, origin: list[int] | None) -> tuple[str, list[int] | None]:
    """The « @ » and « . » written otherwise, as « @ » and « . »."""
    # A text is searched for one character before two: « in » finds one at memory speed, and two
    # that start with a space (found after every word) five to twenty times slower.
    if "&" in text or ("%" in text and "%40" in text) or any(bracket in text and bracketed.search(text) for bracket, bracketed in _BRACKETED):
        text, origin = _replace(_AT, "@", text, origin)
        text, origin = _replace(_DOT, ".", text, origin)
        if _BRACKETED_A.search(text):
            text, origin = _replace(_BRACKETED_A, "@", text, origin)
    at = "@" in text  # joining a letter-spaced address below neither makes nor removes one
    if at and " @ " in text:
        text, origin = _replace(_LETTER_SPACED, _letters_joined, text, origin)
    spelled = (at and (" @" in text or "@ " in text)) or _SPELLED_WORD.search(text) or ("-" in text and _DASHED_WORD.search(text))
    if spelled:
        text, origin = _replace(_SPELLED_AT, _spelled_at, text, origin)
    if "z" in text and " chez " in text and _CHEZ.search(text):  # a one-character « in » first: the fastest
        text, origin = _replace(_CHEZ, "@", text, origin)
        spelled = True
    # The spelled dots joined to an « @ »: searched for where an « @ » is spelled, where a « . » follows
    # a space (a literal, found at memory speed) in a text with an « @ », and where a written « @ » is
    # followed by a label, a spelled dot and an address's ending (« nom@domaine point fr »).
    if "@" in text and (" ." in text or (spelled and _SPELLED_DOT.search(text)) or _GLUED_SPELLED_DOT.search(text)):
        text, origin = _replace(_SPELLED_LABELS, lambda match: _SPELLED_DOT.sub(".", match.group(0)), text, origin)
    return text, origin


def _each_character(text: str, origin: list[int], whole: str) -> list[int] | None:
    """NFKC character by character (a base and its combining marks), mapped back to ``text``."""
    pieces, mapped, start = [], [], 0
    for end in range(1, len(text) + 1):
        if end == len(text) or not unicodedata.combining(text[end]):
            piece = _same_length(unicodedata.normalize("NFKC", text[start:end]))
            pieces.append(piece)
            mapped += [origin[start]] * len(piece)
            start = end
    return mapped + [origin[-1]] if "".join(pieces) == whole else None


def _replace(pattern: re.Pattern, replacement, text: str, origin: list[int] | None) -> tuple[str, list[int] | None]:
    """``pattern.sub``, keeping ``origin`` in step: a replacement comes from where its match started."""
    if origin is None:
        return pattern.sub(replacement, text), None
    pieces, mapped, last = [], [], 0
    for match in pattern.finditer(text):
        new = replacement(match) if callable(replacement) else replacement
        pieces += [text[last : match.start()], new]
        if new == match.group(0):  # left as written (``_spelled_at``): each character from where it was
            mapped += origin[last : match.end()]
        else:
            mapped += origin[last : match.start()] + [origin[match.start()]] * len(new)
        last = match.end()
    return "".join(pieces) + text[last:], mapped + origin[last:]


def scan(text: str) -> list[Contact]:
    """The contacts of a text already normalised (``normalise``, ``visible_text``), in reading order."""
    found = [Contact(start, end, text[start:end], text[start:end].casefold()) for start, end in _emails(text)] if "@" in text else []
    found += [Contact(start, end, text[start:end], key) for start, end, key in _phones(text)]
    return sorted(found, key=lambda contact: contact.start)


def find(text: str) -> list[Contact]:
    """Every e-mail address and phone number of ``text`` as a reader reads it, in reading order;
    offsets are those of the normalised text, which keeps the line breaks of ``text``."""
    return scan(normalise(text))


def find_contacts(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Every e-mail address and phone number of ``text``, with its line, in reading order."""
    text = normalise(text)
    result, line, counted = [], first_line, 0
    for contact in scan(text):
        line += text.count("\n", counted, contact.start)
        counted = contact.start
        result.append((line, contact.text))
    return result


def redact(text: str, placeholder: str) -> tuple[str, list[str]]:
    """``text`` with each contact ``find`` sees replaced by ``placeholder``, and the contacts as
    written there; everything else is left as written (typography included)."""
    normalised, origin = _normalise(text, list(range(len(text) + 1)))
    if origin is None:  # composed across characters (rare): the normalised text is redacted
        text, origin = normalised, list(range(len(normalised) + 1))
    spans: list[list[int]] = []
    for contact in scan(normalised):
        first, end = origin[contact.start], contact.end
        while origin[end] == origin[end - 1]:  # the end of a replaced piece (« [at] », « ﬁ »…)
            end += 1
        if spans and first < spans[-1][1]:  # overlapping addresses (« a@b.fr@c.fr »): one span
            spans[-1][1] = max(spans[-1][1], origin[end])
        else:
            spans.append([first, origin[end]])
    pieces, found, last = [], [], 0
    for first, end in spans:
        pieces += [text[last:first], placeholder]
        found.append(text[first:end].strip())
        last = end
    return "".join(pieces) + text[last:], found


def find_in_texts(texts: list[str]) -> list[tuple[int, str]]:
    """The contacts of many short texts (the fields of a file), each with its text's index.

    One search over all of them joined (a search per field value cost more than the search
    itself): no pattern matches across the line break that joins them. A value written on several
    lines (a YAML block) is read on one, as a page shows it.
    """
    if not texts:
        return []
    # Normalised at once where that is the same: no normalisation reaches across a line break, nor
    # makes or removes one, and each applies to a text only where it has what calls for it, except
    # two: the spelled dots of an address (« nom@domaine point fr », « nom@domaine . fr »), read only
    # in a text with an « @ », and the ASCII blanks (tab, CR, FF, VT), made spaces only in a text that is not
    # all ASCII. The texts are normalised one by one if any has an « @ », such a blank or a line break.
    joined = "\n".join(texts)
    # (« in » finds each blank at memory speed, a regex class reads the text character by character.)
    whole = "" if "\t" in joined or "\r" in joined or "\f" in joined or "\v" in joined else normalise(joined)
    if not whole or "@" in whole or whole.count("\n") != len(texts) - 1:
        whole = "\n".join(normalise(text).replace("\n", " ") for text in texts)
    if not (found := scan(whole)):
        return []
    starts = list(itertools.accumulate((len(text) + 1 for text in whole.split("\n")[:-1]), initial=0))
    return [(bisect.bisect_right(starts, contact.start) - 1, contact.text) for contact in found]


def contact_key(contact: str) -> str:
    """One spelling per address or number: « +33 3 87… », « 0033 3 87… » and « 03.87… » are the same
    (E.164); an address in lower case."""
    contact = normalise(contact)
    if "@" in contact:
        return contact.strip().casefold()
    return phone_key(contact) or re.sub(r"\D", "", contact)


def kind(contact: str) -> str:
    """« adresse électronique » or « numéro de téléphone », as messages name them."""
    return _KINDS[0] if "@" in contact else _KINDS[1]


# --- What a reader sees of a page --------------------------------------------------------------

# Hidden from the reader: scripts, styles, templates and comments. Each is read up to its end but
# never past another of its openings: read to the end of the page from each unclosed one, a text
# of them took a time that grew as its square (a feed's titles are such text once decoded).
_HIDDEN = re.compile(r"<!--(?:[^<-]++|<(?!!--)|-(?!->))*+-->|<(script|style|template)\b(?:[^<]++|<(?!/?\1\b))*+</\1\s*>", re.I)
# Inline elements join their text to the text around them (« 06 <em>12</em> » is read « 06 12 »);
# every other element starts a new block (a paragraph, a list item, a table cell).
_INLINE = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strike|strong"
    r"|sub|sup|time|tt|u|var|wbr)(?=[\s/>])[^>]*>"
)
"""In lower case, as the sanitizer and the theme write tags (the flag ``re.I`` would triple its time)."""
_TAG = re.compile(r"<[A-Za-z/!?][^>]*>")
# What an attribute shows: a tooltip, an image's text, a label read aloud; and the targets of the
# links that dial or write to someone (``mailto:`` hidden behind entities by Python-Markdown
# included, and WhatsApp's « wa.me/33… »). Attributes as the sanitizer and the theme write them: ``name="value"``.
_SHOWN_ATTRIBUTES = tuple(re.compile(name + r'="([^"]*)"') for name in ("title", "alt", "aria-label"))
_CONTACT_HREF = re.compile(
    r'href="((?:[Mm][Aa][Ii][Ll][Tt][Oo]|[Tt][Ee][Ll]|[Ss][Mm][Ss]|[Cc][Aa][Ll][Ll][Tt][Oo]'
    r'|[Hh][Tt][Tt][Pp][Ss]?://[Ww][Aa]\.[Mm][Ee]/|&)[^"]*)"'
)
_CONTACT_LINK = re.compile(r"\s*(?:(?:mailto|tel|sms|callto):|https?://wa\.me/)", re.I)
_SPACE_RUN = re.compile(r"  +")


def visible_text(page: str) -> str:
    """The text a reader sees of an HTML page or fragment, normalised as ``normalise`` does: scripts,
    styles and comments left out; inline markup removed where it stands, every other tag a line
    break; soft line breaks and runs of spaces read as one space; entities decoded; invisible
    characters removed. The texts of attributes (titles, images' texts) and the targets of
    ``mailto:`` and ``tel:`` links follow, one per line."""
    if "<!--" in page or "<script" in page or "<style" in page or "<template" in page:
        page = _HIDDEN.sub("\n", page)
    shown = [value for attribute in _SHOWN_ATTRIBUTES for value in attribute.findall(page)]
    shown += [_link_text(html.unescape(target)) for target in _CONTACT_HREF.findall(page)]
    text = _markup_sub(_INLINE, "", page.replace("\n", " ").replace("\r", " ").replace("\t", " "))
    text = _markup_sub(_TAG, "\n", text)
    return _reader_text("\n".join([text, *shown]) if shown else text)


def _markup_sub(tags: re.Pattern, replacement: str, text: str) -> str:
    """``tags.sub`` for tags read up to their « > »: a « < » with no « > » after it opens no tag, so the
    text after the last « > » is not given to the regex, which would read it to its end from each « < »."""
    end = text.rfind(">") + 1
    if text.find("<", end) == -1:  # as in a page, which ends with a tag: nothing to leave out
        return tags.sub(replacement, text)
    return tags.sub(replacement, text[:end]) + text[end:]


def _link_text(target: str) -> str:
    """A contact link's target percent-decoded, without its scheme and query (empty for another link)."""
    match = _CONTACT_LINK.match(target)
    return urllib.parse.unquote(target[match.end() :]).split("?", 1)[0] if match else ""


def _reader_text(text: str) -> str:
    """Entities decoded, invisible characters removed, one spelling (``normalise``), spaces collapsed."""
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = _same_length(INVISIBLE.sub("", text))
        if "\u2026" in text:  # « … », the only character of French prose that NFKC changes
            text = text.replace("\u2026", "...")
        if not unicodedata.is_normalized("NFKC", text):  # fullwidth digits, ligatures…
            text = _same_length(unicodedata.normalize("NFKC", text))
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    return _spelled(text, None)[0]


def plain_text(text: str) -> str:
    """The text of a plain-text output (a calendar's or a feed's value, an open-data cell) as a reader
    sees it: ``normalise``, line breaks included (a calendar shows them)."""
    return _reader_text(text)


# Markdown's inline markup around or inside a contact: emphasis, code spans, strikethrough, and
# an underscore glued to a digit (« _06_ 12 »); the rest of the text is kept as written.
# Led by the class of the characters that can start a match, which the regex engine skips to
# quickly (a look-ahead there made it try every character: three times slower on a compte rendu
# with bold words); each form then looks back at the character it read. A run of underscores is
# read from its first one only (« (?<!__) ») and never given back (« *+ »): read to its end from
# each underscore, a long run took a time that grew as its square (100,000 of them, 83 s).
_MARKDOWN_INLINE = re.compile(r"[*`~_\\](?:(?<=\*)\**|(?<=`)`*|(?<=~)~|(?<=\d_)_*+|(?<=_)(?<!__)_*+(?=\d)|(?<=\\)(?=[^\w\s]))")
_MARKDOWN_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>\n]*)?/?>")
"""An HTML tag, not an autolink (« <nom@exemple.fr> », « <mailto:…> » are shown as links)."""
_CONTACT_TARGET = re.compile(r"((?:mailto|tel|sms|callto):)([^\s<>()\[\]]+)", re.I)
_BLOCK_MARKS = r"[-*+] |\d{1,9}[.)] |#|\||>|!!!|\?\?\?|```|~~~"
"""What starts a block at the beginning of a line: a list item, a heading, a table row, a quote, a box, a fence."""
_BLOCK_START = re.compile(rf"\s*(?:$|{_BLOCK_MARKS}|[-=_]{{3,}}\s*$)")
# A soft line break: the break after a line that ends with a visible character, before a line that
# does not start a block (``_BLOCK_START``, here up to the next break), found from the « \n » (a
# literal the regex engine skips to). A line that ends with blanks may be blank: texts with one
# are joined line by line (``find_in_markdown``).
_SOFT_BREAK = re.compile(rf"\n(?<=\S\n)(?![^\S\n]*+(?:\n|\Z|{_BLOCK_MARKS}|[-=_]{{3,}}[^\S\n]*+(?:\n|\Z)))")
_BLANK_BEFORE_BREAK = re.compile(r"\n(?<=[^\S\n]\n)")


def markdown_text(source: str) -> str:
    """The text of Markdown as its reader will see it, line by line (a line stays a line, so that a
    contact is reported at its line): tags and inline markup removed, entities decoded, invisible
    characters removed. Soft line breaks are joined by ``find_in_markdown``."""
    if "<" in source:
        source = _MARKDOWN_TAG.sub("", source)
    if "*" in source or "`" in source or "_" in source or "~" in source or "\\" in source:
        source = _MARKDOWN_INLINE.sub("", source)
    if "&" in source:
        source = html.unescape(source)
    if "%" in source:  # a link that dials or writes: « tel:%2B33… », « mailto:nom%40… »
        source = _CONTACT_TARGET.sub(lambda match: match.group(1) + urllib.parse.unquote(match.group(2)), source)
    return normalise(source)


def find_in_markdown(source: str, first_line: int = 1) -> list[tuple[int, str]]:
    """The contacts of a Markdown body, each with its line, as the page will show them: a contact
    written over two lines of one paragraph (a soft line break) is found at its first line."""
    text = markdown_text(source)
    # Lines of one paragraph are joined by a space; a blank line, or a line that starts a block (a
    # list item, a heading, a table row, a quote, a box, a fence), keeps the break: as Markdown does.
    if _BLANK_BEFORE_BREAK.search(text):
        lines = text.split("\n")
        joined = "".join(
            line + (" " if line.strip() and index + 1 < len(lines) and not _BLOCK_START.match(lines[index + 1]) else "\n")
            for index, line in enumerate(lines)
        )
    else:
        joined = _SOFT_BREAK.sub(" ", text) + "\n"
    found = scan(joined)
    if not found:
        return []
    starts = list(itertools.accumulate((len(line) + 1 for line in text.split("\n")[:-1]), initial=0))
    return [(first_line + bisect.bisect_right(starts, contact.start) - 1, contact.text) for contact in found]
