"""Give the raw text its meaning: dates, horaires, structure ids, visio, instance, thématiques.

Nothing is invented: what cannot be recognised is kept as text (or left out) and reported as a
``Notice`` for the coordinator.
"""

from __future__ import annotations

import re
from collections import Counter

from .dates import DateMatch, find_date, find_day_without_year, parse_date, parse_time_range, weekday_notice
from .directory import GENERIC_WORDS, Directory, Referential, norm
from ..model import NextMeeting, Participant, Place
from ..text import first_upper, key
from .model import CommitmentText, DecisionText, Minutes, Notice, RawMinutes
from .text import (
    CIVILITIES,
    GROUP_WORDS,
    PARTICLES,
    TITLES,
    clean_item,
    fold,
    fold_same_length,
    is_upper_case,
    strip_final_period,
    written_as_name,
)

_VISIO = re.compile(
    r"\b(?:en |par |via |sur )?(?:visio(?:[- ]?conference)?s?|conference telephonique|distanciel|a distance|teams|zoom)\b"
)
_PLACE_PREFIX = re.compile(
    r"^(?:dans les locaux (?:de la |de l'|du |des |de )?|au sein (?:de la |de l'|du |des |de )|"
    r"aux |au |a la |a l'|a |chez |salle )",
)
_SEPARATORS = " \t\u00a0,;:–—-."
_MEETING_WORDS = re.compile(r"^(?:(?:reunion|seance|rencontre|visio|conference)s? ?)?(?:du|le|de|des|ce|en date du)?$")
_KIND_PREFIX = re.compile(r"^(?:compte[- ]rendu|relev[ée] de conclusions)\s*[–—:-]\s*", re.IGNORECASE)


class _Notices:
    def __init__(self) -> None:
        self.items: list[Notice] = []
        self.unknown: dict[str, list[str]] = {}
        self.places: dict[str, list[str]] = {}

    def add(self, message: str, where: str | None = None) -> None:
        self.items.append(Notice(message, where))

    def unknown_structure(self, text: str, who: str) -> None:
        self.unknown.setdefault(text, []).append(who)

    def place_only(self, text: str, who: str) -> None:
        self.places.setdefault(text, []).append(who)



