"""``finish``: the pass over a written site, and its publication in one step: a build stopped at any
moment leaves the previous good site whole, or the new one complete."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BASE_FILES, ENGINE_ENV, MEETING, TODAY, tree_state, write_project

from releve import finish, pipeline
from releve.typography import NBSP


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, object]:
    """A fixture project and its linked content: what the finish pass checks the written site against."""
    root = tmp_path_factory.mktemp("projet")
    write_project(root, BASE_FILES)
    return root, pipeline.load(root, pipeline.today_from(TODAY))


def _site(folder: Path, text: str) -> Path:
    (folder / "a").mkdir(parents=True)
    (folder / "index.html").write_text(f"<p>{text}</p>", encoding="utf-8")
    (folder / "a" / "index.html").write_text("<p>Page a</p>", encoding="utf-8")
    return folder


@pytest.mark.parametrize("exchange", [True, False])
def test_the_new_site_takes_the_place_of_the_old_one(tmp_path, monkeypatch, exchange, project):
    if not exchange:  # where the system has no renameat2 (not Linux): two renames
        monkeypatch.setattr(finish, "_exchange", lambda a, b: False)
    published = _site(tmp_path / "site", "ancien")
    new = _site(finish.staging(published), "Note : nouveau")
    finish.finish(new, published, project[1], project[0], index=False)
    assert (published / "index.html").read_text(encoding="utf-8") == f"<p>Note{NBSP}: nouveau</p>"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_a_first_build_is_simply_moved_in_place(tmp_path, project):
    published = tmp_path / "site"
    new = _site(finish.staging(published), "premier")
    finish.finish(new, published, project[1], project[0], index=False)
    assert (published / "index.html").read_text(encoding="utf-8") == "<p>premier</p>" and not new.exists()


def test_a_site_that_shows_a_personal_contact_is_not_published(tmp_path, project):
    published = _site(tmp_path / "site", "ancien")
    new = _site(finish.staging(published), "Appeler le 06&#160;12 34<!-- --> 56 78")
    with pytest.raises(finish.ContentError) as raised:
        finish.finish(new, published, project[1], project[0], index=False)
    assert "« 06 12 34 56 78 » publié sur le site (index.html)" in str(raised.value).replace("\u00a0", " ")
    assert (published / "index.html").read_text(encoding="utf-8") == "<p>ancien</p>"


def _build(root: Path) -> subprocess.Popen:
    env = {**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": TODAY}
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_build_killed_at_any_moment_leaves_a_whole_site(tmp_path, base_site):
    write_project(tmp_path, BASE_FILES)
    # The previous good site: the shared build of the same project (a site does not depend on its folder).
    shutil.copytree(base_site.site, tmp_path / "site")
    old = tree_state(tmp_path / "site")
    second = MEETING.replace("2021-02-19", "2021-03-19").replace("Réunion du groupe enfance", "Deuxième réunion")
    write_project(tmp_path, {**BASE_FILES, "minutes/2021-03-19-groupe-enfance.md": second})
    started = time.monotonic()
    assert _build(tmp_path).wait() == 0
    duration = time.monotonic() - started
    new = tree_state(tmp_path / "site")
    assert new != old
    for number, fraction in enumerate((0.2, 0.5, 0.8)):
        # Each build, if it ends, publishes the other of the two sites.
        files = {**BASE_FILES, "minutes/2021-03-19-groupe-enfance.md": None if number % 2 == 0 else second}
        write_project(tmp_path, files)
        process = _build(tmp_path)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert tree_state(tmp_path / "site") in (old, new), f"killed at {fraction:.0%} of a build: a partial site"
    # The next build clears what a killed one left beside the site.
    finish.staging(tmp_path / "site")
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("site")) == ["site"]
