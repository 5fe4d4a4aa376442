"""``finish``: the pass over a written site, and its publication in one step: a build stopped at any
moment leaves the previous good site whole, or the new one complete."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import BASE_FILES, ENGINE_ENV, MEETING, TODAY, ctrl_c_as_in_a_terminal, tree_state, write_project

from releve import finish, pipeline, search_chunks
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


def test_a_published_e_mail_address_is_said_in_the_feminine(tmp_path, project):
    published = _site(tmp_path / "site", "ancien")
    new = _site(finish.staging(published), "Écrire à jeanne<!-- -->@exemple.fr")
    with pytest.raises(finish.ContentError) as raised:
        finish.finish(new, published, project[1], project[0], index=False)
    assert "adresse électronique « jeanne@exemple.fr » publiée sur le site (index.html)" in str(raised.value)


def _children() -> set[int]:
    """This process's child processes, those ended but not waited for included."""
    return {int(pid) for task in Path("/proc/self/task").iterdir() for pid in (task / "children").read_text().split()}


def _indexed_site(folder: Path, text: str, other: str, pages: int = 1) -> Path:
    """``pages`` pages that Pagefind reads (meetings') saying ``text``, and one it does not saying ``other``."""
    for number in range(pages):
        page = folder / "comptes-rendus" / f"reunion-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<!doctype html><html lang="fr"><head><title>Réunion</title></head><body><div data-pagefind-body><p>{text}</p></div></body></html>', encoding="utf-8")
    (folder / "index.html").write_text(f"<p>{other}</p>", encoding="utf-8")
    return folder


def test_the_search_indexes_the_finished_pages(tmp_path, project):
    """Pagefind starts once the pages it reads are finished: it indexes the spaces the typography
    adds inside « » (it reads every space as a plain one). Enough pages that a Pagefind started
    before they were all finished would read some as they were written."""
    published = tmp_path / "site"
    new = _indexed_site(finish.staging(published), "Le réseau a dit «oui».", "Accueil", pages=300)
    finish.finish(new, published, project[1], project[0])
    contents = [json.loads(gzip.decompress(path.read_bytes())[len(search_chunks.SIGNATURE) :])["content"] for path in (published / "pagefind" / "fragment").iterdir()]
    assert contents == ["Le réseau a dit « oui »."] * 300


def test_a_dirty_build_indexes_the_pages_it_did_not_write_again(tmp_path, project):
    """``mkdocs build --dirty`` rewrites some pages: the index still holds every page."""
    site = _indexed_site(tmp_path / "site", "Première réunion.", "Accueil", pages=2)
    since = time.time_ns()
    for path in site.rglob("*.html"):
        os.utime(path, ns=(since - 10**9, since - 10**9))
    (site / "comptes-rendus" / "reunion-1" / "index.html").write_text("<html><body><div data-pagefind-body><p>Seconde réunion.</p></div></body></html>", encoding="utf-8")
    finish.finish(site, None, project[1], project[0], since_ns=since)
    contents = sorted(json.loads(gzip.decompress(path.read_bytes())[len(search_chunks.SIGNATURE) :])["content"] for path in (site / "pagefind" / "fragment").iterdir())
    assert contents == ["Première réunion.", "Seconde réunion."]


_MEETING_PAGE = '<!doctype html><html lang="fr"><head><title>Réunion</title></head><body><div data-pagefind-body><p>{}</p></div></body></html>'


def _fragments(site: Path) -> list[str]:
    """The content of each page in the search index of ``site``."""
    return sorted(json.loads(gzip.decompress(path.read_bytes())[len(search_chunks.SIGNATURE) :])["content"] for path in (site / "pagefind" / "fragment").iterdir())


def _written(written: Path, relpath: str, html: str) -> None:
    """What a host does with a page once finished: writes it."""
    (written / relpath).parent.mkdir(parents=True, exist_ok=True)
    (written / relpath).write_text(html, encoding="utf-8")


