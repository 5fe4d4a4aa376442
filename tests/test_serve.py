"""`make site` serves the site and rebuilds it when a content file changes; errors keep the last good site."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import BASE_FILES, MEETING, write_project

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
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],  # as `make site`
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
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


# Two rebuilds of the preview as `mkdocs serve --dirty` runs them: the configuration (and the
# adapter) loaded afresh for each, the engine kept imported. Printed: each page's mtime after each.
_DIRTY_REBUILDS = """
import json, os
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

def rebuild(first=False):
    config = load_config("mkdocs.yml", site_dir="site")
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
    return {str(p): p.stat().st_mtime_ns for p in Path("site").rglob("*.html")}

before = rebuild(first=True)
minutes = Path("minutes/2021-02-19-groupe-enfance.md")
minutes.write_text(minutes.read_text(encoding="utf-8").replace("Le groupe discute du réseau.", "Le groupe discute du réseau modifié."), encoding="utf-8")
after = rebuild()
print(json.dumps(sorted(path for path in after if after[path] != before.get(path))))
print(os.path.isdir("site/pagefind"))
"""


def test_the_preview_rewrites_only_the_pages_whose_markdown_changed(tmp_path):
    write_project(tmp_path, BASE_FILES)
    result = subprocess.run(
        [sys.executable, "-c", _DIRTY_REBUILDS],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": "2025-06-01"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rewritten, indexed = result.stdout.splitlines()[-2:]
    assert "réseau modifié" in (tmp_path / "site" / PAGE / "index.html").read_text(encoding="utf-8")
    # The edited meeting, and the 404 page MkDocs renders on every build; not the other generated pages.
    assert json.loads(rewritten) == ["site/404.html", f"site/{PAGE}index.html"]
    assert (tmp_path / "site" / "annuaire" / "ch-jury" / "index.html").is_file()
    assert indexed == "False"  # the preview builds no search index
