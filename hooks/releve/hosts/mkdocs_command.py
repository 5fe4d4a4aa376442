"""MkDocs' command line as ``make site`` and ``make build`` start it
(``python -m releve.hosts.mkdocs_command serve|build …``): Ctrl-C said in French from its first line,
and the preview's port, when another server holds it, said before any build.

``mkdocs`` itself runs no code of Relevé for its first fifth of a second (its imports, its options,
its configuration up to the plugin's import, ``mkdocs_console.interrupt_in_french``): Ctrl-C then
printed a traceback, or Click's English « Aborted! » and ended with 1. Here only Python's own start
comes before.
"""

import sys

from ..entry_point import interrupt_in_french


def _taken_port(argv: list[str]) -> int | None:
    """The port of ``serve --dev-addr HOST:PORT`` when another server already answers there: MkDocs
    would build the whole site first, then end in a traceback (a ``make site`` left running)."""
    import errno
    import socket  # here, after Ctrl-C's French handler, as everything this module runs

    if argv[:1] != ["serve"]:
        return None
    # The one spelling its only caller, the starter's Makefile, writes.
    address = next((value for option, value in zip(argv, argv[1:]) if option == "--dev-addr"), "")
    host, _, port = address.rpartition(":")
    if not port.isdigit():
        return None
    with socket.socket() as probe:
        # As the preview's server binds: a port left in TIME_WAIT by a stopped preview is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, int(port)))
        except OSError as error:
            return int(port) if error.errno == errno.EADDRINUSE else None
    return None


def main() -> None:
    interrupt_in_french()
    if (port := _taken_port(sys.argv[1:])) is not None:
        from ..built_site import port_taken
        from ..console import fail

        sys.exit(fail(port_taken(port)))
    from mkdocs.__main__ import cli  # after the handler: importing MkDocs is most of that fifth of a second

    cli(prog_name="mkdocs")


if __name__ == "__main__":
    main()