def test_pagefind_starts_once_the_pages_it_reads_are_finished_as_rendered(tmp_path, project):
    """A host finishes each page as it renders it (``FinishedPages.page``): Pagefind starts as soon
    as the indexed ones are, while the others are rendered, and the finish pass does not read
    them again; another process is to render the indexed pages first, from the last one."""
    published = tmp_path / "site"
    written = finish.staging(published)
    relpaths = ["comptes-rendus/reunion-0/index.html", "index.html", "comptes-rendus/reunion-1/index.html", "agenda/index.html"]
    finished = finish.FinishedPages()
    assert finished.expect(written, relpaths) == [2, 0, 3, 1]
    _written(written, relpaths[0], finished.page(relpaths[0], _MEETING_PAGE.format("Le réseau a dit «oui».")))
    _written(written, relpaths[1], finished.page(relpaths[1], "<p>Accueil : bienvenue</p>"))
    assert finished.indexing is None  # one page it reads is still to come
    _written(written, relpaths[2], finished.page(relpaths[2], _MEETING_PAGE.format("Le réseau a dit «non».")))
    assert finished.indexing is not None  # before the agenda is rendered
    _written(written, relpaths[3], finished.page(relpaths[3], "<p>Agenda : vide</p>"))
    finish.finish(written, published, project[1], project[0], finished=finished)
    assert _fragments(published) == ["Le réseau a dit « non ».", "Le réseau a dit « oui »."]
    assert (published / "index.html").read_text(encoding="utf-8") == f"<p>Accueil{NBSP}: bienvenue</p>"
    assert not finished.searched.exists()  # the copies Pagefind read are removed


def _list_page(text: str) -> str:
    """A page the theme does not mark for the search (a list, a year)."""
    return f'<!doctype html><html lang="fr"><head><title>Liste</title></head><body><p>{text}</p></body></html>'


def test_only_the_marked_pages_are_copied_for_pagefind(tmp_path, project):
    """Pagefind leaves out a page the theme did not mark as soon as one is marked, after parsing it
    whole: such a page is not copied for it (a third of what it read at 1,000 minutes)."""
    published = tmp_path / "site"
    written = finish.staging(published)
    relpaths = ["comptes-rendus/index.html", "comptes-rendus/reunion-0/index.html"]
    finished = finish.FinishedPages()
    finished.expect(written, relpaths)
    _written(written, relpaths[0], finished.page(relpaths[0], _list_page("Tous les comptes rendus.")))
    _written(written, relpaths[1], finished.page(relpaths[1], _MEETING_PAGE.format("Première réunion.")))
    assert [path.relative_to(finished.searched).as_posix() for path in finished.searched.rglob("*.html")] == [relpaths[1]]
    finish.finish(written, published, project[1], project[0], finished=finished)
    assert _fragments(published) == ["Première réunion."]


def test_a_site_none_of_whose_pages_is_marked_has_them_indexed_whole(tmp_path, project):
    """With no page marked, Pagefind indexes every page it reads whole: it reads the written pages."""
    published = tmp_path / "site"
    written = finish.staging(published)
    relpaths = ["comptes-rendus/index.html", "comptes-rendus/2021/index.html"]
    finished = finish.FinishedPages()
    finished.expect(written, relpaths)
    for relpath, text in zip(relpaths, ["Tous les comptes rendus.", "Ceux de 2021."]):
        _written(written, relpath, finished.page(relpath, _list_page(text)))
    assert finished.indexing is None and not finished.copied()
    finish.finish(written, published, project[1], project[0], finished=finished)
    assert _fragments(published) == ["Ceux de 2021.", "Tous les comptes rendus."]


def test_pagefind_s_copies_are_kept_in_memory_where_there_is_room(tmp_path, monkeypatch):
    """Written and read once, the copies go to /dev/shm (tmpfs) when it has room; elsewhere, or when
    TMPDIR names a folder, to the temporary folder."""
    monkeypatch.delenv("TMPDIR", raising=False)
    room = finish.IN_MEMORY.is_dir() and shutil.disk_usage(finish.IN_MEMORY).free >= finish.ROOM
    finished = finish.FinishedPages()
    try:
        assert (finished.searched.parent == finish.IN_MEMORY) == room
    finally:
        finished.close()
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    finished = finish.FinishedPages()
    try:
        assert finished.searched.parent == tmp_path
    finally:
        finished.close()


