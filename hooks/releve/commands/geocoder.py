"""``releve geocoder``: the coordinates of the structures of partners.yaml, from the national address
base (BAN) file of the département, offline; never a guess.

An address found exactly is written at once; for the others, the nearest addresses of the file
are shown, and the coordinator chooses one (in a terminal, by its number; otherwise with
``--choix STRUCTURE=ID_BAN``) or none. partners.yaml is edited line by line: a ``coordonnees``
block is added at the end of each structure's entry, every other line (comments, order, spacing)
stays as written, and the file is checked again before it is replaced.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import ban
from ..atomic import replace_files
from ..catalogue import PARTNERS_FILE
from ..console import fail, fail_on
from ..dates import today_from
from ..problems import suggest
from ..schema import PARTNERS, Checker
from ..sources import LoadError, SourceDocument, read_text, yaml_document
from ..words import plural

HELP = "relève les coordonnées des structures dans le fichier de la Base Adresse Nationale"
DESCRIPTION = (
    "Ajoute à partners.yaml les coordonnées (« coordonnees ») des structures qui ont une adresse, d'après le fichier "
    "« adresses » de la Base Adresse Nationale de votre département (adresses-DÉPARTEMENT.csv.gz, au numéro du département, téléchargé une fois sur "
    "adresse.data.gouv.fr). Une adresse trouvée exactement est écrite ; pour les autres, les adresses proches sont "
    "proposées et rien n'est écrit sans votre choix. Les commentaires et la mise en forme du fichier sont gardés."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fichier", metavar="FICHIER", help="le fichier de la Base Adresse Nationale (adresses-DÉPARTEMENT.csv.gz ou .csv)")
    parser.add_argument(
        "--choix",
        metavar="STRUCTURE=ID_BAN",
        action="append",
        default=[],
        help="retient pour la structure l'adresse proposée de cet identifiant BAN (plusieurs --choix possibles)",
    )
    parser.add_argument("--structure", metavar="ID", action="append", default=[], help="ne traite que cette structure (plusieurs possibles)")
    parser.add_argument("--essai", action="store_true", help="affiche ce qui serait écrit sans rien écrire")


@dataclass(frozen=True)
class Target:
    index: int
    """Its place in the list « structures »."""
    id: str
    address: ban.Wanted


def _targets(doc: SourceDocument, only: list[str]) -> tuple[list[Target], int, int]:
    """The structures to geocode (an address with a street, a postcode or a commune, no coordinates
    yet), and the numbers of those that already have coordinates and of those without an address."""
    items = doc.data.get("structures") if isinstance(doc.data, dict) else None
    targets, located, without = [], 0, 0
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or (only and item.get("id") not in only):
            continue
        address = item.get("adresse")
        if item.get("coordonnees") is not None:
            located += 1
        elif isinstance(address, dict) and isinstance(address.get("rue"), str) and (address.get("code_postal") or address.get("commune")):
            postcode = str(address["code_postal"]).replace(" ", "") if address.get("code_postal") else None
            targets.append(Target(index, str(item.get("id")), ban.wanted(address["rue"], postcode, address.get("commune"))))
        else:
            without += 1
    return targets, located, without


def _block(doc: SourceDocument, text_lines: list[str], index: int, found: ban.BanAddress, source: str, day: str) -> tuple[int, list[str]] | None:
    """Where the ``coordonnees`` of structure ``index`` go (the line after the last of its entry) and
    their lines, indented as its keys; None for an entry in flow style (« - {id: …} »)."""
    first = doc.line("structures", index) - 1
    opening = text_lines[first]
    dash = len(opening) - len(opening.lstrip(" "))
    after_dash = opening[dash + 1 :]
    if after_dash.strip().startswith("{"):
        return None
    indent = dash + 1 + len(after_dash) - len(after_dash.lstrip(" ")) if after_dash.strip() else None
    end = first + 1
    while end < len(text_lines):
        line = text_lines[end]
        stripped = line.strip()
        depth = len(line) - len(line.lstrip(" "))
        if stripped and not stripped.startswith("#") and depth <= dash:
            break
        if indent is None and stripped and not stripped.startswith("#"):
            indent = depth
        end += 1
    # Blank lines and comments at the level of the entries belong to what follows (« # --- Collectivités --- »).
    while end > first + 1 and (not text_lines[end - 1].strip() or (text_lines[end - 1].lstrip().startswith("#") and len(text_lines[end - 1]) - len(text_lines[end - 1].lstrip(" ")) <= (indent or dash + 2))):
        end -= 1
    pad = " " * (indent if indent is not None else dash + 2)
    return end, [
        f"{pad}coordonnees:",
        f"{pad}  latitude: {found.latitude}",
        f"{pad}  longitude: {found.longitude}",
        f"{pad}  source: {json.dumps(source, ensure_ascii=False)}",
        f"{pad}  date: {day}",
    ]


def edited(text: str, doc: SourceDocument, chosen: dict[int, ban.BanAddress], file_name: str, day: str) -> tuple[str, list[int]]:
    """partners.yaml with the coordinates of each chosen structure added, and the indexes of the
    structures that could not be edited (flow style)."""
    lines = text.splitlines()
    newline = "\r\n" if "\r\n" in text else "\n"
    skipped = []
    insertions = []
    for index, found in chosen.items():
        block = _block(doc, lines, index, found, f"Base Adresse Nationale, adresse {found.id} ({file_name})", day)
        if block is None:
            skipped.append(index)
        else:
            insertions.append(block)
    for at, block in sorted(insertions, reverse=True):  # from the end: earlier positions stay valid
        lines[at:at] = block
    return newline.join(lines) + (newline if text.endswith("\n") else ""), skipped


def _problems(doc: SourceDocument) -> list[str]:
    checker = Checker(doc)
    PARTNERS.check(doc.data, checker, ())
    return [problem.message for problem in checker.problems]


def _choose(target: Target, near: tuple[tuple[ban.BanAddress, float], ...]) -> ban.BanAddress | None:
    """In a terminal: the coordinator's choice among the near addresses (Entrée: none)."""
    while True:
        answer = input(f"Adresse à retenir pour « {target.id} » (1 à {len(near)}, Entrée : aucune) : ").strip()
        if not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(near):
            return near[int(answer) - 1][0]
        print(f"Répondez par un numéro de 1 à {len(near)}, ou Entrée.")


