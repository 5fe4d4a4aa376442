"""``releve nouveau`` and ``releve nouvelle-action``: a new minutes or fiche action, ready to fill.

With no option, in a terminal, the command asks for each value (Entrée keeps the default). Given
options, it asks nothing: what is not given takes its default, and a value with no default (the
title) is named as the option to give. The file is a draft (« brouillon: true »); an existing file
is never overwritten.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import urls
from ..atomic import link_in, linked_folder
from ..console import fail, fail_on, refused_choice
from ..dates import today_from
from ..problems import ContentError
from ..text import fold
from ..schema import ACTION, MEETING, Checker, Record
from ..sources import ESCAPED_CONTROL, SourceDocument, control_character
from ..catalogue import ACTIONS_DIR, MINUTES_DIR, declared_names

MEETING_HELP = "crée un compte rendu (brouillon) daté d'aujourd'hui dans minutes/"
MEETING_DESCRIPTION = (
    "Crée un compte rendu prêt à remplir dans minutes/, en brouillon. Sans option, dans un terminal, "
    "la commande pose les questions ; avec des options, ce qui n'est pas donné prend sa valeur par défaut."
)
ACTION_HELP = "crée une fiche action (brouillon) avec les questions de referentiel.yaml dans actions/"
ACTION_DESCRIPTION = (
    "Crée une fiche action prête à remplir dans actions/, en brouillon, avec les questions d'une fiche. "
    "Sans option, dans un terminal, la commande pose les questions ; avec des options, ce qui n'est pas "
    "donné prend sa valeur par défaut."
)

MEETING_TEMPLATE = """\
---
titre: {titre}
type: {type}
date: {date}
# horaire: 10h-12h
# lieu: identifiant d'une structure de partners.yaml, ou texte libre
# visio: true
instance: {instance}
thematiques: []     # identifiants de referentiel.yaml, par exemple [logement]
ordre_du_jour:      # un point par ligne ; retirez le « # » de l'exemple :
#  - Point de l'ordre du jour.
participants:       # une personne par bloc ; retirez les « # » de l'exemple :
#  - nom: Prénom Nom
#    fonction: sa fonction
#    structure: identifiant de sa structure dans partners.yaml
#  - groupe: un groupe de personnes, à la place de « nom »
actions: []         # fiches actions dont la réunion a parlé (noms de fichiers de actions/)
# prochaine_reunion:
#   date: AAAA-MM-JJ
#   horaire: 10h-12h
#   note: précision libre, par exemple « à programmer en mai »
brouillon: true     # passez à false pour publier le compte rendu
---
## Premier point discuté

- Résumé des échanges.

!!! decision
    Il est convenu que… (une décision par bloc ; ajoutez après « decision » les fiches actions concernées)
"""

NO_START = "# debut: AAAA, AAAA-MM ou AAAA-MM-JJ, si un document du CLSM le dit"
"""The line of a fiche written without its start: the key to uncomment, never a date made up."""
ACTION_TEMPLATE = """\
---
titre: {titre}
axe: {axe}
thematiques: []     # identifiants de referentiel.yaml, par exemple [logement]
statut: {statut}
pilotes: []         # identifiants des structures pilotes (partners.yaml)
partenaires: []     # identifiants des structures partenaires
{debut}
# fin: AAAA, AAAA-MM ou AAAA-MM-JJ
jalons:             # une étape par bloc ; retirez les « # » de l'exemple :
#  - date: AAAA-MM
#    titre: ce qui est fait à cette étape
#    fait: true
brouillon: true     # passez à false pour publier la fiche
---
{questions}"""


@dataclass(frozen=True)
class Question:
    """One value of the new file: given as ``--option``, asked in a terminal, or defaulted."""

    option: str
    prompt: str
    record: Record
    key: str
    """The front-matter key, whose schema field type checks the answer."""
    choices: dict[Any, str] = field(default_factory=dict)
    """Allowed values with their names; empty for free text."""
    default: str | None = None
    optional: bool = False
    """Left out of the file when not given (Entrée in a terminal): a value only a document may give."""

    @property
    def noun(self) -> str:
        """The prompt inside a sentence: « titre de la réunion »."""
        return self.prompt[:1].lower() + self.prompt[1:]

    @property
    def missing(self) -> str:
        """What to add when no terminal can ask: « indiquez l'axe stratégique avec --axe, parmi : 1 (Prévention), 2 (…) »."""
        article = "l'" if fold(self.noun[:1]) in tuple("aeiouy") else "le "  # only --titre and --axe have no default
        listed = ", ".join(
            (str(value) if isinstance(value, int) else f"« {value} »") + (f" ({name})" if name != str(value) else "")
            for value, name in self.choices.items()
        )
        return f"indiquez {article}{self.noun} avec {self.option}" + (f", parmi : {listed}" if listed else "")