def interpret(raw: RawMinutes, directory: Directory, referential: Referential) -> tuple[Minutes, list[Notice]]:
    notices = _Notices()
    if not directory.loaded:
        notices.add("partners.yaml est introuvable ou illisible : aucune structure n'a pu être reconnue.")

    title = _title(raw)
    kind = _kind(raw.kind) or _kind_in(" ".join([raw.title or "", *raw.page_header]))
    minutes = Minutes(title=title, kind=kind, date=None)
    if not title:
        notices.add("Titre introuvable (rubrique TYPE DE RÉUNION) : renseignez « titre: ».")
    if not kind:
        # The file must pass validation: « compte rendu », the general kind, with a request to check.
        minutes.kind = "compte rendu"
        notices.add(
            "Type de document introuvable (« Relevé de conclusions » ou « Compte rendu ») : "
            "« compte rendu » mis par défaut, à vérifier.",
            "type:",
        )

    when = " ".join(raw.date_place)
    dated, time_range, online, rest = _when_where(when)
    written = when
    if dated is None:  # a title such as « Réunion du 14 mars 2030 »
        written = next((text for text in [raw.title or "", *raw.page_header] if find_date(text)), when)
        dated = find_date(written)
    minutes.date, minutes.time_range = dated.date if dated else None, time_range
    if dated and weekday_notice(dated, written):
        notices.add(weekday_notice(dated, written), "date:")
    if dated is None:
        shown = f" (« {when} »)" if when else ""
        advice = "renseignez « date: » (AAAA-MM-JJ) et renommez le fichier en AAAA-MM-JJ-titre.md."
        if find_day_without_year(when):
            notices.add(f"Date de la réunion sans année{shown} : l'import ne devine jamais l'année ; {advice}")
        else:
            notices.add(f"Date de la réunion introuvable{shown} : {advice}")
    minutes.place = _place(rest, online, directory, notices, "Lieu")

    context = " ".join([title or "", *raw.page_header])
    minutes.instance = _instance(context, referential)
    if minutes.instance:
        notices.add(f"Instance « {minutes.instance} » déduite du titre, à vérifier.", "instance:")
    elif referential.instances:
        # The file must pass validation, so the importer fills the last declared instance (the
        # catch-all « réunion partenariale » in the CLSM's referential) and asks for a check.
        minutes.instance = referential.instances[-1][0]
        ids = ", ".join(i for i, _ in referential.instances)
        notices.add(
            f"Instance non reconnue dans le titre : « {minutes.instance} » mise par défaut, "
            f"à vérifier (une de : {ids}).",
            "instance:",
        )
    minutes.themes = [i for i, name in referential.themes if _contains(context, name)]

    minutes.agenda = [clean_item(line) for line in raw.agenda if clean_item(line)]
    lines = [person for line in raw.participants for person in _one_per_person(line, directory)]
    shapes = _surname_shapes(lines, directory)
    for line in lines:
        participant = _participant(line, directory, notices, shapes)
        if participant:
            minutes.participants.append(participant)
    if not minutes.participants:
        notices.add("Aucun participant trouvé (rubrique PARTICIPANTS).")
    if raw.excused:
        names = "; ".join(strip_final_period(clean_item(line)) for line in raw.excused)
        notices.add(f"Personnes excusées ou absentes non importées (le format n'a pas de rubrique pour elles) : {names}.")

    minutes.next_meeting = _next_meeting(raw.next_meeting, directory, notices)
    minutes.conclusions = [DecisionText(clean_item(t)) for t in raw.conclusions if clean_item(t)]
    minutes.topics = raw.topics
    for topic in raw.topics:
        for block in topic.blocks:
            if isinstance(block, CommitmentText):
                _commitment(block, minutes.participants, directory, notices)
    if not raw.topics:
        notices.add("Ni tableau « Discussion » ni texte après l'en-tête : le corps du compte rendu est vide.")
    for index, topic in enumerate(raw.topics):
        found = [action_id for action_id, name in referential.actions if _contains(topic.title, name)]
        if found:
            minutes.topic_actions[index] = found
            minutes.actions += [a for a in found if a not in minutes.actions]

    if minutes.actions:
        notices.add(
            "Fiches actions reconnues d'après le titre des sections (à vérifier) : " + ", ".join(minutes.actions) + ".",
            "actions:",
        )
    _suggest(raw, minutes, referential, notices)
    for text, people in notices.places.items():
        # The commune's own structure, if the annuaire has one: a hint, never filled in (« Metz » may
        # be the town's services, or a body of the town).
        town = directory.town(text)
        notices.add(
            f"« {text} » est un nom de lieu, qui ne désigne aucune structure ({', '.join(people)}) : "
            "participant laissé sans structure ; indiquez la bonne dans « structure: » si vous la connaissez"
            + (f" (celle de la commune est « {town} »)." if town else "."),
            people[0],
        )
    for text, people in notices.unknown.items():
        who = ", ".join(people)
        ambiguous = directory.ambiguous(text)
        if ambiguous:
            notices.add(
                f"Structure ambiguë « {text} » ({who}) : plusieurs structures de partners.yaml portent ce nom "
                f"({', '.join(ambiguous)}) ; indiquez la bonne dans « structure: ».",
                people[0],
            )
        else:
            minutes.unknown_structures.append(text)
            notices.add(
                f"Structure inconnue « {text} » ({who}) : absente de partners.yaml, le texte est gardé "
                "dans « fonction » ; collez l'entrée proposée ci-dessous dans partners.yaml, puis relancez l'import : "
                "il la rattachera.",
                people[0],
            )
    return minutes, notices.items


