#!/usr/bin/env python3
"""Crée un nouveau compte rendu ou une nouvelle fiche action, prêts à remplir.

    python scripts/nouveau.py compte-rendu [--titre T] [--date AAAA-MM-JJ] [--instance I] [--type T]
    python scripts/nouveau.py action [--titre T] [--axe N] [--statut S] [--debut AAAA-MM]

Ce qui manque est demandé dans le terminal ; hors d'un terminal, la commande s'arrête en
nommant l'option à donner. Le fichier créé est un brouillon (« brouillon: true ») ; un fichier
existant n'est jamais écrasé.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from cli import FrenchParser, fail, fail_on  # noqa: E402
from releve import urls  # noqa: E402
from releve.model import QUESTIONS  # noqa: E402
from releve.pipeline import today_from  # noqa: E402
from releve.problems import ContentError, fold, suggest  # noqa: E402
from releve.schema import ACTION, MEETING, Checker, Record  # noqa: E402
from releve.sources import SourceDocument  # noqa: E402
from releve.validate import ACTIONS_DIR, MINUTES_DIR, declared_names  # noqa: E402

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
ordre_du_jour: []   # un point par ligne : « - Point de l'ordre du jour. »
participants: []
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

ACTION_TEMPLATE = """\
---
titre: {titre}
axe: {axe}
thematiques: []     # identifiants de referentiel.yaml, par exemple [logement]
statut: {statut}
pilotes: []         # identifiants des structures pilotes (partners.yaml)
partenaires: []     # identifiants des structures partenaires
debut: {debut}
# fin: AAAA, AAAA-MM ou AAAA-MM-JJ
jalons: []
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

    @property
    def noun(self) -> str:
        """The prompt inside a sentence: « titre de la réunion »."""
        return self.prompt[:1].lower() + self.prompt[1:]


class Refused(Exception):
    """An answer the file cannot hold; the message says why, in French."""


def _checked(question: Question, answer: str) -> Any:
    """The answer as the file will hold it, checked by the same field type as the build."""
    answer = answer.strip()
    if not answer:
        raise Refused(f"{question.noun} : réponse vide")
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
    listed = ", ".join(f"« {value} »" for value in values)
    hint = suggest(answer, [str(value) for value in values])
    raise Refused(f"« {answer} » n'est pas possible pour {question.option} : choisissez parmi {listed}"
                  + (f" (vouliez-vous dire « {hint} » ?)" if hint else ""))


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
    while True:
        answer = input(f"{prompt} : ")
        try:
            return _checked(question, answer or question.default or "")
        except Refused as refused:
            print(f"  {refused}.")


def _resolve(question: Question, given: str | None, interactive: bool) -> Any:
    if given is not None:
        return _checked(question, given)
    if interactive:
        return _ask(question)
    if question.default is not None:
        return _checked(question, question.default)
    choices = ", ".join(f"« {value} »" for value in question.choices)
    raise Refused(f"indiquez {question.option} ({question.noun})" + (f" : {choices}" if choices else ""))


def _yaml_value(value: Any) -> str:
    """The value as written in front matter: plain when YAML reads it back unchanged, else quoted."""
    plain = str(value)
    try:
        if yaml.safe_load(f"k: {plain}") == {"k": value}:
            return plain
    except yaml.YAMLError:
        pass
    return yaml.safe_dump(value, allow_unicode=True, default_style='"', width=10**6).strip()


def _meeting(args, root: Path, interactive: bool) -> tuple[str, str]:
    names = declared_names(root)
    if not names["instance"]:
        raise Refused("referentiel.yaml ne déclare aucune instance (ou ne se lit pas) : lancez make verifier")
    title = _resolve(Question("--titre", "Titre de la réunion", MEETING, "titre"), args.titre, interactive)
    date = _resolve(
        Question("--date", "Date de la réunion (AAAA-MM-JJ)", MEETING, "date", default=today_from().isoformat()),
        args.date,
        interactive,
    )
    instance = _resolve(Question("--instance", "Instance", MEETING, "instance", names["instance"]), args.instance, interactive)
    kinds = {kind: kind for kind in MEETING.fields["type"].type.values}
    kind = _resolve(Question("--type", "Type de document", MEETING, "type", kinds), args.type, interactive)
    text = MEETING_TEMPLATE.format(titre=_yaml_value(title), type=kind, date=date, instance=_yaml_value(instance))
    return f"{MINUTES_DIR}/{date}-{urls.slugify(title)}.md", text


