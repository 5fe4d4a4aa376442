"""The project's cache (``project_cache``): a build or a check checks again only the files whose text
changed, with the same problems and the same site as when it checks everything, and the cache is
the engine's, never the content's: a file committed there, a crafted one or a link is not used."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess

import pytest
from conftest import BASE_FILES, MEETING, TODAY, build_in_process, run_releve, tree_state, write_project

from releve import pipeline, project_cache
from releve.problems import ContentError
from releve.validate import CheckedFiles, validate

MEETING_PATH = "minutes/2021-02-19-groupe-enfance.md"
DAY = dt.date.fromisoformat(TODAY)
TYPO = MEETING.replace("titre:", "titer:")


def _kept(root) -> dict:
    checked = CheckedFiles(project_cache.read_checked(root))
    validate(root, DAY, checked)
    project_cache.write_checked(root, checked.outcomes)
    return checked.outcomes


def test_only_the_edited_file_is_checked_again_with_the_problems_of_a_full_check(tmp_path):
    write_project(tmp_path, BASE_FILES)
    assert project_cache.read_checked(tmp_path) == {}
    outcomes = _kept(tmp_path)
    kept = project_cache.read_checked(tmp_path)
    assert kept.keys() == outcomes.keys() and MEETING_PATH in kept

    write_project(tmp_path, {MEETING_PATH: TYPO})
    checked = CheckedFiles(kept)
    with pytest.raises(ContentError) as error:
        validate(tmp_path, DAY, checked)
    assert checked.changed
    assert [path for path in kept if checked.outcomes[path][1] is not kept[path][1]] == [MEETING_PATH]
    # The same messages as a validation that checks every file.
    assert [str(p) for p in error.value.problems] == [str(p) for p in pipeline.validate_project(tmp_path)]
    assert any("titer" in str(problem) for problem in error.value.problems)

    unchanged = CheckedFiles(checked.outcomes)
    with pytest.raises(ContentError):
        validate(tmp_path, DAY, unchanged)
    assert not unchanged.changed


def test_builds_with_the_cache_give_the_same_site_and_see_every_edit(tmp_path):
    write_project(tmp_path, BASE_FILES)
    assert build_in_process(tmp_path, "--strict").returncode == 0
    assert (tmp_path / project_cache.CHECKED).is_file()
    first = tree_state(tmp_path / "site")

    kept = (tmp_path / project_cache.CHECKED).read_bytes()
    # The check command takes « today » as the build does: it finds every file as the build checked it.
    assert run_releve("verifier", "--site", str(tmp_path)).returncode == 0
    assert (tmp_path / project_cache.CHECKED).read_bytes() == kept
    write_project(tmp_path, {MEETING_PATH: TYPO})
    broken = build_in_process(tmp_path, "--strict")
    assert broken.returncode == 1 and f"{MEETING_PATH}:2: clé inconnue « titer »" in broken.output
    assert (tmp_path / project_cache.CHECKED).read_bytes() == kept  # a build that fails writes nothing outside its site

    write_project(tmp_path, {MEETING_PATH: MEETING})
    assert build_in_process(tmp_path, "--strict").returncode == 0
    assert tree_state(tmp_path / "site") == first


def test_the_cache_is_written_while_pagefind_indexes_and_not_by_a_build_the_finish_pass_stops(tmp_path, monkeypatch):
    """The build keeps the files as it checked them once no page shows a contact, while Pagefind
    indexes (this process waits for it then): written before, it took the build's only core at
    work for 0.8 s at 5,000 minutes, and a build that failed later had written outside its site."""
    from releve import search

    moments: list[str] = []
    for name, method in (("indexing", "__init__"), ("indexed", "read")):
        original = getattr(search.Indexing, method)
        monkeypatch.setattr(search.Indexing, method, lambda self, *args, _original=original, _name=name: moments.append(_name) or _original(self, *args))
    write_checked = project_cache.write_checked
    monkeypatch.setattr(project_cache, "write_checked", lambda *args: moments.append("kept") or write_checked(*args))
    # A phone number that only the rendering joins (a link's text and what follows): the finish pass stops the build.
    write_project(tmp_path, {**BASE_FILES, "docs/contact.md": "# Contact\n\nAppeler le 06 [12](index.md) 34 56 78.\n"})
    stopped = build_in_process(tmp_path, "--strict")
    assert stopped.returncode == 1 and "« 06 12 34 56 78 » publié sur le site" in stopped.output, stopped.output
    assert "kept" not in moments and not (tmp_path / project_cache.CHECKED).exists()
    write_project(tmp_path, {"docs/contact.md": None})
    moments.clear()
    assert build_in_process(tmp_path, "--strict").returncode == 0
    assert moments == ["indexing", "kept", "indexed"] and project_cache.read_checked(tmp_path)


def test_the_check_command_reports_the_same_with_the_cache_and_sees_an_edit(tmp_path):
    write_project(tmp_path, BASE_FILES)
    first = run_releve("verifier", "--site", str(tmp_path))
    kept = (tmp_path / project_cache.CHECKED).read_bytes()
    second = run_releve("verifier", "--site", str(tmp_path))
    assert first.returncode == second.returncode == 0 and second.output == first.output
    write_project(tmp_path, {MEETING_PATH: TYPO})
    broken = run_releve("verifier", "--site", str(tmp_path))
    assert broken.returncode == 1 and f"{MEETING_PATH}:2: clé inconnue « titer »" in broken.output
    # Content with errors leaves the cache as the last valid check made it.
    assert (tmp_path / project_cache.CHECKED).read_bytes() == kept


class _Payload:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_a_crafted_or_stale_cache_is_not_used_and_runs_nothing(tmp_path):
    write_project(tmp_path, BASE_FILES)
    outcomes = _kept(tmp_path)
    cache = tmp_path / project_cache.CHECKED
    marker = tmp_path / "execute"
    for content in (
        pickle.dumps((1, project_cache.engine_fingerprint(), {MEETING_PATH: _Payload(str(marker))})),
        pickle.dumps(_Payload(str(marker))),
        pickle.dumps((1, "un autre moteur", outcomes)),
        cache.read_bytes()[:1000],
    ):
        cache.write_bytes(content)
        assert project_cache.read_checked(tmp_path) == {}
        assert not marker.exists()
    # And the next check makes it again.
    _kept(tmp_path)
    assert project_cache.read_checked(tmp_path).keys() == outcomes.keys()


def _git(root, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True, capture_output=True)


def test_a_cache_folder_in_git_or_behind_a_link_is_neither_read_nor_written(tmp_path):
    root = tmp_path / "projet"
    root.mkdir()
    write_project(root, BASE_FILES)
    _kept(root)
    assert project_cache.usable(root) and project_cache.read_checked(root)
    # Committed (a contributor's file there would be published as a PDF, or taken as checked).
    _git(root, "init", "-q")
    _git(root, "add", "-f", str(project_cache.CHECKED))
    _git(root, "commit", "-q", "-m", "cache")
    assert not project_cache.usable(root) and project_cache.read_checked(root) == {}
    # A link: nothing is written where it points.
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    linked = tmp_path / "lien"
    linked.mkdir()
    write_project(linked, BASE_FILES)
    (linked / ".cache").symlink_to(elsewhere)
    _kept(linked)
    assert not project_cache.usable(linked) and list(elsewhere.iterdir()) == []