def _commitment(commitment: CommitmentText, participants: list[Participant], directory: Directory, notices: _Notices) -> None:
    """Who answers for a row of a « Qui / Quoi / Quand » table: a participant attached to one
    structure, or a structure of the directory; the échéance when « Quand » is a whole date. Otherwise
    the row stays text (an engagement needs its structure), and the coordinator is told."""
    who = strip_final_period(commitment.who)
    person = next((p for p in participants if p.name and fold(recase_name(who)) == fold(p.name)), None)
    if person and len(person.structures) == 1:
        commitment.structure, commitment.person = person.structure, person.name
    elif not person:
        commitment.structure = directory.match(who) if who else None
    commitment.due = parse_date(commitment.when) if commitment.when else None
    if not commitment.structure:
        notices.add(
            f"Engagement « {commitment.what} » gardé en texte : la structure de « {who or 'personne'} » n'est pas connue "
            "(ni participant rattaché à une structure, ni structure de partners.yaml) ; "
            "écrivez-le « !!! engagement structure \"Prénom Nom\" AAAA-MM-JJ » si vous la connaissez.",
            commitment.what[:30],
        )
    elif commitment.when and not commitment.due:
        notices.add(
            f"Échéance « {commitment.when} » de l'engagement « {commitment.what} » sans jour précis : gardée dans son texte.",
            commitment.what[:30],
        )


def _suggest(raw: RawMinutes, minutes: Minutes, referential: Referential, notices: _Notices) -> None:
    """Thématiques and fiches actions whose name the text cites: proposed, never filled in."""
    said = " ".join(
        [*(t.title for t in raw.topics), *(b.text for t in raw.topics for b in t.blocks), *raw.agenda, *raw.conclusions]
    )
    titled_themes = _named_by_titles(raw, referential.themes)
    titled_actions = _named_by_titles(raw, referential.actions)
    minutes.suggested_themes = [
        i for i, name in referential.themes if i not in minutes.themes and (_contains(said, name) or i in titled_themes)
    ]
    minutes.suggested_actions = [
        i for i, name in referential.actions
        if i not in minutes.actions and (any(_contains(said, n) for n in _names(name)) or i in titled_actions)
    ]
    if minutes.suggested_themes:
        notices.add(
            "Thématiques citées dans le texte ou les titres des sections (à vérifier, non ajoutées) : "
            + ", ".join(minutes.suggested_themes) + ".",
            "# suggestions",
        )
    if minutes.suggested_actions:
        notices.add(
            "Fiches actions citées dans le texte ou les titres des sections (à vérifier, non ajoutées) : "
            + ", ".join(minutes.suggested_actions) + ".",
            "# suggestions",
        )


_TITLE_NOISE = {
    "projet", "projets", "point", "points", "bilan", "suite", "suites", "presentation", "groupe", "reunion", "action",
    "actions", "fiche", "fiches", "information", "informations", "echange", "echanges", "proposition", "propositions",
    "retour", "retours", "divers", "questions", "question", "clsm", "travail", "etat", "lieux",
}
"""Words of a section title that say what kind of point it is, not what it is about."""
MAX_TITLE_MATCHES = 5
"""A section title matching more names than this is too vague to suggest any."""


def _named_by_titles(raw: RawMinutes, named: list[tuple[str, str]]) -> set[str]:
    """The thématiques or fiches a section title names by a part of their name: « Projet PATH » is
    the fiche « Podcasts d'information du programme PATH », « Logement » the thématique « Logement
    et santé mentale », « Projet « Cités éducatives » » each of the four Cités éducatives fiches."""
    names = {item_id: set(norm(name.replace("(", " ").replace(")", " ")).split()) for item_id, name in named}
    found: set[str] = set()
    for topic in raw.topics:
        words = set(norm(topic.title).split()) - _TITLE_NOISE
        if not words:
            continue
        matches = [item_id for item_id, name_words in names.items() if words <= name_words]
        if len(matches) <= MAX_TITLE_MATCHES:
            found.update(matches)
    return found


