"""What the ``releve`` commands share: argument errors and help in French, and French failures.

argparse writes its messages in English; the coordinator reads only French, so the few messages
a command line can produce are translated here once, for every command.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from typing import Iterable

from .problems import suggest
from .text import fold

_MESSAGES = (
    (r"the following arguments are required: (.*)", "il manque {0}"),
    (r"argument (\S+): expected one argument", "l'option {0} attend une valeur"),
    (r"ambiguous option: (\S+) could match (.*)", "option ambiguë {0} : {1} ?"),
)


def _french(message: str) -> str:
    for english, french in _MESSAGES:
        match = re.fullmatch(english, message)
        if match:
            return french.format(*match.groups())
    return message


def nearest(value: object, choices: Iterable[str]) -> str | None:
    """The choice ``value`` was probably meant to be: the closest one without case or accents, else the
    only one it begins (« relevé » for « relevé de conclusions », too short for a close match)."""
    choices = list(choices)
    if close := suggest(value, choices):
        return close
    folded = fold(str(value))
    started = [choice for choice in choices if fold(choice).startswith(folded)] if len(folded) >= 3 else []
    return started[0] if len(started) == 1 else None


def refused_choice(value: object, choices: Iterable[object], option: str | None) -> str:
    """« « x » n'est pas possible pour --type : choisissez parmi « a », « b » (vouliez-vous dire « a » ?) »;
    without ``option``, ``value`` was given as a command."""
    choices = [str(choice) for choice in choices]
    head = f"« {value} » n'est pas possible pour {option}" if option else f"« {value} » n'est pas une commande de Relevé"
    hint = nearest(value, choices)
    listed = ", ".join(f"« {choice} »" for choice in choices)
    return f"{head} : choisissez parmi {listed}" + (f" (vouliez-vous dire « {hint} » ?)" if hint else "")


_GLUE = re.compile(r"(?<=«) | (?=[»:;!?])")
_NO_BREAK = "\u00a0"


def _glued(text: str) -> str:
    """French punctuation held to its word for wrapping: textwrap never breaks at a no-break space."""
    return _GLUE.sub(_NO_BREAK, text)


class _FrenchFormatter(argparse.HelpFormatter):
    # The no-break spaces only steer the wrapping: the help prints ordinary spaces, as one types them
    # to search it.
    def _split_lines(self, text, width):
        return [line.replace(_NO_BREAK, " ") for line in super()._split_lines(_glued(text), width)]

    def _fill_text(self, text, width, indent):
        # Each line of the description is a paragraph, and one that starts with spaces an example to
        # type (« !!! fait engagement-… »): kept as written, where argparse would run it into the text.
        return "\n".join(
            indent + line if line.startswith(" ") else super(_FrenchFormatter, self)._fill_text(_glued(line), width, indent).replace(_NO_BREAK, " ")
            for line in text.split("\n")
        )

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Usage : " if prefix is None else prefix)

    def start_section(self, heading):
        # argparse writes « options: »; French puts a space before the colon.
        super().start_section(f"{heading} " if heading else heading)


_NEGATIVE_NUMBER = re.compile(r"-\d+|-\d*\.\d+")


class FrenchParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that speaks French, with ``-h``/``--aide``/``--help`` for help."""

    def __init__(self, **kwargs):
        super().__init__(add_help=False, allow_abbrev=False, formatter_class=_FrenchFormatter, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--aide", "--help", action="help", help="affiche cette aide et s'arrête")

    def parse_known_args(self, args=None, namespace=None):
        # Each parser refuses what it does not know itself: argparse would leave a command's unknown
        # option to « releve », which prints its own usage, or says first that the command is missing.
        args = sys.argv[1:] if args is None else list(args)
        self._refuse_unknown_options(args)
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"argument en trop : {' '.join(extras)}")
        return namespace, extras

    def _refuse_unknown_options(self, args: list[str]) -> None:
        for arg in args:
            if arg == "--" or self._subparsers is not None and not arg.startswith("-"):
                break  # what follows is a command's, or is no option
            # As argparse: « - », a negative number and a text with a space are values, not options.
            if not arg.startswith("-") or arg == "-" or " " in arg or _NEGATIVE_NUMBER.fullmatch(arg):
                continue
            option = arg.split("=", 1)[0]
            if option not in self._option_string_actions:
                hint = nearest(option, self._option_string_actions)
                self.error(f"option inconnue : {option}" + (f" (vouliez-vous dire « {hint} » ?)" if hint else ""))

    def _check_value(self, action, value):
        # argparse's check of a value against its choices (a command's name, or an option's choices).
        if action.choices is not None and value not in action.choices:
            option = max(action.option_strings, key=len, default=None)
            raise argparse.ArgumentError(None, refused_choice(value, action.choices, option))

    def error(self, message: str):
        self.exit(2, f"{self.format_usage()}Erreur : {_french(message)}.\n")


def fail(message: str) -> int:
    """Print a French error for the coordinator and return the exit status of a failed command."""
    print(f"Erreur : {message}", file=sys.stderr)
    return 1


_REASONS = {
    errno.EACCES: "accès refusé",
    errno.EPERM: "accès refusé",
    errno.EROFS: "disque en lecture seule",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "une partie du chemin n'est pas un dossier",
    errno.EEXIST: "existe déjà",
    errno.ENOTEMPTY: "dossier non vide",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota du disque dépassé",
    errno.EFBIG: "fichier trop grand",
    errno.ELOOP: "trop de liens symboliques (un lien mène-t-il à lui-même ?)",
    errno.EBUSY: "fichier ou dossier occupé par un autre programme",
    errno.ETXTBSY: "fichier occupé par un autre programme",
    errno.EINVAL: "nom de fichier ou opération refusés par le système",
    errno.EIO: "erreur de lecture ou d'écriture du disque",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.ENFILE: "trop de fichiers ouverts",
    errno.EXDEV: "déplacement d'un disque à un autre impossible",
    errno.EPIPE: "sortie fermée",
}


def reason(error: OSError) -> str:
    """Why the system refused, in a few French words: the system's own (``strerror``) are English."""
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    return f"erreur du système, {errno.errorcode[error.errno]}" if error.errno in errno.errorcode else "erreur du système"


def fail_on(error: OSError, action: str, fallback: object) -> int:
    """Fail on a file the system refuses to read or write: ``action`` is « de lire », « d'écrire dans »…"""
    return fail(f"impossible {action} « {error.filename or fallback} » ({reason(error)})")


DEBUG_VARIABLE = "RELEVE_DEBUG"


def debugging() -> bool:
    """``RELEVE_DEBUG=1``: an unexpected failure shows its full traceback after the French line."""
    return os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")
