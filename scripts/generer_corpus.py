"""Génère un projet Relevé de N comptes rendus, pour mesurer la construction.

    python scripts/generer_corpus.py 1000 /tmp/corpus [--graine 42] [--reel]

Synthétique (par défaut) : le dossier reçoit referentiel.yaml, partners.yaml, minutes/, actions/,
docs/ et mkdocs.yml : N comptes rendus, N/5 fiches actions et N/3 structures, avec le même en-tête
que le vrai contenu (participants, structures, fiches actions, décisions, engagements, jalons,
brouillons). Tout est inventé et se voit : « Personne 123 », « Structure 45 », un texte fait de
mots tirés d'un petit vocabulaire.

Cloné (``--reel``) : le site d'exemple des tests (tests/data/clsm : ses structures, fiches actions,
événements, historique et ses trois vrais comptes rendus), complété jusqu'à N comptes rendus par des
copies des vrais, à tour de rôle, datées de 50 par an : leurs participants, leur ordre du jour, leurs titres de parties, leurs
décisions et leurs engagements, plus quatre paragraphes du petit vocabulaire. Ce corpus a la forme
du vrai contenu (beaucoup de parties générées, peu de texte) ; le synthétique a de longs textes.

La même graine donne toujours le même projet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))

from releve import urls  # noqa: E402
from releve.body import stable_anchor  # noqa: E402
from releve.model import DEFAULT_QUESTIONS, DEFAULT_STATUSES  # noqa: E402
from releve.catalogue import ACTIONS_DIR, MINUTES_DIR, PARTNERS_FILE, REFERENTIAL_FILE  # noqa: E402

MEETINGS_PER_YEAR = 50
"""A CLSM writes 40–60 minutes a year: N minutes span N/50 years, ending with LAST_YEAR."""
LAST_YEAR = 2025
DRAFT_MEETING_EVERY = 30
DRAFT_ACTION_EVERY = 10
"""One meeting in 30 and one fiche in 10 are drafts (``brouillon: true``), at fixed positions so
that even a small corpus has some: they must appear nowhere in the site."""

# A small vocabulary: the text reads as French but is plainly machine-made.
NOUNS = (
    "parcours", "coordination", "prévention", "réseau", "accompagnement", "orientation", "partenariat",
    "sensibilisation", "formation", "logement", "insertion", "parentalité", "jeunesse", "crise", "urgence",
    "repérage", "soutien", "quartier", "famille", "professionnel", "dispositif", "projet", "groupe",
    "calendrier", "bilan", "évaluation", "convention", "outil", "répertoire", "permanence", "atelier",
    "questionnaire", "financement", "intervention", "rencontre", "semaine", "communication", "guide",
)
ADJECTIVES = (
    "partagé", "local", "territorial", "commun", "régulier", "nouveau", "prioritaire", "pluridisciplinaire",
    "préventif", "collectif", "opérationnel", "transversal", "concret", "progressif", "départemental",
)
VERBS = (
    "présente", "propose", "rappelle", "souligne", "précise", "évoque", "questionne", "complète",
    "interroge", "décrit", "soutient", "relève", "suggère", "annonce", "prépare",
)
SUBJECTS = ("Le groupe", "Le coordonnateur", "La structure", "L'équipe", "Le comité", "Chaque partenaire", "La ville")
LINKS = ("pour", "avec", "dans", "autour de", "en lien avec", "au sujet de", "à partir de", "en vue de")
STRUCTURE_KINDS = (
    "Établissement de santé", "Service hospitalier", "Collectivité territoriale", "Service municipal",
    "Institution publique", "Représentant des usagers et des aidants", "Partenaire logement",
    "Équipement de quartier", "Dispositif", "Structure partenaire",
)
STRUCTURE_WORDS = ("Centre", "Service", "Maison", "Association", "Pôle", "Espace", "Foyer", "Réseau", "Cellule", "Antenne")
FUNCTIONS = (
    "coordonnateur", "cadre de santé", "psychiatre", "infirmière", "éducateur", "assistante sociale",
    "chargée de mission", "directeur", "psychologue", "médiatrice", "élu", "bénévole",
)
TIMES = ("9h-11h", "10h-12h", "14h-16h", "14h-16h30", "17h-19h")


@dataclass(frozen=True)
class Corpus:
    """The ids written: published ones must each get a page, drafts none."""

    structures: list[str]
    actions: list[str]
    """Published fiches actions: only these may be referenced by published minutes."""
    meetings: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    """Ids of the draft minutes and fiches."""


class Writer:
    """Synthetic prose from the vocabulary; one seeded ``random.Random`` drives every choice."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def words(self, low: int, high: int) -> str:
        pick = self.rng.choice
        count = self.rng.randint(low, high)
        parts = [f"{pick(NOUNS)} {pick(ADJECTIVES)}" if self.rng.random() < 0.4 else pick(NOUNS) for _ in range(count)]
        return " ".join(parts)

    def sentence(self) -> str:
        pick = self.rng.choice
        return f"{pick(SUBJECTS)} {pick(VERBS)} le {self.words(1, 3)} {pick(LINKS)} {self.words(2, 5)}."

    def paragraph(self, low: int = 2, high: int = 5) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def title(self) -> str:
        text = self.words(2, 4)
        return text[:1].upper() + text[1:]


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def front_matter(data: dict, body: str) -> str:
    return f"---\n{dump(data)}---\n{body}"


