"""`make site` serves the site and rebuilds it when a content file changes; errors keep the last good site."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import BASE_FILES, ENGINE_ENV, MEETING, write_project

PAGE = "comptes-rendus/2021-02-19-groupe-enfance/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_on_minutes_change_and_keeps_last_good_site(tmp_path):
    write_project(tmp_path, BASE_FILES)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env={**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert _wait_for(lambda: "Réunion du groupe enfance" in _get(url)), "the site was never served"
        minutes = tmp_path / "minutes" / "2021-02-19-groupe-enfance.md"
        minutes.write_text(MEETING.replace("Réunion du groupe enfance", "Réunion renommée"), encoding="utf-8")
        assert _wait_for(lambda: "Réunion renommée" in _get(url)), "a change in minutes/ did not rebuild the site"
        # A typo: the error is printed, and the last good site stays online.
        minutes.write_text(MEETING.replace("Réunion du groupe enfance", "Titre cassé").replace("structure: ch-jury", "structure: ch-jurry"), encoding="utf-8")
        time.sleep(3)
        assert "Réunion renommée" in _get(url)
        (tmp_path / "partners.yaml").write_text(BASE_FILES["partners.yaml"].replace("id: ch-jury", "id: ch-jurry").replace("parent: ch-jury", "parent: ch-jurry"), encoding="utf-8")
        assert _wait_for(lambda: "Titre cassé" in _get(url)), "a change in partners.yaml did not rebuild the site"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert "minutes/2021-02-19-groupe-enfance.md:17: structure inconnue : « ch-jurry »" in output
    assert "Traceback" not in output
    # MkDocs' progress lines are in French.
    assert "Rechargement des pages ouvertes" in output and "Reloading browsers" not in output
    assert "Watching paths" not in output and "Documentation built" not in output