def _action(args, root: Path, interactive: bool) -> tuple[str, str]:
    names = declared_names(root)
    title = _resolve(Question("--titre", "Titre de la fiche action", ACTION, "titre"), args.titre, interactive)
    axes = {number: names["axe"].get(str(number), str(number)) for number in ACTION.fields["axe"].type.values}
    axis = _resolve(Question("--axe", "Axe stratégique", ACTION, "axe", axes), args.axe, interactive)
    statuses = ACTION.fields["statut"].type.values
    status = _resolve(
        Question("--statut", "Statut", ACTION, "statut", {s: s for s in statuses}, default=statuses[0]),
        args.statut,
        interactive,
    )
    start = _resolve(
        Question("--debut", "Début (AAAA, AAAA-MM ou AAAA-MM-JJ)", ACTION, "debut", default=f"{today_from():%Y-%m}"),
        args.debut,
        interactive,
    )
    questions = "\n".join(f"## {question}\n" for question, _ in QUESTIONS)
    text = ACTION_TEMPLATE.format(
        titre=_yaml_value(title), axe=axis, statut=_yaml_value(status), debut=start, questions=questions
    )
    return f"{ACTIONS_DIR}/{urls.slugify(title)}.md", text


def _parser() -> FrenchParser:
    parser = FrenchParser(prog="nouveau.py", description="Crée un compte rendu ou une fiche action prêts à remplir.")
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="compte-rendu|action", parser_class=FrenchParser)
    meeting = kinds.add_parser("compte-rendu", help="un compte rendu de réunion dans minutes/")
    meeting.add_argument("--titre", help="titre de la réunion (il donne le nom du fichier)")
    meeting.add_argument("--date", metavar="AAAA-MM-JJ", help="date de la réunion ; par défaut : aujourd'hui")
    meeting.add_argument("--instance", help="instance de referentiel.yaml, par exemple copil")
    meeting.add_argument("--type", help="compte rendu ou relevé de conclusions")
    action = kinds.add_parser("action", help="une fiche action dans actions/, avec les dix questions")
    action.add_argument("--titre", help="titre de la fiche action (il donne le nom du fichier)")
    action.add_argument("--axe", help="axe stratégique : 1, 2 ou 3")
    action.add_argument("--statut", help="avancement, par défaut le premier de la liste")
    action.add_argument("--debut", metavar="DATE", help="AAAA, AAAA-MM ou AAAA-MM-JJ ; par défaut : ce mois-ci")
    for kind in (meeting, action):
        kind.add_argument("--racine", metavar="DOSSIER", default=str(ROOT), help="dossier du projet ; par défaut : ce dépôt")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = Path(args.racine)
    if not root.is_dir():
        return fail(f"le dossier « {root} » n'existe pas")
    interactive = sys.stdin.isatty()
    try:
        relpath, text = (_meeting if args.kind == "compte-rendu" else _action)(args, root, interactive)
        target = root / relpath
        target.parent.mkdir(exist_ok=True)
        with target.open("x", encoding="utf-8") as file:  # "x": never overwrite
            file.write(text)
    except Refused as refused:
        return fail(f"{refused}.")
    except ContentError as error:  # RELEVE_AUJOURDHUI is not a date
        return fail(error.problems[0].message)
    except FileExistsError:
        return fail(f"« {relpath} » existe déjà : rien n'a été écrit (modifiez ce fichier ou choisissez un autre titre).")
    except OSError as error:
        return fail_on(error, "d'écrire", root)
    except (EOFError, KeyboardInterrupt):
        print()
        return fail("abandon : rien n'a été écrit.")
    print(f"Créé : {relpath}")
    print("C'est un brouillon : complétez-le, passez « brouillon » à false pour le publier, puis lancez make verifier.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