class Refused(Exception):
    """An answer the file cannot hold; the message says why, in French."""


def _checked(question: Question, answer: str) -> Any:
    """The answer as the file will hold it, checked by the same field type as the build."""
    answer = answer.strip()
    if not answer:
        raise Refused(f"{question.noun} : réponse vide")
    # A control character typed or pasted: the file would hold it escaped (« \e »), which every check refuses.
    if (control := ESCAPED_CONTROL.search(answer)) is not None:
        raise Refused(control_character(control.group()))
    if question.choices:
        return _choice(question, answer)
    checker = Checker(SourceDocument("", {}, {}))
    question.record.fields[question.key].type.check(answer, checker, (question.key,))
    if checker.problems:
        problem = checker.problems[0]
        raise Refused(problem.message + (f" (vouliez-vous dire « {problem.hint} » ?)" if problem.hint else ""))
    if question.key == "titre" and not urls.slugify(answer):
        raise Refused("le titre doit contenir au moins une lettre ou un chiffre (il donne le nom du fichier)")
    return answer


def _choice(question: Question, answer: str) -> Any:
    values = list(question.choices)
    if answer.isdigit() and 1 <= int(answer) <= len(values):
        return values[int(answer) - 1]
    for value in values:
        if fold(answer) == fold(str(value)):
            return value
    raise Refused(refused_choice(answer, values, question.option))


def _ask(question: Question) -> Any:
    """Ask in the terminal until the answer fits; Entrée keeps the default."""
    prompt = question.prompt
    if question.choices:
        print(f"{question.prompt} :")
        for number, (value, name) in enumerate(question.choices.items(), start=1):
            # An axis is shown by its name alone: its number is already the one to type.
            print(f"  {number}. {name if str(value) in (name, str(number)) else f'{value} — {name}'}")
        prompt = "Votre choix (numéro ou nom)"
    if question.default:
        prompt += f" [Entrée : {question.default}]"
    elif question.optional:
        prompt += " [Entrée : non renseigné]"
    while True:
        answer = input(f"{prompt} : ")
        if question.optional and not answer.strip():
            return None
        try:
            return _checked(question, answer or question.default or "")
        except Refused as refused:
            print(f"  {refused}.")


ASK_ALL, ASK_MISSING, ASK_NOTHING = "all", "missing", "nothing"
"""What a terminal is asked: every value, only those with no default, or nothing (no terminal)."""


def _resolve(question: Question, given: str | None, interactive: str) -> Any:
    if given is not None:
        return _checked(question, given)
    if interactive == ASK_ALL or (interactive == ASK_MISSING and question.default is None and not question.optional):
        return _ask(question)
    if question.default is not None:
        return _checked(question, question.default)
    if question.optional:
        return None
    raise Refused(question.missing)


def _yaml_value(value: Any) -> str:
    """The value as written in front matter: plain when YAML reads it back unchanged, else quoted."""
    plain = str(value)
    try:
        if yaml.safe_load(f"k: {plain}") == {"k": value}:
            return plain
    except yaml.YAMLError:
        pass
    return yaml.safe_dump(value, allow_unicode=True, default_style='"', width=10**6).strip()


def _file_slug(title: str) -> str:
    """The title's slug cut at a word, as the importer names its files: a title may have 1,000
    characters, a file name no more than 255 bytes."""
    from ..importing.text import slugify  # the importer's package, loaded only when a file is named

    return slugify(title)


def _meeting(args, root: Path, interactive: str) -> tuple[str, str]:
    names = declared_names(root)
    if not names["instance"]:
        raise Refused("referentiel.yaml ne déclare aucune instance (ou ne se lit pas) : lancez make verifier")
    title = _resolve(Question("--titre", "Titre de la réunion", MEETING, "titre"), args.titre, interactive)
    date = _resolve(
        Question("--date", "Date de la réunion (AAAA-MM-JJ)", MEETING, "date", default=today_from().isoformat()),
        args.date,
        interactive,
    )
    instances = names["instance"]
    instance = _resolve(
        Question("--instance", "Instance", MEETING, "instance", instances, default=next(iter(instances))),
        args.instance,
        interactive,
    )
    kinds = {kind: kind for kind in MEETING.fields["type"].type.values}
    kind = _resolve(Question("--type", "Type de document", MEETING, "type", kinds, default=next(iter(kinds))), args.type, interactive)
    text = MEETING_TEMPLATE.format(titre=_yaml_value(title), type=kind, date=date, instance=_yaml_value(instance))
    return f"{MINUTES_DIR}/{date}-{_file_slug(title)}.md", text


