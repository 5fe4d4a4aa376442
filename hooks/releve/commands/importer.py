"""``releve importer``: imports a Word or LibreOffice minutes (.docx, .odt or .fodt, or a text export .txt) as a draft in minutes/.

The written file is always a draft (« brouillon: true »); an existing file is never overwritten.
The final summary lists what could not be recognised (unknown structures, date…) and the
structures to paste into partners.yaml; run again on the same document once they are pasted (or
``--completer``), the import completes its draft: each participant gets its structure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import link_in, linked_folder
from ..catalogue import MINUTES_DIR, source_paths
from ..console import fail, fail_on
from ..words import plural

if TYPE_CHECKING:
    from ..importing import ImportResult, Minutes

_FORMATS = "le document Word (.docx), LibreOffice (.odt, .fodt) ou son export texte (.txt)"
"""What may be imported, as the help and the messages name it."""
HELP = "crée un compte rendu (brouillon) depuis un document Word ou LibreOffice, ou son export texte"
DESCRIPTION = (
    "Importe un compte rendu Word (.docx), LibreOffice (.odt, .fodt) ou son export texte (.txt) en brouillon dans minutes/. "
    "Un fichier existant n'est jamais écrasé ; le résumé liste ce qui reste à compléter."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fichier", metavar="FICHIER", nargs="?", help=_FORMATS)
    parser.add_argument("--essai", action="store_true", help="affiche le résultat sans rien écrire")
    parser.add_argument(
        "--completer",
        action="store_true",
        help="complète le brouillon de FICHIER (ou tous les brouillons de minutes/) d'après partners.yaml : "
        "la structure de chaque participant, une fois les structures proposées collées",
    )


def _located(notice, markdown: str, relative: str) -> str:
    """« fichier:ligne: message », the line of the draft the notice is about (« fichier: message »
    for what the draft lacks)."""
    # One search in the whole text, not one per line: a draft of thousands of lines has as many notices.
    found = markdown.find(notice.where) if notice.where and "\n" not in notice.where else -1
    if found < 0:
        return f"{relative}: {notice.message}"
    return f"{relative}:{markdown.count(chr(10), 0, found) + 1}: {notice.message}"


def _summary(result: ImportResult, written: str, relative: str) -> str:
    m = result.minutes
    facts = []
    if m.date:
        facts.append(f"réunion du {m.date:%d/%m/%Y}")
    facts.append(plural(len(m.participants), "participant"))
    facts.append(plural(len(m.agenda), "point", "points") + " à l'ordre du jour")
    facts.append(plural(len(m.topics), "section"))
    facts.append(plural(m.decision_count, "décision"))
    lines = [written, "  " + " · ".join(facts)]
    if result.notices:
        lines.append(f"À compléter ou vérifier ({len(result.notices)}) :")
        lines += [f"  {_located(notice, result.markdown, relative)}" for notice in result.notices]
    else:
        lines.append("Tout le document a été reconnu.")
    if result.partners_block:
        lines.append("À coller sous « structures: » dans partners.yaml (type et secteur à compléter) :")
        lines.append(result.partners_block.rstrip("\n"))
        lines.append(
            f"Une fois ces structures collées, relancez la même commande (ou « {_completing(relative)} ») : "
            "chaque participant sera rattaché à sa structure."
        )
    lines.append("Relisez le fichier, puis passez « brouillon: false » pour le publier.")
    return "\n".join(lines)


_DATA_FILES = (".yaml", ".yml", ".json", ".geojson")


def _drafts(root: Path) -> list[str]:
    """The drafts of minutes/, and the files that cannot be read: any of them may be a draft, which
    the completion then says it could not read rather than leave it out unsaid."""
    from ..importing.complete import UnreadableDraft, read_draft  # only for this command

    found = []
    for path in source_paths(root)[0]:
        try:
            if read_draft(root, path)[1].data.get("brouillon") is True:
                found.append(path)
        except UnreadableDraft:
            found.append(path)
    return found


def _other_meeting(draft: dict, minutes: Minutes) -> list[str]:
    """How the draft already at the document's file name shows it is another meeting's: another date
    (a draft dated since it was named), title (alike in the file name's first 60 characters) or
    instance. Empty for the document's own draft, which a second run completes."""
    from ..importing import parse_date  # only for this command
    from ..text import key

    written = parse_date(str(draft.get("date") or ""))  # the engine reads a front matter's dates as text
    differences = []
    if written and minutes.date and written != minutes.date:
        differences.append(f"réunion du {written:%d/%m/%Y} dans le brouillon, du {minutes.date:%d/%m/%Y} dans le document")
    title = str(draft.get("titre") or "")
    if key(title) != key(minutes.title or ""):
        differences.append(
            f"titre {f'« {title} »' if title else 'absent'} dans le brouillon, "
            f"{f'« {minutes.title} »' if minutes.title else 'absent'} dans le document"
        )
    if draft.get("instance") and minutes.instance and draft["instance"] != minutes.instance:
        differences.append(f"instance « {draft['instance']} » dans le brouillon, « {minutes.instance} » dans le document")
    return differences


def _completing(relative: str) -> str:
    """The command that completes the draft ``relative``, as the coordinator types it: « make » runs
    in the site's folder, where ``relative`` names the draft (the starter Makefile's « importer »)."""
    return f"make importer FICHIER={relative} ARGS=--completer"


def _complete(root: Path, paths: list[str], trial: bool) -> int:
    """The second pass on each draft of ``paths``; 1 if one of them could not be read."""
    from ..importing.complete import UnreadableDraft, complete, summary as completion_summary  # only for this command

    status = 0
    for path in paths:
        try:
            completion = complete(root, path)
        except UnreadableDraft as error:
            status = fail(str(error))
            continue
        if completion.draft and not trial and (completion.attached or completion.places):
            (root / path).write_text(completion.text, encoding="utf-8")
        print(completion_summary(completion) + (" (essai : rien n'a été écrit)" if trial else ""))
    if not paths:
        print(f"Aucun brouillon dans {MINUTES_DIR}/ : rien à compléter.")
    return status


def run(args: argparse.Namespace) -> int:
    # The readers of Word and PDF documents: only for this command, not at every « releve ».
    from ..importing import UnreadableDocument, import_document
    from ..importing.complete import UnreadableDraft, read_draft
    from ..importing.render import marked

    root = Path(args.site).expanduser().resolve()
    if not args.fichier and not args.completer:
        return fail("indiquez le document à importer, par exemple : make importer FICHIER=~/Documents/compte-rendu.docx")
    if args.completer and (not args.fichier or args.fichier.endswith(".md")):
        if args.fichier:
            target = Path(args.fichier).expanduser().resolve()
            if not target.is_file() or not target.is_relative_to(root):
                return fail(f"« {args.fichier} » n'est pas un compte rendu de ce site")
            return _complete(root, [target.relative_to(root).as_posix()], args.essai)
        return _complete(root, _drafts(root), args.essai)
    source = Path(args.fichier).expanduser()
    if source.suffix.lower() in _DATA_FILES:
        # Read as a text export, partners.yaml made a draft titled after its first line.
        return fail(f"« {args.fichier} » est un fichier de données du site, pas un compte rendu à importer : donnez {_FORMATS}")
    try:
        result = import_document(source, root)
    except UnreadableDocument as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    except Exception as error:  # never a traceback for the coordinator
        print(
            f"Erreur inattendue pendant la lecture de « {source.name} » ({type(error).__name__} : {error}). "
            "Le document n'a pas été importé ; signalez-le avec le fichier concerné.",
            file=sys.stderr,
        )
        return 3
    relative = f"{MINUTES_DIR}/{result.file_name}"
    target = root / MINUTES_DIR / result.file_name
    try:
        # A file there that cannot be read is neither completed nor taken for a published one.
        found = read_draft(root, relative) if target.exists() or target.is_symlink() else None
    except UnreadableDraft as error:
        return fail(str(error))
    existing = found[1].data if found else {}
    if result.renamed:
        print(
            f"Ce document a déjà été importé : {relative} garde sa ligne « # empreinte du document importé » "
            "(brouillon renommé depuis l'import) ; l'import n'en écrit pas d'autre."
        )
    if args.completer or existing.get("brouillon") is True or result.renamed:
        # The document was imported before: its draft is completed, never replaced.
        if not target.is_file():
            return fail(f"{relative} n'existe pas : importez d'abord le document (sans --completer)")
        draft = existing.get("brouillon") is True
        mark = marked(found[0])
        # A draft that keeps this very document's fingerprint is its own, whatever was edited in it since.
        if draft and (mark is None or mark != result.fingerprint) and (differences := _other_meeting(existing, result.minutes)):
            return fail(
                f"{relative} existe déjà : c'est le brouillon d'une autre réunion que celle de « {source.name} » "
                f"({' ; '.join(differences)}). L'import ne le complète pas et n'y touche pas. Pour importer ce "
                "document, renommez ce brouillon ou supprimez-le s'il ne sert plus, puis relancez la commande ; "
                "s'il vient bien de ce document (modifié depuis l'import), complétez-le avec "
                f"« {_completing(relative)} »."
            )
        if draft and not args.completer and not result.minutes.date and mark is None:
            # An undated draft of the same title: nothing tells whether it is this document's.
            return fail(
                f"{relative} existe déjà : c'est le brouillon sans date d'une réunion du même titre, et rien n'y dit de quel "
                f"document il vient (il n'a pas de ligne « # empreinte du document importé »). L'import ne le complète pas et "
                f"n'y touche pas. S'il vient de « {source.name} », complétez-le avec « {_completing(relative)} » ; "
                "sinon, renseignez sa date et renommez-le en AAAA-MM-JJ-titre.md, puis "
                "relancez la commande : ce document aura son propre brouillon."
            )
        return _complete(root, [relative], args.essai)
    if args.essai:
        print(result.markdown)
        print(_summary(result, "Essai : rien n'a été écrit.", relative))
        return 0
    if link := link_in(root, target.parent):  # « minutes » made a link to a folder outside the site
        return fail(linked_folder(link))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(result.markdown)
    except FileExistsError:
        print(
            f"Erreur : {relative} existe déjà et il est publié. L'import n'écrase jamais un fichier : "
            "supprimez-le ou renommez-le si vous voulez vraiment réimporter ce document.",
            file=sys.stderr,
        )
        return 1
    except OSError as error:
        fail_on(error, "d'écrire", relative)
        return 2
    print(_summary(result, f"Brouillon créé : {relative}", relative))
    return 0