def _names(title: str) -> list[str]:
    """A fiche's title, and its part after « : » (« Cités éducatives : le Jeu des trois figures… »)."""
    head, colon, tail = title.partition(":")
    return [title, tail] if colon and len(key(tail).split()) >= 3 else [title]


def _title(raw: RawMinutes) -> str | None:
    title = raw.title
    if not title:
        title = next((line for line in raw.page_header if line.strip()), None)
    if title and is_upper_case(title):
        title = recase(title, raw.vocabulary)
    if title:  # « Compte rendu – réunion du groupe… »: the kind is a field of its own
        rest = _KIND_PREFIX.sub("", title).strip()
        title = first_upper(rest) if rest else title
    return title.strip() if title else None


def recase(title: str, vocabulary: list[str]) -> str:
    """An ALL-CAPS title in the case the document itself uses for each word (« QPV » stays, « SANTÉ » → « santé »)."""
    forms: dict[str, Counter] = {}
    for line in vocabulary:
        for word in re.findall(r"\w+", line):
            forms.setdefault(fold(word), Counter())[word] += 1

    def replace(match: re.Match) -> str:
        word = match.group(0)
        seen = forms.get(fold(word))
        if seen:
            lower = [(n, w) for w, n in seen.items() if not w[:1].isupper()]
            upper = [(n, w) for w, n in seen.items() if w.isupper() and len(w) > 1]
            if upper and sum(n for n, _ in upper) >= sum(n for n, _ in lower):
                return max(upper)[1]
            if lower:
                return max(lower)[1]
            return seen.most_common(1)[0][0]
        return word.lower()

    result = re.sub(r"\w+", replace, title)
    return first_upper(result)


def _kind(text: str | None) -> str | None:
    if not text:
        return None
    folded = key(text)
    if folded.startswith("releve"):
        return "relevé de conclusions"
    if folded.startswith("compte rendu"):
        return "compte rendu"
    return None


def _kind_in(text: str) -> str | None:
    """The kind named inside a title or a subject line (« Objet : Compte rendu – réunion du … »)."""
    k = f" {key(text)} "
    if " releve de conclusions " in k or " releve de decisions " in k:
        return "relevé de conclusions"
    return "compte rendu" if " compte rendu " in k else None


def _contains(text: str, phrase: str) -> bool:
    phrase_key = norm(re.sub(r"\(.*?\)", " ", phrase))
    return bool(phrase_key) and f" {phrase_key} " in f" {norm(text)} "


def _instance(context: str, referential: Referential) -> str | None:
    words = f" {key(context)} "
    best: tuple[int, str] | None = None
    for instance_id, name in referential.instances:
        phrases = {key(instance_id), key(re.sub(r"\(.*?\)", " ", name))}
        phrases |= {" ".join(w.rstrip("s") if len(w) > 3 else w for w in p.split()) for p in list(phrases)}
        phrases |= {key(m) for m in re.findall(r"\(([^)]*)\)", name)}
        if key(instance_id) == "groupe thematique":
            phrases.add("gt")
        for phrase in phrases:
            if phrase and f" {phrase} " in words and (best is None or len(phrase) > best[0]):
                best = (len(phrase), instance_id)
    return best[1] if best else None


def _cut(text: str, start: int, end: int) -> str:
    return (text[:start] + " " + text[end:]).strip()