def referential() -> dict:
    """The repository's vocabulary (instances, thématiques, axes, secteurs) under a synthetic name."""
    data = yaml.safe_load((REPO / REFERENTIAL_FILE).read_text(encoding="utf-8"))
    data["clsm"] = {"nom": "Conseil local de santé mentale synthétique", "sigle": "CLSM synthétique"}
    return data


def structures(count: int, sectors: list[str], writer: Writer) -> list[dict]:
    rng = writer.rng
    items = []
    for number in range(1, count + 1):
        item = {
            "id": f"structure-{number}",
            "nom": f"{rng.choice(STRUCTURE_WORDS)} {number}",
            "type": rng.choice(STRUCTURE_KINDS),
            "secteur": rng.choice(sectors),
            "description": writer.paragraph(1, 3),
        }
        if rng.random() < 0.3:
            item["sigle"] = f"S{number}"
        if number > 5 and rng.random() < 0.2:
            item["parent"] = f"structure-{rng.randint(1, number - 1)}"
        items.append(item)
    return items


def action_file(number: int, corpus_structures: list[str], themes: list[str], writer: Writer) -> tuple[str, str, bool]:
    rng = writer.rng
    title = writer.title()
    action_id = f"projet-{number}-{urls.slugify(title.split()[0])}"
    start = rng.randint(LAST_YEAR - 15, LAST_YEAR)
    pilots = rng.sample(corpus_structures, rng.randint(1, 2))
    data: dict = {
        "titre": title,
        "axe": rng.randint(1, 3),
        "thematiques": rng.sample(themes, rng.randint(1, 2)),
        "statut": rng.choice(DEFAULT_STATUSES),
        "pilotes": pilots,
        "partenaires": [s for s in rng.sample(corpus_structures, rng.randint(0, 3)) if s not in pilots],
        "debut": start if rng.random() < 0.5 else f"{start}-{rng.randint(1, 12):02d}",
    }
    if rng.random() < 0.3:
        data["fin"] = rng.randint(start + 1, start + 4)
    data["jalons"] = [
        {"date": dt.date(start + k, rng.randint(1, 12), rng.randint(1, 28)), "titre": writer.title(), "fait": rng.random() < 0.6}
        for k in range(rng.randint(0, 4))
    ]
    draft = number % DRAFT_ACTION_EVERY == 3
    if draft:
        data["brouillon"] = True
    sections = []
    for question, _ in DEFAULT_QUESTIONS:
        answer = writer.paragraph() if rng.random() < 0.7 else ""
        sections.append(f"## {question}\n\n{answer}\n" if answer else f"## {question}\n")
    return action_id, front_matter(data, "\n".join(sections)), draft


def meeting_dates(count: int, rng: random.Random) -> list[dt.date]:
    years = max(1, round(count / MEETINGS_PER_YEAR))
    first = dt.date(LAST_YEAR - years + 1, 1, 1)
    span = (dt.date(LAST_YEAR, 12, 31) - first).days
    return sorted(first + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))


