"""``releve renommer ANCIEN NOUVEAU``: changes the id of a structure, a fiche action, an instance or a
thématique in every file, and keeps its old addresses answering.

Every mention is found as the validation finds it (the schema's references in each YAML file and
front matter, with their lines; the ``!!!`` blocks and the links of each body), and only that text
is changed: comments, order and layout stay as written. The rename is recorded in
``renommages.yaml``, from which the build leaves a redirect page at each old page address and
serves the calendars and feeds at their old paths too (``outputs.aliases``), so that links and
subscriptions made before keep working. The content is checked before (nothing is changed in a
project with errors) and after (a problem puts every file back as it was).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import yaml

from .. import hand_written, urls
from ..validate import NO_SLUG
from ..atomic import replace_files
from ..body import ParsedBody, parse_body, retarget_links
from ..catalogue import (
    ACTIONS_DIR,
    EVENTS_FILE,
    HISTORY_FILE,
    PARTNERS_FILE,
    REFERENTIAL_FILE,
    RENAMES_FILE,
    declared_names,
    letter_paths,
    read_leniently,
    source_paths,
)
from ..console import fail, fail_on
from ..model import RENAMED_KINDS
from ..dates import today_from
from ..problems import suggest
from ..schema import ACTION, ADDRESS_MAX, EVENTS, HISTORY, ID_PATTERN, MEETING, PARTNERS, Checker, Record
from ..site_links import target_of
from ..sources import LoadError, SourceDocument, markdown_document, read_text, yaml_document
from ..text import first_upper
from .verifier import check

HELP = "renomme une structure, une fiche action, une instance ou une thématique partout, sans casser ses adresses"
DESCRIPTION = (
    "Remplace l'identifiant ANCIEN par NOUVEAU dans tous les fichiers (en-têtes, blocs « !!! », liens, annuaire, "
    "référentiel, événements, historique) et affiche chaque ligne modifiée. Les anciennes adresses restent "
    "valables : la page renvoie vers la nouvelle, l'agenda et le flux restent servis (renommages.yaml)."
)

NOUNS = {"structure": "la structure", "action": "la fiche action", "instance": "l'instance", "thematique": "la thématique"}
OTHERS = {
    "structure": "d'une autre structure",
    "action": "d'une autre fiche action",
    "instance": "d'une autre instance",
    "thematique": "d'une autre thématique",
}
_TYPES = {kind: name for name, kind in RENAMED_KINDS.items()}
"""The kind of a reference → its name in ``renommages.yaml`` and in ``--type``."""
_BLOCK = re.compile(r"^(!!!\s+\w+)(.*)$")
_DEFINITIONS = {
    "structure": (PARTNERS_FILE, "structures"),
    "instance": (REFERENTIAL_FILE, "instances"),
    "thematique": (REFERENTIAL_FILE, "thematiques"),
}
"""Where an id is declared (a fiche's is its file name)."""
_YAML_FILES = {PARTNERS_FILE: PARTNERS, EVENTS_FILE: EVENTS, HISTORY_FILE: HISTORY}
RENAMES_HEADER = (
    "# Identifiants renommés par « releve renommer » : les anciennes adresses du site restent valables\n"
    "# (une page y renvoie vers la nouvelle ; l'agenda et le flux y sont encore servis).\n"
    "# Retirer un renommage rend ses anciennes adresses introuvables.\n"
)


class Refused(Exception):
    """Why the rename cannot be done, in French."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ancien", metavar="ANCIEN", help="l'identifiant actuel (par exemple centre-hospitalier)")
    parser.add_argument("nouveau", metavar="NOUVEAU", help="le nouvel identifiant")
    parser.add_argument("--type", choices=list(RENAMED_KINDS), help="ce qui est renommé, quand ANCIEN désigne plusieurs choses")
    parser.add_argument("--essai", action="store_true", help="affiche ce qui changerait, sans rien écrire")


@dataclass
class Change:
    """The new text of the project's files, and each line changed (for the report)."""

    kind: str
    old: str
    new: str
    texts: dict[str, str] = field(default_factory=dict)
    """Path → new text, for every file changed."""
    lines: list[tuple[str, int, str, str]] = field(default_factory=list)
    moved: tuple[str, str] | None = None
    """A fiche's file: (old path, new path)."""

    def line(self, root: Path, path: str, number: int, replace) -> None:
        """Change line ``number`` of ``path`` with ``replace(line) → line``."""
        text = self.texts.get(path) or read_text(root, path)
        lines = text.split("\n")
        before = lines[number - 1]
        after = replace(before)
        if after != before:
            lines[number - 1] = after
            self.texts[path] = "\n".join(lines)
            self.lines.append((path, number, before.strip(), after.strip()))


def _token(old: str) -> re.Pattern:
    """``old`` as a whole id: not a part of a longer one (« mda » in « mda-57 »)."""
    return re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")


def _kind(root: Path, old: str, asked: str | None) -> str:
    declared = declared_names(root)
    kinds = [kind for kind in NOUNS if old in declared[kind]]
    if asked:
        kind = RENAMED_KINDS[asked]
        if kind not in kinds:
            near = suggest(old, declared[kind])
            raise Refused(f"« {old} » n'est pas l'identifiant {OTHERS[kind].replace(' autre', '')} de ce site" + (f" (vouliez-vous dire « {near} » ?)" if near else ""))
        return kind
    if not kinds:
        near = suggest(old, [name for kind in NOUNS for name in declared[kind]])
        raise Refused(
            f"« {old} » n'est l'identifiant d'aucune structure, fiche action, instance ni thématique"
            + (f" (vouliez-vous dire « {near} » ?)" if near else "")
        )
    if len(kinds) > 1:
        named = " et ".join(f"{NOUNS[kind]}" for kind in kinds)
        raise Refused(f"« {old} » désigne {named} : précisez laquelle avec --type ({', '.join(_TYPES[k] for k in kinds)})")
    return kinds[0]


def _check_new(root: Path, kind: str, old: str, new: str) -> None:
    declared = declared_names(root)[kind]
    # As long as the registries allow: a fiche's longer one was a file name the system refused (an
    # « erreur inattendue »), another's a dozen errors of the content the renaming would have written.
    if len(new) > ADDRESS_MAX:
        raise Refused(f"« {new[:40]}… » est trop long pour un identifiant ({len(new)} caractères, au plus {ADDRESS_MAX})")
    if kind == "instance":
        if not urls.slugify(new):
            raise Refused(f"« {new} » : {NO_SLUG}")
        taken = {urls.slugify(other): other for other in declared if other != old}
        if urls.slugify(new) in taken:
            raise Refused(f"« {new} » aurait l'adresse de l'instance « {taken[urls.slugify(new)]} »")
    elif not ID_PATTERN.match(new):
        hint = urls.slugify(new)
        raise Refused(
            f"« {new} » n'est pas un identifiant : lettres minuscules sans accents, chiffres et tirets"
            + (f" (par exemple « {hint} »)" if hint else "")
        )
    if new == old:
        raise Refused("l'ancien et le nouvel identifiant sont les mêmes : rien à faire")
    if new in declared:
        raise Refused(f"« {new} » est déjà l'identifiant {OTHERS[kind]} : choisissez-en un autre")
    if kind == "action" and (root / ACTIONS_DIR / f"{new}.md").exists():
        raise Refused(f"{ACTIONS_DIR}/{new}.md existe déjà : choisissez un autre identifiant")


def _mentions(root: Path, kind: str, old: str, change: Change) -> None:
    """Every mention of ``old`` as a reference of ``kind``, changed on its line; links in bodies."""
    token = _token(old)

    def in_value(new: str):
        return lambda line: token.sub(new, line)

    def references(doc: SourceDocument, record: Record) -> list[int]:
        checker = Checker(doc)
        record.check(doc.data, checker, ())
        return [r.line for r in checker.references if r.kind == kind and r.value == old]

    minutes, actions = source_paths(root)
    for path in minutes + actions:
        text = read_text(root, path)
        doc = markdown_document(path, text)
        record = MEETING if path in minutes else ACTION
        lines = references(doc, record)
        checker = Checker(doc)
        parsed = parse_body(doc.body, doc.body_line, checker)
        # In a body, only the arguments of a « !!! » line are ids (never one written in a fenced
        # block, an example); links are changed below.
        blocks = [r.line for r in checker.references if r.kind == kind and r.value == old]
        for number, block in [(line, False) for line in lines] + [(line, True) for line in blocks]:
            def replace(text: str, block: bool = block) -> str:
                if not block:
                    return token.sub(change.new, text)
                match = _BLOCK.match(text)
                return match.group(1) + token.sub(change.new, match.group(2)) if match else text

            change.line(root, path, number, replace)
        _retarget(path, text, doc, parsed, change)
    # The éditos and the pages of docs/ name no id but in their links.
    for path in letter_paths(root):
        doc = markdown_document(path, text := read_text(root, path))
        _retarget(path, text, doc, parse_body(doc.body, doc.body_line, Checker(doc)), change)
    for path in hand_written.entries(root)[0]:
        doc = hand_written.page_document(path, text := read_text(root, path))
        _retarget(path, text, doc, parse_body(doc.body, doc.body_line, Checker(doc)), change)
    for path, record in _YAML_FILES.items():
        if (root / path).is_file():
            doc = yaml_document(path, read_text(root, path))
            for number in references(doc, record):
                change.line(root, path, number, in_value(change.new))
    if kind in _DEFINITIONS:
        path, key = _DEFINITIONS[kind]
        doc = yaml_document(path, read_text(root, path))
        for index, item in enumerate(doc.data.get(key) or []):
            if isinstance(item, dict) and str(item.get("id")) == old:
                change.line(root, path, doc.line(key, index, "id"), in_value(change.new))
    else:  # a fiche's id is its file's name
        change.moved = (f"{ACTIONS_DIR}/{old}.md", f"{ACTIONS_DIR}/{change.new}.md")


def _retarget(path: str, text: str, doc: SourceDocument, parsed: ParsedBody, change: Change) -> None:
    """The links of ``path`` (``text`` as read) to the renamed page pointed at the new one; each line
    changed reported."""
    text = change.texts.get(path) or text  # with the ids this rename already changed in it
    # A link in a code block is an example, shown as written: left as it is, as the build does.
    code = {doc.body_line - 1 + line for line in parsed.code}
    # Only the links that lead to the renamed page from where they are written, as the build's link
    # check resolves them: from docs/, « actions/x.md » is a page of docs/, not the fiche, and its
    # link, changed, broke the rename.
    retargeted = retarget_links(text, partial(target_of, path), change.kind, change.old, change.new, code)
    if retargeted != text:
        for number, (before, after) in enumerate(zip(text.split("\n"), retargeted.split("\n")), 1):
            if before != after:
                change.lines.append((path, number, before.strip(), after.strip()))
        change.texts[path] = retargeted


def _renames_text(root: Path, kind: str, old: str, new: str, today: dt.date) -> str:
    """``renommages.yaml`` with this rename: an earlier rename to ``old`` now points at ``new`` (its
    old addresses go straight to the new page), and one from ``new`` goes (``new`` is in use again)."""
    data = read_leniently(root, RENAMES_FILE)
    items = data.get("renommages") if isinstance(data, dict) and isinstance(data.get("renommages"), list) else []
    name = _TYPES[kind]
    kept = []
    for item in items:
        if not isinstance(item, dict):
            continue
        if item.get("type") == name and item.get("ancien") == new:
            continue
        if item.get("type") == name and item.get("nouveau") == old:
            item = {**item, "nouveau": new}
        if isinstance(item.get("date"), str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["date"]):
            item = {**item, "date": dt.date.fromisoformat(item["date"])}
        kept.append(item)
    kept.append({"type": name, "ancien": old, "nouveau": new, "date": today})
    return RENAMES_HEADER + yaml.safe_dump({"renommages": kept}, allow_unicode=True, sort_keys=False, width=100)


def plan(root: Path, old: str, new: str, asked: str | None) -> Change:
    """Every change of the rename, nothing written yet."""
    kind = _kind(root, old, asked)
    _check_new(root, kind, old, new)
    change = Change(kind, old, new)
    _mentions(root, kind, old, change)
    change.texts[RENAMES_FILE] = _renames_text(root, kind, old, new, today_from())
    return change


def _files(root: Path, change: Change) -> dict[Path, str | None]:
    """Every file the change writes, with its new text (None: the fiche's old file, which goes)."""
    files: dict[Path, str | None] = {root / path: text for path, text in change.texts.items()}
    if change.moved:
        old, new = (root / path for path in change.moved)
        files[new] = files.pop(old) if old in files else old.read_text(encoding="utf-8")
        files[old] = None
    return files


def _addresses(kind: str, old: str) -> str:
    pages = [f"/{urls.public(uri)}" for uri in urls.addresses(kind, old) if uri.endswith(".md")]
    return ", ".join(pages)


def report(change: Change, written: bool) -> str:
    noun = NOUNS[change.kind]
    files = sorted({path for path, *_ in change.lines} | ({change.moved[0]} if change.moved else set()))
    # Structure, fiche action, instance, thématique: all feminine, as « Aucun autre fichier ne la cite ».
    lines = [f"{first_upper(noun)} « {change.old} » {'est' if written else 'serait'} renommée en « {change.new} » :"]
    if change.moved:
        lines.append(f"  {change.moved[0]} → {change.moved[1]}")
    order = {path: index for index, path in enumerate(dict.fromkeys(path for path, *_ in change.lines))}
    for path, number, before, after in sorted(change.lines, key=lambda line: (order[line[0]], line[1])):
        lines.append(f"  {path}:{number} : « {before} » → « {after} »")
    count = len(change.lines)
    if count:
        lines.append(f"{count} ligne{'s' if count > 1 else ''} dans {len(files)} fichier{'s' if len(files) > 1 else ''}.")
    else:
        lines.append("Aucun autre fichier ne la cite.")
    lines.append(
        f"Les anciennes adresses ({_addresses(change.kind, change.old)}, et les agendas et flux qui portent l'ancien nom) "
        f"restent valables : {RENAMES_FILE} les garde, la page renvoie vers la nouvelle."
    )
    if written:
        lines.append("Enregistrez tous ces fichiers ensemble (un seul commit), avec " + RENAMES_FILE + ".")
    else:
        lines.append("Essai : rien n'a été écrit.")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    root = Path(args.site)
    if not args.ancien.strip() or not args.nouveau.strip():
        return fail("indiquez l'identifiant actuel et le nouveau, par exemple : make renommer ANCIEN=centre-hospitalier NOUVEAU=centre-hospitalier-de-la-ville")
    status, problems = check(root)
    if status != 0:
        return fail(f"le contenu a des erreurs : corrigez-les d'abord (make verifier) ; rien n'a été modifié.\n{problems}")
    try:
        change = plan(root, args.ancien.strip(), args.nouveau.strip(), args.type)
    except Refused as refused:
        return fail(f"{refused} ; rien n'a été modifié.")
    except LoadError as error:
        return fail(f"{error.problem} ; rien n'a été modifié.")
    if args.essai:
        print(report(change, written=False))
        return 0
    try:
        before = replace_files(_files(root, change))
    except OSError as error:
        status = fail_on(error, "d'écrire", root)
        print("Aucun fichier n'a été modifié.", file=sys.stderr)
        return status
    status, problems = check(root)
    if status != 0:
        replace_files(before)
        return fail(f"le renommage aurait laissé des erreurs ; tous les fichiers sont remis comme avant :\n{problems}")
    print(report(change, written=True))
    return 0