def test_what_was_written_after_the_pages_were_finished_is_finished_and_indexed(tmp_path, project):
    """A page written again after it was finished (another size) is finished from its file, and
    the contacts of the version no longer written are not reported; an indexed page the host did
    not finish has Pagefind index the site again, that page included."""
    published = tmp_path / "site"
    written = finish.staging(published)
    relpaths = ["comptes-rendus/reunion-0/index.html", "comptes-rendus/reunion-1/index.html"]
    finished = finish.FinishedPages()
    finished.expect(written, relpaths)
    finished.page(relpaths[0], _MEETING_PAGE.format("Appeler le 06 12 34 56 78"))
    _written(written, relpaths[0], _MEETING_PAGE.format("Seconde version : «oui»."))
    _written(written, relpaths[1], finished.page(relpaths[1], _MEETING_PAGE.format("Première réunion.")))
    assert finished.indexing is not None
    _written(written, "comptes-rendus/ajoutee/index.html", _MEETING_PAGE.format("Réunion ajoutée !"))
    finish.finish(written, published, project[1], project[0], finished=finished)
    assert _fragments(published) == ["Première réunion.", "Réunion ajoutée !", "Seconde version : « oui »."]
    assert "Seconde version\u00a0: «\u202foui\u202f»." in (published / relpaths[0]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def observed(tmp_path_factory) -> tuple[Path, list[tuple[str, int]]]:
    """A build of the fixture site under MkDocs, and what it did in order: each page finished as
    rendered, with the number of objects the cycle collector left aside then, and « pagefind »
    where Pagefind started."""
    import gc

    from conftest import build_in_process

    from releve import search

    root = tmp_path_factory.mktemp("observe")
    write_project(root, BASE_FILES)
    events: list[tuple[str, int]] = []
    page, indexing = finish.FinishedPages.page, search.Indexing.__init__
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(finish.FinishedPages, "page", lambda self, relpath, html: events.append((relpath, gc.get_freeze_count())) or page(self, relpath, html))
        patch.setattr(search.Indexing, "__init__", lambda self, *args: events.append(("pagefind", 0)) or indexing(self, *args))
        built = build_in_process(root, "--strict")
    assert built.returncode == 0, built.output
    return root, events


def test_a_build_starts_pagefind_before_its_last_pages_are_rendered(observed):
    """Under MkDocs, the plugin finishes each page as it renders it, and Pagefind indexes while the
    pages it does not read (lists, agenda…) are still rendered."""
    from releve import search

    root, events = observed
    relpaths = [relpath for relpath, _ in events]
    assert relpaths.count("pagefind") == 1
    before, after = relpaths[: relpaths.index("pagefind")], relpaths[relpaths.index("pagefind") + 1 :]
    assert not any(search.indexed(relpath) for relpath in after) and len(after) >= 5
    site = root / "site"
    assert sorted(relpath for relpath in before if search.indexed(relpath)) == sorted(
        path.relative_to(site).as_posix() for path in site.rglob("*.html") if search.indexed(path.relative_to(site).as_posix())
    )


def test_the_cycle_collector_leaves_the_build_s_objects_alone_until_it_ends(observed, build_site, monkeypatch):
    """While MkDocs renders, the objects of the content and of the converted pages are out of the
    cycle collector's passes (``gc.freeze``); once the build ends, built or stopped, they are back
    (``mkdocs serve`` builds again and again: else each rebuild's garbage would stay)."""
    import gc

    assert min(frozen for relpath, frozen in observed[1] if relpath != "pagefind") > 10_000 and gc.get_freeze_count() == 0
    frozen: list[int] = []
    page = finish.FinishedPages.page
    monkeypatch.setattr(finish.FinishedPages, "page", lambda self, relpath, html: frozen.append(gc.get_freeze_count()) or page(self, relpath, html))
    # A phone number that only the rendering joins (a link's text and what follows): the finish pass stops the build.
    stopped = build_site({"docs/contact.md": "# Contact\n\nAppeler le 06 [12](index.md) 34 56 78.\n"})
    assert stopped.returncode == 1 and "« 06 12 34 56 78 » publié sur le site" in stopped.output, stopped.output
    assert min(frozen) > 10_000 and gc.get_freeze_count() == 0


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="children listed by Linux's /proc")
def test_a_contact_found_while_pagefind_indexes_stops_it(tmp_path, project):
    """The outputs Pagefind does not read are checked while it indexes: a contact there stops it,
    and the build leaves no process behind."""
    published = tmp_path / "site"
    new = _indexed_site(finish.staging(published), "Le réseau se réunit.", "Appeler le 06 12 34 56 78")
    before = _children()
    with pytest.raises(finish.ContentError, match="06 12 34 56 78"):
        finish.finish(new, published, project[1], project[0])
    assert _children() == before and not published.exists()