def run(args: argparse.Namespace) -> int:
    root = Path(args.site)
    source = Path(args.fichier).expanduser()
    if not args.fichier.strip():  # Path("") is the current folder, which « est un dossier » misnamed
        return fail("indiquez le fichier adresses-DÉPARTEMENT.csv.gz téléchargé sur adresse.data.gouv.fr")
    try:  # a name the system refuses to look at (too long) is no traceback
        if source.is_dir():
            return fail(f"« {args.fichier} » est un dossier : donnez le fichier adresses-DÉPARTEMENT.csv.gz téléchargé sur adresse.data.gouv.fr")
        if source.exists() and not source.is_file():  # /dev/zero or a pipe: named, not « n'existe pas »
            return fail(f"« {args.fichier} » n'est pas un fichier ordinaire : donnez le fichier adresses-DÉPARTEMENT.csv.gz téléchargé sur adresse.data.gouv.fr")
        if not source.is_file():
            return fail(f"le fichier « {args.fichier} » n'existe pas : téléchargez adresses-DÉPARTEMENT.csv.gz sur adresse.data.gouv.fr")
    except OSError as error:
        return fail_on(error, "de lire", source)
    choices: dict[str, str] = {}
    for choice in args.choix:
        structure, _, ban_id = choice.partition("=")
        if not structure or not ban_id:
            return fail(f"« --choix {choice} » : écrivez --choix STRUCTURE=ID_BAN : l'id de la structure dans partners.yaml, « = », puis l'identifiant d'une adresse proposée (entre parenthèses)")
        choices[structure.strip()] = ban_id.strip()
    try:
        text = read_text(root, PARTNERS_FILE)
        doc = yaml_document(PARTNERS_FILE, text)
    except LoadError as error:
        return fail(f"{error.problem} : corrigez partners.yaml avant de relever les coordonnées")
    except OSError as error:
        return fail_on(error, "de lire", root / PARTNERS_FILE)
    known = [str(item.get("id")) for item in doc.data.get("structures", []) if isinstance(item, dict)] if isinstance(doc.data, dict) else []
    for structure in [*choices, *args.structure]:
        if structure not in known:
            hint = suggest(structure, known)
            return fail(f"structure inconnue : « {structure} »" + (f" (vouliez-vous dire « {hint} » ?)" if hint else ""))
    targets, located, without = _targets(doc, args.structure)
    try:
        addresses = ban.read(source, {t.address.postcode for t in targets if t.address.postcode}, {t.address.city for t in targets if not t.address.postcode and t.address.city})
    except ban.BanError as error:
        return fail(str(error))
    interactive = sys.stdin.isatty() and not args.essai
    chosen: dict[int, ban.BanAddress] = {}
    exact = picked = pending = unknown = 0
    for target in targets:
        result = ban.match(target.address, addresses)
        if result.exact:
            chosen[target.index] = result.exact
            exact += 1
            print(f"{target.id} : {result.exact.label} (adresse exacte, {result.exact.id})")
            continue
        if target.id in choices:
            found = next((a for a in ban.pool(target.address, addresses) if a.id == choices[target.id]), None)
            if found is None:
                return fail(f"« --choix {target.id}={choices[target.id]} » : cet identifiant n'est pas une adresse de la commune de « {target.id} » dans {source.name}")
            chosen[target.index] = found
            picked += 1
            print(f"{target.id} : {found.label} (choisie, {found.id})")
            continue
        if not result.near:
            unknown += 1
            print(f"{target.id} : aucune adresse proche de « {target.address.street} » dans {source.name} ; vérifiez l'adresse de partners.yaml")
            continue
        print(f"{target.id} : « {target.address.street} » n'est pas trouvée exactement ; adresses proches :")
        for number, (candidate, score) in enumerate(result.near, 1):
            print(f"  {number}. {candidate.label} ({candidate.id}, ressemblance {round(score)} %)")
        try:
            choice = _choose(target, result.near) if interactive else None
        except (EOFError, KeyboardInterrupt):  # Ctrl-D or Ctrl-C at the question
            print()
            return fail("abandon : rien n'a été écrit.")
        if choice is None:
            pending += 1
            if not interactive:
                print(f"  Pour retenir l'une d'elles : releve geocoder {args.fichier} --choix {target.id}={result.near[0][0].id}")
            continue
        chosen[target.index] = choice
        picked += 1
    parts = [
        (exact, "adresse exacte", "adresses exactes"),
        (picked, "adresse choisie", "adresses choisies"),
        (pending, "structure où choisir une adresse proche", "structures où choisir une adresse proche"),
        (unknown, "adresse introuvable", "adresses introuvables"),
        (located, "structure qui avait déjà ses coordonnées", "structures qui avaient déjà leurs coordonnées"),
        (without, "structure sans adresse dans partners.yaml", "structures sans adresse dans partners.yaml"),
    ]
    summary = ", ".join(plural(n, one, many) for n, one, many in parts if n) or "aucune structure dans partners.yaml"
    if not chosen:
        print(f"Aucune coordonnée écrite ({summary}).")
        return 0
    new_text, skipped = edited(text, doc, chosen, source.name, today_from().isoformat())
    for index in skipped:
        print(f"« {doc.data['structures'][index].get('id')} » est écrite sur une ligne (« - {{id: …}} ») : écrivez-la clé par clé pour y ajouter ses coordonnées.")
    try:
        new_doc = yaml_document(PARTNERS_FILE, new_text)
    except LoadError as error:
        return fail(f"partners.yaml n'a pas été modifié : la modification le rendrait illisible ({error.problem})")
    if set(_problems(new_doc)) - set(_problems(doc)):
        return fail("partners.yaml n'a pas été modifié : la modification y ajouterait des erreurs (" + " ; ".join(sorted(set(_problems(new_doc)) - set(_problems(doc))))[:300] + ")")
    written = len(chosen) - len(skipped)
    if args.essai:
        print(f"Essai : {plural(written, 'structure recevrait ses', 'structures recevraient leurs')} coordonnées ({summary}) ; rien n'est écrit.")
        return 0
    try:
        replace_files({root / PARTNERS_FILE: new_text})
    except OSError as error:
        return fail_on(error, "d'écrire dans", root / PARTNERS_FILE)
    print(f"partners.yaml : {plural(written, 'structure a reçu ses', 'structures ont reçu leurs')} coordonnées ({summary}).")
    return 0