def _when_where(text: str) -> tuple[DateMatch | None, str | None, bool, str]:
    """``(date, horaire, visio, what is left)`` of a line such as « 22/10/2021 de 10h à 12h au CMP Winnicott »."""
    match = find_date(text)
    if match:
        text = _cut(text, match.start, match.end)
    elif without_year := find_day_without_year(text):  # « le 1er mars »: no date, and no place either
        text = _cut(text, *without_year)
    time_range = None
    time = parse_time_range(text)
    if time:
        time_range, text = time.text, _cut(text, time.start, time.end)
    online = False
    visio = _VISIO.search(fold_same_length(text))
    while visio:
        online, text = True, _cut(text, visio.start(), visio.end())
        visio = _VISIO.search(fold_same_length(text))
    text = re.sub(r"\s+", " ", text).strip(_SEPARATORS).strip()
    text = re.sub(r"^(?:et|,)\s+|\s+(?:et|,)$", "", text).strip(_SEPARATORS)
    if _MEETING_WORDS.match(key(text)):  # « Réunion du » left of « Réunion du mardi 1er mars 2022 »: no place
        text = ""
    return match, time_range, online, text


def _place(text: str, online: bool, directory: Directory, notices: _Notices, what: str) -> Place:
    if not text:
        return Place(online=online)
    name = text
    prefix = _PLACE_PREFIX.match(fold_same_length(text))
    if prefix:
        name = text[prefix.end():].strip()
    structure = directory.match(name) or directory.find_in(name)
    if structure:
        return Place(structure=structure, online=online)
    if directory.loaded:
        notices.add(
            f"{what} « {name} » gardé en texte libre : aucune structure de partners.yaml ne correspond.",
            "lieu:" if what == "Lieu" else "prochaine_reunion:",
        )
    return Place(text=first_upper(name), online=online)


def _is_person(first: str, directory: Directory) -> bool:
    words = first.split()
    if not words or any(c.isdigit() for c in first) or directory.match(first):
        return False
    head = key(words[0]).replace(" ", "'")
    if fold(words[0]).rstrip(".") in GROUP_WORDS or head in GROUP_WORDS:
        return False
    if fold(words[0]).rstrip(".") in TITLES and len(words) >= 2:
        return True
    return written_as_name(words)


def recase_name(name: str) -> str:
    """« Jeanne MARTIN » → « Jeanne Martin », « Yann LE GALL » → « Yann Le Gall »; initials (« TK »),
    titles (« Dr », « Dre ») and words already in mixed case stay as written."""

    def word(match: re.Match) -> str:
        w = match.group(0)
        letters = [c for c in w if c.isalpha()]
        if len(letters) < 2 or not w.isupper() or not any(fold(c) in "aeiouy" for c in letters):
            return w
        return w[:1] + w[1:].lower()

    return re.sub(r"[^\W\d_]+", word, name)


def _shapes(surname: list[str]) -> set[str]:
    """How a surname is written: « capitals » (MARTIN, LE GALL, TK) or « mixed » (Martin), its particles aside."""
    return {"capitals" if word.isupper() else "mixed" for word in surname if fold(word) not in PARTICLES}


def _surname_shapes(lines: list[str], directory: Directory) -> set[str]:
    """How the document writes the surnames of those present (« Gaëlle CHARLES », « Sylvie Plujat »)."""
    shapes: set[str] = set()
    for line in lines:
        head = re.split(r"[,(]|" + _NAME_SEPARATOR.pattern, strip_final_period(clean_item(line)), maxsplit=1)[0].strip()
        words = head.split()
        if _is_person(head, directory):
            while words and fold(words[0]).rstrip(".") in TITLES:
                words = words[1:]
            shapes |= _shapes(words[1:])
    return shapes