def _build(root: Path, temporary: Path) -> subprocess.Popen:
    # A killed build's copies for Pagefind stay an hour (the next build removes older ones): in
    # ``temporary``, not in the machine's shared memory.
    env = {**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": TODAY, "TMPDIR": str(temporary)}
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.skipif(sys.platform != "linux", reason="the parent's death signal is Linux's")
def test_pagefind_does_not_outlive_a_killed_build(tmp_path):
    """A build killed outright (``kill -9``) takes its Pagefind with it: left running, it wrote on
    into the killed build's folder while the next build emptied it (« Directory not empty »)."""
    pagefind = tmp_path / "pagefind-lent"
    pagefind.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")  # a Pagefind that takes a minute
    pagefind.chmod(0o755)
    indexing = "import sys, time; from pathlib import Path; from releve import search; print(search.Indexing(Path(sys.argv[1]))._process.pid, flush=True); time.sleep(60)"
    env = {**os.environ, **ENGINE_ENV, "PAGEFIND_BINARY_PATH": str(pagefind)}
    build = subprocess.Popen([sys.executable, "-c", indexing, str(tmp_path)], env=env, stdout=subprocess.PIPE, text=True)
    child = int(build.stdout.readline())
    assert _running(child)
    build.kill()
    build.wait()
    build.stdout.close()
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child), "Pagefind still runs after its build was killed"


def test_the_copies_of_a_build_killed_outright_go_with_the_next_one(tmp_path, monkeypatch):
    """No cleanup runs after ``kill -9``: the next build removes the folders of copies of builds
    whose process is gone (in memory, they stayed until the machine restarted), not a running one's,
    nor one changed within the hour (its process may be in another container)."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the copies' folder then goes there
    monkeypatch.setattr(tempfile, "tempdir", None)
    killed = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    killed.kill()
    killed.wait()
    names = (f"releve-recherche-{killed.pid}-x1", f"releve-recherche-{os.getpid()}-x2", "releve-recherche-x3", f"releve-recherche-{killed.pid}-x4")
    abandoned, running, other, recent = (tmp_path / name for name in names)
    an_hour_ago = time.time() - 3700
    for folder in (abandoned, running, other, recent):
        (folder / "comptes-rendus").mkdir(parents=True)
        if folder != recent:
            os.utime(folder, (an_hour_ago, an_hour_ago))
    pages = finish.FinishedPages()
    try:
        assert not abandoned.exists() and running.exists() and other.exists() and recent.exists()
        assert pages.searched.parent == tmp_path and pages.searched.name.startswith(f"releve-recherche-{os.getpid()}-")
    finally:
        pages.close()
    assert not pages.searched.exists()


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and has not ended (an ended one may wait to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_a_build_killed_at_any_moment_leaves_a_whole_site(tmp_path, tmp_path_factory, base_site):
    temporary = tmp_path_factory.mktemp("temporaire")
    write_project(tmp_path, BASE_FILES)
    # The previous good site: the shared build of the same project (a site does not depend on its folder).
    shutil.copytree(base_site.site, tmp_path / "site")
    old = tree_state(tmp_path / "site")
    second = MEETING.replace("2021-02-19", "2021-03-19").replace("Réunion du groupe enfance", "Deuxième réunion")
    write_project(tmp_path, {**BASE_FILES, "minutes/2021-03-19-groupe-enfance.md": second})
    started = time.monotonic()
    assert _build(tmp_path, temporary).wait() == 0
    duration = time.monotonic() - started
    new = tree_state(tmp_path / "site")
    assert new != old
    # Killed once it has begun to write, its folder of copies for Pagefind made and no staging folder
    # yet (half of a build; measured here, that folder appears at 30 % of a build, the staging folder
    # at 63 %), then while it writes the staging folder (80 %; the swap comes at 89 %). Killed
    # earlier, during its imports, a build has written nothing anywhere.
    for number, fraction in enumerate((0.5, 0.8)):
        # Each build, if it ends, publishes the other of the two sites.
        files = {**BASE_FILES, "minutes/2021-03-19-groupe-enfance.md": None if number % 2 == 0 else second}
        write_project(tmp_path, files)
        process = _build(tmp_path, temporary)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert tree_state(tmp_path / "site") in (old, new), f"killed at {fraction:.0%} of a build: a partial site"
    # The next build clears what a killed one left beside the site.
    finish.staging(tmp_path / "site")
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("site")) == ["site"]


_INTERRUPTED_BUILD = """\
import os, sys, time
import nh3
from mkdocs.__main__ import cli
from releve import parallel, sanitize

