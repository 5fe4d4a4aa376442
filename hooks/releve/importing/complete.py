"""The second pass of an import: once the coordinator has pasted the proposed structures into
``partners.yaml``, each participant of the draft gets its ``structure:`` and its ``fonction``
loses the structure's name (the first pass kept it there), and a place written as text becomes the
structure it names.

Only the lines concerned change: the rest of the draft, edited by the coordinator since, stays as
written. A published compte rendu is never changed (the coordinator completes it by hand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..console import reason
from ..sources import LoadError, SourceDocument, markdown_document, read_text
from .directory import Directory


class UnreadableDraft(Exception):
    """The file an import would complete cannot be read; the message, in French, names it (with its
    line where known) and says that nothing was changed."""


def read_draft(root: Path, path: str) -> tuple[str, SourceDocument]:
    """The text and front matter of the file ``path`` an import would complete, read as the
    verification reads it: a file it cannot read is never taken for a published one, nor replaced."""
    try:
        text = read_text(root, path)
        doc = markdown_document(path, text)
    except LoadError as error:
        where = str(error.problem)
    except OSError as error:
        where = f"{path}: {reason(error)}"  # the line after it says it cannot be read
    else:
        if isinstance(doc.data, dict):
            return text, doc
        where = f"{path}:2: l'en-tête YAML doit être une suite de clés « clé: valeur »"
    raise UnreadableDraft(
        f"{where}\nCe fichier ne peut pas être lu : l'import ne l'a ni complété ni remplacé. Corrigez-le, puis relancez la commande."
    )


@dataclass
class Completion:
    path: str
    attached: list[tuple[str, str]] = field(default_factory=list)
    """(who, structure id) for each participant given a structure."""
    places: list[tuple[str, str]] = field(default_factory=list)
    """(text, structure id) for each place now linked to the annuaire."""
    missing: list[str] = field(default_factory=list)
    """Participants still without a structure, with what their line says."""
    text: str = ""
    draft: bool = True


def _scalar(value: object) -> str:
    """A value as one line of YAML, quoted only when it must be."""
    return yaml.safe_dump(value, allow_unicode=True, width=10**6, default_flow_style=True).strip().removesuffix("\n...").removesuffix("...").strip()


def _extent(lines: list[str], start: int) -> int:
    """The line after the key at ``start`` (0-based) and its continuation lines (more indented)."""
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > indent:
        end += 1
    return end


def _structures(parts: list[str], directory: Directory) -> tuple[list[str], set[int]]:
    """The structures the last parts of a function name, and which parts they are."""
    found: list[str] = []
    used: set[int] = set()
    for index in reversed(range(len(parts))):
        ids = directory.match_all(parts[index])
        if not ids:
            break
        found += [i for i in ids if i not in found]
        used.add(index)
    # A part named with the body it belongs to is that part (« SUMPPS, Université de Lorraine »).
    found = [f for f in found if not any(directory.is_ancestor(f, other) for other in found)]
    return found, used


def complete(root: Path, path: str) -> Completion:
    """The draft at ``path`` with what ``partners.yaml`` now lets the import fill in (``UnreadableDraft``
    if it cannot be read)."""
    text, doc = read_draft(root, path)
    result = Completion(path, text=text)
    data = doc.data
    if not data.get("brouillon"):
        result.draft = False
        return result
    directory = Directory.load(root)
    lines = text.split("\n")
    edits: list[tuple[int, int, list[str]]] = []  # (start, end, new lines), 0-based
    participants = data.get("participants") if isinstance(data.get("participants"), list) else []
    for index, person in enumerate(participants):
        if not isinstance(person, dict) or person.get("structure"):
            continue
        who = str(person.get("nom") or person.get("groupe") or "")
        if person.get("groupe"):
            found = directory.find_in(str(person["groupe"]))
            if found:
                start = doc.line("participants", index, "groupe") - 1
                end = _extent(lines, start)
                indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
                edits.append((end, end, [f"{indent}structure: {_scalar(found)}"]))
                result.attached.append((who, found))
            continue
        if not person.get("fonction"):
            result.missing.append(who)
            continue
        parts = [part.strip() for part in str(person["fonction"]).split(",") if part.strip()]
        found, used = _structures(parts, directory)
        if not found:
            result.missing.append(f"{who} ({person['fonction']})")
            continue
        start = doc.line("participants", index, "fonction") - 1
        end = _extent(lines, start)
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
        kept = ", ".join(part for number, part in enumerate(parts) if number not in used)
        new = [f"{indent}fonction: {_scalar(kept)}"] if kept else []
        new.append(f"{indent}structure: {_scalar(found[0] if len(found) == 1 else found)}")
        edits.append((start, end, new))
        result.attached.append((who, ", ".join(found)))
    for key_path in (("lieu",), ("prochaine_reunion", "lieu")):
        _place(doc, lines, key_path, directory, edits, result)
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = new
    result.text = "\n".join(lines)
    return result


def _place(doc: SourceDocument, lines: list[str], key_path: tuple[str, ...], directory: Directory, edits, result: Completion) -> None:
    value = doc.data
    for key in key_path:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, str) or value in directory:
        return
    found = directory.match(value)
    if not found:
        return
    start = doc.line(*key_path) - 1
    line = lines[start]
    edits.append((start, _extent(lines, start), [re.sub(r"^(\s*lieu:).*$", lambda m: f"{m.group(1)} {found}", line)]))
    result.places.append((value, found))


def summary(completion: Completion) -> str:
    """What the second pass did, in French."""
    if not completion.draft:
        return f"{completion.path} est publié (brouillon: false) : rien n'a été changé ; complétez-le à la main."
    lines = []
    if completion.attached or completion.places:
        lines.append(f"Complété : {completion.path}")
        lines += [f"  - {who} : structure « {structure} »" for who, structure in completion.attached]
        lines += [f"  - lieu « {text} » : structure « {structure} »" for text, structure in completion.places]
    else:
        lines.append(f"{completion.path} : rien à compléter d'après partners.yaml.")
    if completion.missing:
        lines.append("Encore sans structure (ajoutez-la à partners.yaml, puis relancez) : " + " ; ".join(completion.missing) + ".")
    return "\n".join(lines)