def _names_person(text: str, directory: Directory, shapes: set[str]) -> bool:
    """Whether a bracket after a name clearly names another person, whom they replace: a title
    (« Dr Paul Durand ») or a first name then a surname written as the document writes those present
    (« Paul DURAND » among « Jeanne MARTIN »…). « CH Jury », « UNAFAM 57 », « Ville de Metz » name bodies,
    and so do « Croix Rouge », « Udaf Moselle » or « Emmaüs Metz », though written as « Jeanne Martin »
    is: a word of a body's name, or a place, is in them."""
    words = text.split()
    if not _is_person(text, directory):
        return False
    if fold(words[0]).rstrip(".") in TITLES:
        return True
    if any(key(word) in _BODY_WORDS or directory.is_place(word) for word in words):
        return False
    pieces = words[0].split("-")  # « Jean-Pierre »
    first_name = all(len(p) >= 2 and p[:1].isupper() and p[1:].isalpha() and p[1:].islower() for p in pieces)
    surname = _shapes(words[1:])
    kind = {fold(words[0]), fold(words[0]).rstrip("s")} & _NOT_FIRST_NAMES  # « Médecins du Monde »
    return first_name and not kind and len(surname) == 1 and surname <= shapes


def _bracket(text: str, directory: Directory, shapes: set[str]) -> tuple[re.Match[str] | None, bool]:
    """The bracket ending ``text`` (« Jeanne MARTIN (…) »), and whether it names a person (``_names_person``),
    whom the one before it replaces, rather than their structure."""
    bracket = _PERSON_AND_STRUCTURE.match(text)
    return bracket, bracket is not None and _names_person(bracket[2], directory, shapes)


_PERSON_AND_STRUCTURE = re.compile(r"^(.*?)\s*\(([^()]+)\)$")


def _one_per_person(line: str, directory: Directory) -> list[str]:
    """« Jeanne Martin (CHVB), Paul Durand (UNAFAM) », as a message or a document lists those present
    on one line: one line per person. Any other line stays whole (« Jeanne Martin, coordinatrice, CHVB »)."""
    parts = [part.strip() for part in re.split(r"[,;]", strip_final_period(clean_item(line)))]
    each = [_PERSON_AND_STRUCTURE.match(part) for part in parts]
    if len(parts) >= 2 and all(match and _is_person(match[1], directory) for match in each):
        return parts
    return [line]


def _participant(line: str, directory: Directory, notices: _Notices, shapes: set[str]) -> Participant | None:
    text = strip_final_period(clean_item(line))
    if not text:
        return None
    parts = [part.strip() for part in text.split(",") if part.strip()]
    tested = parts[0]
    bracket, replaces = _bracket(tested, directory, shapes)
    if bracket and not replaces and (len(parts) == 1 or _is_person(bracket[1], directory)):
        parts[:1] = [bracket[1].strip(), bracket[2].strip()]  # « Jeanne Martin (CH Jury) »: not whom she replaces
    head, *after_name = _NAME_SEPARATOR.split(parts[0], maxsplit=1)
    if after_name and _is_person(head.strip(), directory):  # « Jeanne Martin – CH Jury », « Jeanne Martin : CHVB »
        parts = [head.strip(), after_name[0].strip(), *parts[1:]]
    parts = parts[:1] + [piece for part in parts[1:] for piece in _function_then_structure(part, directory)]
    if parts[0] != tested:  # « Jeanne MARTIN (Paul DURAND) – CH Jury »: the name cut from the line has its own bracket
        bracket, replaces = _bracket(parts[0], directory, shapes)
    first, replaced = parts[0], None
    if bracket and replaces and _is_person(bracket[1], directory):  # « Jeanne MARTIN (Paul DURAND) »
        first, replaced = bracket[1].strip(), recase_name(bracket[2].strip())
    if not _is_person(first, directory):
        structure = directory.find_in(text) or directory.match(parts[-1])
        if not structure:
            notices.add(
                f"Groupe « {text} » : aucune structure de partners.yaml reconnue ; "
                "ajoutez « structure: » si le groupe appartient à une structure.",
                text[:30],
            )
        return Participant(group=text, structures=(structure,) if structure else ())
    words = first.split()
    if len(words) >= 3 and fold(words[0]).rstrip(".") in CIVILITIES and written_as_name(words[1:]):
        first = " ".join(words[1:])  # « Mme Julie Parachini » is Julie Parachini (« Dr » is a title: kept)
    name = recase_name(first)
    rest = parts[1:]
    found: list[str] = []
    used: set[int] = set()
    for index in reversed(range(len(rest))):
        found = directory.match_all(rest[index])
        if found:
            used.add(index)
            break
    if len(found) == 1:
        for index, part in enumerate(rest):
            if index in used:
                continue
            refined = directory.refine(found[0], part)
            if refined:
                found[0], consumed = refined
                if consumed:
                    used.add(index)
                break
    elif not found:
        last = rest[-1] if rest else ""
        names_a_structure = bool(rest) and not directory.is_place(last) and (len(rest) >= 2 or not last[:1].islower())
        known = None if names_a_structure else directory.known_person(name)
        if known:
            found = [known]
            notices.add(f"{name} : rattaché(e) à « {known} » comme dans les comptes rendus publiés (à vérifier).", name)
        elif rest and directory.is_place(last):
            notices.place_only(last, name)
        elif names_a_structure:
            notices.unknown_structure(_unknown_structure(rest, directory), name)
    notes = [part for index, part in enumerate(rest) if index not in used]
    if replaced:
        # The document writes only a name in brackets: the reading is ours, and the draft says so.
        notes.append(f"en remplacement de {replaced}")
        notices.add(f"{name} : « ({replaced}) » compris comme « en remplacement de {replaced} » (à vérifier).", name)
    function = ", ".join(notes) or None
    return Participant(name=name, function=function, structures=tuple(found))


