"""MkDocs' command line as ``make site`` and ``make build`` start it
(``python -m releve.hosts.mkdocs_command serve|build …``): Ctrl-C said in French from its first line.

``mkdocs`` itself runs no code of Relevé for its first fifth of a second (its imports, its options,
its configuration up to the plugin's import, ``mkdocs_console.interrupt_in_french``): Ctrl-C then
printed a traceback, or Click's English « Aborted! » and ended with 1. Here only Python's own start
comes before.
"""

from ..entry_point import interrupt_in_french


def main() -> None:
    interrupt_in_french()
    from mkdocs.__main__ import cli  # after the handler: importing MkDocs is most of that fifth of a second

    cli(prog_name="mkdocs")


if __name__ == "__main__":
    main()
