"""``python -m releve.built_site PORT`` (``make voir``): serves ``site/`` as it will be published, in French.

Python's own ``http.server`` wrote its start, each request and a missing page in English, answered a
missing page with its own English page rather than the site's, and ended in a traceback when the port
was taken (a ``make site`` left running in another terminal).
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .console import fail, reason

SITE = "site"


def port_taken(port: int) -> str:
    """What to do when another server answers on ``port`` (``make site`` and ``make voir`` alike)."""
    return (
        f"le port {port} est déjà utilisé, sans doute par un autre « make site » ou « make voir » : "
        f"arrêtez-le (Ctrl+C dans son terminal) ou choisissez un autre port (PORT={port + 1})"
    )


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # one English line per request: the coordinator reads the pages, not the requests

    def send_head(self):
        # http.server follows a symbolic link: one in site/ would serve a file from outside it. The
        # build writes none (MkDocs copies a file's content, a link in docs/ is refused): a site/
        # changed since is answered as a missing page.
        root = os.path.realpath(self.directory)
        if os.path.commonpath([root, os.path.realpath(self.translate_path(self.path))]) != root:
            self.send_error(404)
            return None
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # A missing page: the site's own 404 page, as the host will answer, not Python's English one.
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def main(argv: list[str]) -> int:
    written = argv[0] if argv else ""
    if not (written.isascii() and written.isdigit() and 0 < int(written) < 65_536):
        # int() took « ٨٠٠٠ » and « 8_000 », and refused « abc » with a traceback.
        return fail(f"« PORT={written} » n'est pas un numéro de port : donnez un nombre de 1024 à 65535, par exemple PORT=8001")
    port = int(written)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Handler, directory=SITE))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return fail(port_taken(port))
        # Below 1024, a port is the administrator's.
        return fail(f"impossible de servir le site sur le port {port} ({reason(error)}) : choisissez un port de 1024 à 65535, par exemple PORT=8001")
    print(f"Le site construit est servi sur http://127.0.0.1:{port}/ : ouvrez cette adresse dans le navigateur (Ctrl+C pour arrêter).", flush=True)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print()  # the terminal's « ^C » ends the line; the prompt comes back on the next
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