_NAME_SEPARATOR = re.compile(r"\s+[–—-]\s+|\s*:\s+")
_DASH = re.compile(r"(\s+[–—-]\s+)")


def _function_then_structure(part: str, directory: Directory) -> list[str]:
    """« cadre de santé – CH Jury – CMP Winnicott »: the function and the structure, two parts, so that
    attaching the structure keeps the function; « CH Jury – CMP Winnicott » stays one part."""
    pieces = _DASH.split(part)
    segments = pieces[::2]
    for index in range(1, len(segments)):
        if any(directory.match(segment) for segment in segments[:index]):
            break
        tail = "".join(pieces[2 * index:])
        if directory.match_all(tail):
            return ["".join(pieces[:2 * index - 1]).strip(), tail.strip()]
    return [part]


_FUNCTION_WORDS = {
    "charge", "chargee", "directeur", "directrice", "chef", "cheffe", "coordinateur", "coordinatrice", "coordonnateur",
    "coordonnatrice", "medecin", "infirmier", "infirmiere", "psychologue", "psychiatre", "pedopsychiatre", "psychomotricien",
    "psychomotricienne", "educateur", "educatrice", "cadre", "responsable", "president", "presidente", "vice", "adjoint",
    "adjointe", "elu", "elue", "assistant", "assistante", "animateur", "animatrice", "conseiller", "conseillere", "referent",
    "referente", "benevole", "stagiaire", "secretaire", "travailleur", "travailleuse", "praticien", "praticienne", "interne",
    "agent", "agente", "delegue", "deleguee", "representant", "representante", "membre", "mediateur", "mediatrice", "juriste",
    "maire", "professeur", "enseignant", "enseignante", "gestionnaire", "intervenant", "intervenante", "attache", "attachee",
    "technicien", "technicienne", "pair", "aidant", "aidante", "usager", "dr", "dre", "docteur",
}
"""First words of a function (« Chargée de mission », « Coordinatrice petite enfance »), never of a structure."""
_PARENT_WORDS = {
    "ville", "mairie", "commune", "universite", "departement", "conseil", "region", "eurometropole", "metropole",
    "communaute", "ch", "chu", "chr", "chs", "ars", "caf", "cpam", "prefecture", "association", "federation", "groupe",
}
"""First words of a body others are part of (« Ville de Metz », « Université de Lorraine »)."""
_UNIT_WORDS = {"pole", "service", "unite", "direction", "cellule", "bureau", "equipe", "cmp", "cmpp", "cattp", "antenne", "sumpps", "mission"}
"""First words of a part of a body (« Pôle petite enfance », « Service cohésion sociale »)."""