parallel.PARALLEL_FROM = 1  # every part of the build that can fork does, on this small project
main, cleaner, where = os.getpid(), sanitize._CLEANER, sys.argv[1]

waited = []

def waiting(tag, name, value):
    if not waited:  # once: nh3 may ask again for the same attribute
        waited.append(value)
        print("rendu", flush=True)
        time.sleep(30)
    return value

class FirstPageWaits:
    # The first page this process cleans waits for Ctrl-C: in nh3's attribute filter (whose
    # exceptions nh3 prints and drops), or in Python.
    def clean(self, fragment):
        if os.getpid() == main and sanitize._CLEANER is self:
            sanitize._CLEANER = cleaner
            if where == "nh3":
                nh3.Cleaner(attributes={"a": {"title"}}, attribute_filter=waiting).clean('<a title="x">x</a>')
            else:
                waiting("a", "title", "x")
        return cleaner.clean(fragment)

sanitize._CLEANER = FirstPageWaits()
sys.argv[1:] = ["build", "--strict"]
cli()
"""


@pytest.mark.parametrize("where", ["nh3", "python"])
def test_ctrl_c_stops_a_build_in_french_and_leaves_the_site_as_it_was(tmp_path, tmp_path_factory, base_site, where):
    """Ctrl-C during ``mkdocs build``: MkDocs said « Aborted! » and left the half-written site beside
    the published one; in nh3's callback, the interrupt was printed as a traceback and dropped, and
    the build went on to publish. Now: one French line, the status of an interrupted command, the
    published site unchanged, nothing left beside it, no process of the build left running."""
    write_project(tmp_path, BASE_FILES)
    shutil.copytree(base_site.site, tmp_path / "site")
    old = tree_state(tmp_path / "site")
    second = MEETING.replace("2021-02-19", "2021-03-19").replace("Réunion du groupe enfance", "Deuxième réunion")
    write_project(tmp_path, {**BASE_FILES, "minutes/2021-03-19-groupe-enfance.md": second})
    env = {**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": TODAY, "TMPDIR": str(tmp_path_factory.mktemp("temporaire"))}
    process = subprocess.Popen(
        [sys.executable, "-c", _INTERRUPTED_BUILD, where], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=ctrl_c_as_in_a_terminal,
    )
    assert process.stdout.readline() == "rendu\n"
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it: to every process of the build
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-1] == "Erreur : construction interrompue : le site publié (site/) n'a pas changé", stderr
    assert "Traceback" not in stderr and "Aborted" not in stderr and "Exception ignored" not in stderr, stderr
    assert tree_state(tmp_path / "site") == old
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("site")) == ["site"]
    deadline = time.monotonic() + 10
    while _in_group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _in_group(process.pid), "a process of the interrupted build still runs"


def _in_group(group: int) -> list[int]:
    """The running processes of the process group ``group``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] not in ("Z", "X"):
            found.append(int(stat.parent.name))
    return found