class MeetingWriter:
    """Minutes that exercise every feature: participants, decisions, commitments and their closure, links."""

    def __init__(self, writer: Writer, corpus: Corpus, referential_data: dict):
        self.writer = writer
        self.rng = writer.rng
        self.corpus = corpus
        self.instances = [instance["id"] for instance in referential_data["instances"]]
        self.themes = [theme["id"] for theme in referential_data["thematiques"]]
        self.open_commitments: list[str] = []

    def participants(self) -> list[dict]:
        rng = self.rng
        people = []
        for number in rng.sample(range(1, 5000), rng.randint(3, 10)):
            person = {"nom": f"Personne {number}", "fonction": rng.choice(FUNCTIONS)}
            if rng.random() < 0.9:
                person["structure"] = rng.choice(self.corpus.structures)
            people.append(person)
        if rng.random() < 0.2:
            people.append({"groupe": f"Membres de l'équipe de la structure {rng.randint(1, 99)}", "structure": rng.choice(self.corpus.structures)})
        return people

    def body(self, actions: list[str], people: list[dict], date: dt.date, draft: bool) -> str:
        rng, writer = self.rng, self.writer
        taken: dict[str, int] = {}
        sections = []
        for index in range(rng.randint(3, 5)):
            lines = [f"## {writer.title()}", "", writer.paragraph(3, 6), ""]
            lines += [f"- {writer.sentence()}" for _ in range(rng.randint(2, 5))] + [""]
            if self.corpus.meetings and rng.random() < 0.15:
                lines += [f"Voir le [compte rendu précédent]({self.corpus.meetings[-1]}.md).", ""]
            if actions and rng.random() < 0.5:
                lines += [f"!!! decision {' '.join(rng.sample(actions, rng.randint(1, len(actions))))}", f"    Il est convenu que {writer.paragraph(1, 2).lower()}", ""]
            elif rng.random() < 0.2:
                lines += ["!!! decision", f"    Il est convenu que {writer.paragraph(1, 1).lower()}", ""]
            named = [p for p in people if "nom" in p and "structure" in p]
            if named and rng.random() < 0.4:
                person = rng.choice(named)
                due = f" {date + dt.timedelta(days=rng.randint(15, 120))}" if rng.random() < 0.6 else ""
                text = f"{writer.sentence()} (engagement {date} {index})"
                lines += [f'!!! engagement {person["structure"]} "{person["nom"]}"{due}', f"    {text}", ""]
                if not draft:
                    self.open_commitments.append(stable_anchor("engagement", text, taken))
            if self.open_commitments and rng.random() < 0.15:
                lines += [f"!!! fait {self.open_commitments.pop(0)}", f"    {writer.sentence()}", ""]
            sections.append("\n".join(lines))
        return "\n".join(sections)

    def file(self, number: int, date: dt.date) -> tuple[str, str, bool]:
        rng, writer = self.rng, self.writer
        instance = rng.choice(self.instances)
        meeting_id = f"{date}-{urls.slugify(instance)}-{number}"
        draft = number % DRAFT_MEETING_EVERY == 13
        people = self.participants()
        actions = rng.sample(self.corpus.actions, rng.randint(0, min(3, len(self.corpus.actions))))
        data: dict = {
            "titre": writer.title(),
            "type": rng.choice(("compte rendu", "relevé de conclusions")),
            "date": date,
            "horaire": rng.choice(TIMES),
        }
        if rng.random() < 0.6:
            data["lieu"] = rng.choice(self.corpus.structures)
        data["visio"] = rng.random() < 0.3
        data["instance"] = instance
        data["thematiques"] = rng.sample(self.themes, rng.randint(0, 2))
        data["ordre_du_jour"] = [writer.title() + "." for _ in range(rng.randint(2, 4))]
        data["participants"] = people
        data["actions"] = actions
        if rng.random() < 0.5:
            data["prochaine_reunion"] = {"date": date + dt.timedelta(days=rng.randint(20, 90)), "horaire": rng.choice(TIMES), "visio": rng.random() < 0.3}
        if draft:
            data["brouillon"] = True
        return meeting_id, front_matter(data, self.body(actions, people, date, draft)), draft