_BODY_WORDS = {
    "association", "federation", "fondation", "union", "institut", "centre", "service", "mission", "caisse", "clinique",
    "hopital", "foyer", "croix", "secours", "restos", "emmaus", "udaf", "unafam", "ccas", "cias", "ch", "chu", "chs",
    "cmp", "cmpp", "cattp", "csc", "gem", "mda", "pmi", "caf", "cpam", "ars", "ehpad", "esat", "samsah", "savs",
}
"""Words of a body's name wherever they stand (« Croix Rouge », « Secours Catholique », « Udaf Moselle »),
never of a person's: a name in brackets holding one is a structure, not a person replaced."""
_NOT_FIRST_NAMES = GROUP_WORDS | GENERIC_WORDS | _FUNCTION_WORDS | _PARENT_WORDS | _UNIT_WORDS
"""Words that begin the name of a body or a function (« Ville », « Maison », « Médecins »), never a first name."""


def _first_word(text: str) -> str:
    words = key(text).split()
    return words[0] if words else ""


def _structure_like(text: str) -> bool:
    """A part of a participant's line that names a body, not a function: « Ville de Metz », « SUMPPS »."""
    if not text[:1].isupper() and not text[:1].isdigit():
        return False
    return _first_word(text) not in _FUNCTION_WORDS


def _unknown_structure(rest: list[str], directory: Directory) -> str:
    """What a participant's line names as their structure, unknown to the annuaire: its last part,
    and the body it belongs to when the part before names one too, written « body – part », the
    form the proposal to paste reads (« Ville de Metz, Pôle petite enfance » or « SUMPPS,
    Université de Lorraine »: the body is the one whose name says so). A function written after the
    structure (« CH Jury, coordinatrice ») is not it."""
    while len(rest) >= 2 and _first_word(rest[-1]) in _FUNCTION_WORDS:
        rest = rest[:-1]
    last = rest[-1]
    if len(rest) >= 2 and _structure_like(rest[-2]) and _structure_like(last) and not directory.is_place(rest[-2]):
        before = rest[-2]
        if _first_word(before) in _UNIT_WORDS or _first_word(last) in _PARENT_WORDS:
            return f"{last} – {before}"
        return f"{before} – {last}"
    return last


def _next_meeting(lines: list[str], directory: Directory, notices: _Notices) -> NextMeeting | None:
    texts = [strip_final_period(clean_item(line)) for line in lines if clean_item(line)]
    if not texts:
        return None
    dated = next((t for t in texts if find_date(t)), None)
    if dated is None:
        note = " ; ".join(texts)
        notices.add(f"Prochaine réunion sans date : gardée en note (« {note} »).", "prochaine_reunion:")
        return NextMeeting(None, None, Place(online=bool(_VISIO.search(fold_same_length(note)))), note)
    match, time_range, online, rest = _when_where(dated)
    if weekday_notice(match, dated):
        notices.add(weekday_notice(match, dated), "prochaine_reunion:")
    place = Place(online=online)
    notes: list[str] = []
    rest = rest.strip()
    if rest:
        place_part, note_part = rest, ""
        paren = re.search(r"\(([^()]*)\)\s*$", rest)
        if paren:
            place_part, note_part = rest[:paren.start()].strip(_SEPARATORS), paren.group(1).strip()
        if place_part and _PLACE_PREFIX.match(fold_same_length(place_part)):
            place = _place(place_part, online, directory, notices, "Lieu de la prochaine réunion")
        elif place_part:
            notes.append(place_part)
        if note_part:
            notes.append(note_part)
    notes += [t for t in texts if t is not dated]
    return NextMeeting(match.date, time_range, place, " ; ".join(n.strip() for n in notes if n.strip()) or None)