def _action(args, root: Path, interactive: str) -> tuple[str, str]:
    names = declared_names(root)
    title = _resolve(Question("--titre", "Titre de la fiche action", ACTION, "titre"), args.titre, interactive)
    if not names["axe"]:
        raise Refused("referentiel.yaml ne déclare aucun axe (ou ne se lit pas) : lancez make verifier")
    axes = {int(number): name for number, name in names["axe"].items() if number.isdigit()}
    axis = _resolve(Question("--axe", "Axe stratégique", ACTION, "axe", axes), args.axe, interactive)
    statuses = names["statut"]
    status = _resolve(
        Question("--statut", "Statut", ACTION, "statut", statuses, default=next(iter(statuses))),
        args.statut,
        interactive,
    )
    start = _resolve(
        # No default: the month the file is written is not when the fiche started (a document must say it).
        Question("--debut", "Début (AAAA, AAAA-MM ou AAAA-MM-JJ)", ACTION, "debut", optional=True),
        args.debut,
        interactive,
    )
    questions = "\n".join(f"## {question}\n" for question in names["question"])
    text = ACTION_TEMPLATE.format(
        titre=_yaml_value(title),
        axe=axis,
        statut=_yaml_value(status),
        debut=f"debut: {start}" if start else NO_START,
        questions=questions,
    )
    return f"{ACTIONS_DIR}/{_file_slug(title)}.md", text


def add_meeting_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--titre", help="titre de la réunion (il donne le nom du fichier)")
    parser.add_argument("--date", metavar="AAAA-MM-JJ", help="date de la réunion ; par défaut : aujourd'hui")
    parser.add_argument("--instance", help="identifiant d'une instance de referentiel.yaml ; par défaut : la première déclarée")
    parser.add_argument("--type", help="« compte rendu » (par défaut) ou « relevé de conclusions »")


def add_action_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--titre", help="titre de la fiche action (il donne le nom du fichier)")
    parser.add_argument("--axe", metavar="NUMERO", help="numéro de l'axe stratégique de referentiel.yaml")
    parser.add_argument("--statut", help="avancement de la fiche ; par défaut : le premier de la liste (« en réflexion »)")
    parser.add_argument("--debut", metavar="DATE", help="AAAA, AAAA-MM ou AAAA-MM-JJ, si un document le dit ; sans elle, la fiche dit « non renseigné »")


def run_meeting(args: argparse.Namespace) -> int:
    return _create(_meeting, args, ("titre", "date", "instance", "type"))


def run_action(args: argparse.Namespace) -> int:
    return _create(_action, args, ("titre", "axe", "statut", "debut"))


def _create(make, args: argparse.Namespace, options: tuple[str, ...]) -> int:
    root = Path(args.site)
    # Given options, a terminal is asked only what has no default: « make nouveau ARGS='--titre …' »
    # runs as the README writes it.
    interactive = ASK_NOTHING
    if sys.stdin.isatty():
        interactive = ASK_ALL if all(getattr(args, option) is None for option in options) else ASK_MISSING
    try:
        relpath, text = make(args, root, interactive)
        target = root / relpath
        if (link := link_in(root, target.parent)) is not None:
            return fail(linked_folder(link))
        target.parent.mkdir(exist_ok=True)
        with target.open("x", encoding="utf-8") as file:  # "x": never overwrite
            file.write(text)
    except Refused as refused:
        return fail(f"{refused}.")
    except ContentError as error:  # RELEVE_AUJOURDHUI is not a date
        return fail(error.problems[0].message)
    except OSError as error:
        if isinstance(error, FileExistsError) and error.filename == str(target):  # not « minutes » itself
            return fail(f"« {relpath} » existe déjà : rien n'a été écrit (modifiez ce fichier ou choisissez un autre titre).")
        return fail_on(error, "d'écrire", root)
    except (EOFError, KeyboardInterrupt):
        print()
        return fail("abandon : rien n'a été écrit.")
    print(f"Créé : {relpath}")
    print("C'est un brouillon : complétez-le, passez « brouillon » à false pour le publier, puis lancez make verifier.")
    return 0