def copy_site_config(target: Path) -> None:
    """The repository's docs/ and mkdocs.yml (the engine is its ``releve`` plugin)."""
    shutil.copytree(REPO / "docs", target / "docs", dirs_exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")


def generate(count: int, target: Path, seed: int = 42) -> Corpus:
    """Write a project of ``count`` minutes into ``target``, a new or empty folder; return its published ids."""
    rng = random.Random(seed)
    writer = Writer(rng)
    (target / MINUTES_DIR).mkdir(parents=True)
    (target / ACTIONS_DIR).mkdir()
    referential_data = referential()
    (target / REFERENTIAL_FILE).write_text(dump(referential_data), encoding="utf-8")
    sectors = [sector["id"] for sector in referential_data["secteurs"]]
    themes = [theme["id"] for theme in referential_data["thematiques"]]
    partners = structures(max(3, count // 3), sectors, writer)
    (target / PARTNERS_FILE).write_text(dump({"structures": partners}), encoding="utf-8")
    structure_ids = [s["id"] for s in partners]
    corpus = Corpus(structure_ids, [])
    for number in range(1, max(1, count // 5) + 1):
        action_id, text, draft = action_file(number, structure_ids, themes, writer)
        (target / ACTIONS_DIR / f"{action_id}.md").write_text(text, encoding="utf-8")
        (corpus.drafts if draft else corpus.actions).append(action_id)
    meetings = MeetingWriter(writer, corpus, referential_data)
    for number, date in enumerate(meeting_dates(count, rng), start=1):
        meeting_id, text, draft = meetings.file(number, date)
        (target / MINUTES_DIR / f"{meeting_id}.md").write_text(text, encoding="utf-8")
        (corpus.drafts if draft else corpus.meetings).append(meeting_id)
    copy_site_config(target)
    return corpus


REAL_SITE = REPO / "tests" / "data" / "clsm"
"""The sample site of the tests, made from the CLSM messin's own documents."""
PARAGRAPHS_PER_CLONE = 4


def _kept_parts(body: str) -> list[str]:
    """A real body's headings and boxes (decisions, commitments), its prose left out."""
    parts: list[str] = []
    lines = body.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("## "):
            parts.append(line)
        elif line.startswith("!!! "):
            box = [line]
            while index + 1 < len(lines) and (lines[index + 1].startswith("    ") or not lines[index + 1].strip()):
                index += 1
                box.append(lines[index])
            parts.append("\n".join(box).rstrip())
        index += 1
    return parts


def clone(count: int, target: Path, seed: int = 42) -> Corpus:
    """Write into ``target`` (new or empty) the sample site with ``count`` minutes cloned from its real ones."""
    rng = random.Random(seed)
    writer = Writer(rng)
    shutil.copytree(REAL_SITE, target, dirs_exist_ok=True)
    originals = []
    real = sorted((REAL_SITE / MINUTES_DIR).glob("*.md"))
    for path in real:
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        originals.append((yaml.safe_load(front), _kept_parts(body)))
    actions = sorted(path.stem for path in (target / ACTIONS_DIR).glob("*.md"))
    structures = [s["id"] for s in yaml.safe_load((target / PARTNERS_FILE).read_text(encoding="utf-8"))["structures"]]
    corpus = Corpus(structures, actions, [path.stem for path in real])
    for number, date in enumerate(meeting_dates(count - len(real), rng), start=1):
        data, parts = originals[number % len(originals)]
        data = {**data, "titre": f"{data['titre']} ({number})", "date": date}
        if isinstance(data.get("prochaine_reunion"), dict) and "date" in data["prochaine_reunion"]:
            data["prochaine_reunion"] = {**data["prochaine_reunion"], "date": date + dt.timedelta(days=rng.randint(20, 90))}
        paragraphs = [writer.paragraph(3, 6) for _ in range(PARAGRAPHS_PER_CLONE)]
        body = []
        for part in parts:
            body.append(part)
            if part.startswith("## ") and paragraphs:
                body.append(paragraphs.pop())
        body += paragraphs  # a body with fewer headings than paragraphs
        meeting_id = f"{date}-{urls.slugify(data['instance'])}-{number}"
        (target / MINUTES_DIR / f"{meeting_id}.md").write_text(front_matter(data, "\n\n".join(body) + "\n"), encoding="utf-8")
        corpus.meetings.append(meeting_id)
    return corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Génère un projet Relevé synthétique pour mesurer la construction.")
    parser.add_argument("nombre", type=int, help="nombre de comptes rendus")
    parser.add_argument("dossier", type=Path, help="dossier du projet à créer (nouveau ou vide)")
    parser.add_argument("--graine", type=int, default=42, help="graine du tirage aléatoire (42 par défaut)")
    parser.add_argument("--reel", action="store_true", help="cloner les vrais comptes rendus du site d'exemple (tests/data/clsm)")
    args = parser.parse_args(argv)
    if args.nombre < 1:
        parser.error("le nombre de comptes rendus doit être au moins 1")
    if args.dossier.exists() and any(args.dossier.iterdir()):
        parser.error(f"le dossier {args.dossier} existe déjà et n'est pas vide : choisissez un dossier nouveau")
    (clone if args.reel else generate)(args.nombre, args.dossier, args.graine)
    print(f"Projet {'cloné' if args.reel else 'synthétique'} de {args.nombre} comptes rendus écrit dans {args.dossier}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
