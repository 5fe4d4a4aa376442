"""Problems found in the content, reported to the coordinator in French with ``file:line``."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

from .text import fold


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one source file, located as precisely as the source allows."""

    path: str
    """Path of the file, relative to the project root, with forward slashes."""
    line: int
    """1-based line of the offending key or text (1 when the whole file is at fault)."""
    message: str
    """What is wrong, in French: the key, what was expected, what was found."""
    hint: str | None = None
    """A near match to suggest (« vouliez-vous dire … ? »), if any."""
    severity: str = "error"
    """« error » stops the build; « warning » is only listed by the verification (a stale entry)."""

    def __str__(self) -> str:
        label = "avertissement : " if self.severity == "warning" else ""
        text = f"{self.path}:{self.line}: {label}{self.message}"
        if self.hint:
            text += f" (vouliez-vous dire « {self.hint} » ?)"
        return text


class ContentError(Exception):
    """Raised when the content has problems; carries all of them so they are shown at once."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(format_report(self.problems))


def format_report(problems: list[Problem]) -> str:
    count = len(problems)
    noun = "erreur" if count == 1 else "erreurs"
    lines = [f"Relevé : {count} {noun} dans le contenu, le site n'a pas été construit."]
    lines += [f"  {problem}" for problem in problems]
    return "\n".join(lines)


def suggest(value: object, candidates: Iterable[str]) -> str | None:
    """The known id closest to ``value``, compared without case or accents, if one is close."""
    by_fold: dict[str, str] = {}
    for candidate in candidates:
        by_fold.setdefault(fold(candidate), candidate)
    matches = difflib.get_close_matches(fold(str(value)), list(by_fold), n=1, cutoff=0.6)
    return by_fold[matches[0]] if matches else None
