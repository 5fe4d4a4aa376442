"""The synthetic corpus of the benchmark: it is valid, builds strictly, and its site is complete.

Correctness only: the timings belong to ``scripts/benchmark.py``, never to the test suite.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import sys
import threading

import pytest

from conftest import REPO, build_in_process
from test_search import REPEATS, _files, write_pages

sys.path.insert(0, str(REPO / "scripts"))

from generer_corpus import Corpus, generate  # noqa: E402

SIZES = (12, 30)
TAB = re.compile(r'<li class="md-tabs__item')


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[int, tuple[Corpus, object]]:
    """Two generated projects of different sizes, each built with ``--strict``."""
    built = {}
    for size in SIZES:
        root = tmp_path_factory.mktemp(f"corpus-{size}")
        corpus = generate(size, root, seed=7)
        build = build_in_process(root, "--strict")
        assert build.returncode == 0, build.output
        built[size] = (corpus, build)
    return built


def test_same_seed_same_project(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    generate(20, first, seed=3)
    generate(20, second, seed=3)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_sizes_follow_the_number_of_minutes(corpora):
    corpus, build = corpora[30]
    assert len(corpus.meetings) + len([d for d in corpus.drafts if d[:4].isdigit()]) == 30
    assert len(list((build.root / "actions").glob("*.md"))) == 30 // 5
    assert len(corpus.structures) == 30 // 3


def test_every_published_item_has_its_page(corpora):
    for corpus, build in corpora.values():
        for meeting_id in corpus.meetings:
            assert (build.site / "comptes-rendus" / meeting_id / "index.html").is_file(), meeting_id
        for action_id in corpus.actions:
            assert (build.site / "projets" / action_id / "index.html").is_file(), action_id
        for structure_id in corpus.structures:
            assert (build.site / "annuaire" / structure_id / "index.html").is_file(), structure_id


def test_drafts_appear_nowhere(corpora):
    corpus, build = corpora[30]
    assert any(d[:4].isdigit() for d in corpus.drafts) and any(not d[:4].isdigit() for d in corpus.drafts)
    published = "\n".join(page.read_text(encoding="utf-8") for page in build.site.rglob("*.html"))
    # Pagefind's result fragments are gzipped: the text a search can show.
    published += "".join(gzip.decompress(f.read_bytes()).decode("utf-8", "replace") for f in (build.site / "pagefind" / "fragment").iterdir())
    for draft in corpus.drafts:
        assert draft not in published


def test_the_corpus_exercises_every_feature(corpora):
    corpus, build = corpora[30]
    minutes = "".join(p.read_text(encoding="utf-8") for p in (build.root / "minutes").glob("*.md"))
    for marker in ("!!! decision ", "!!! engagement ", "!!! fait ", "participants:", "structure: ", "actions:", "prochaine_reunion:"):
        assert marker in minutes, marker
    assert "jalons:" in "".join(p.read_text(encoding="utf-8") for p in (build.root / "actions").glob("*.md"))
    assert "parent: " in (build.root / "partners.yaml").read_text(encoding="utf-8")


def test_nav_is_fixed_whatever_the_size(corpora):
    """The menu is the plugin's handful of entries: generated pages never enter it."""
    from releve.site_config import DEFAULT_NAV

    entries = len(DEFAULT_NAV)
    for corpus, build in corpora.values():
        for page in ("index.html", f"comptes-rendus/{corpus.meetings[0]}/index.html"):
            assert len(TAB.findall(build.html(page))) == entries, page


def test_checking_on_every_core_changes_nothing(tmp_path, monkeypatch, no_threads):
    """Above PARALLEL_FROM files, pass 1 is shared between processes: same site, same problems."""
    from releve import parallel, validate
    from releve.problems import ContentError

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: the files are always checked by one process")
    # The engine forks only a process without threads: here, the shared path must really be taken.
    assert threading.active_count() == 1, [thread.name for thread in threading.enumerate()]
    # A small project takes the same path: two shares of about ten files each, checked four times.
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    generate(parallel.PARALLEL_FROM + 10, tmp_path, seed=5)
    today = dt.date(2026, 1, 1)

    def outcome() -> str:
        try:
            return repr(validate.validate(tmp_path, today))
        except ContentError as error:
            return "\n".join(map(str, error.problems))

    pools: list[int] = []

    class Counted(parallel.ProcessPoolExecutor):
        def __init__(self, workers, *args, **kwargs):
            pools.append(workers)
            super().__init__(workers, *args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Counted)

    def both() -> tuple[str, str]:
        shared = outcome()
        assert pools == [1], "the files were not shared between two processes"
        with monkeypatch.context() as alone_patch:
            alone_patch.setattr(parallel, "PARALLEL_FROM", 10**9)
            alone = outcome()
        assert pools == [1]  # one process alone
        pools.clear()
        return shared, alone

    shared, alone = both()
    assert shared == alone and shared.startswith("Site(")
    # A mistake in the first file and in the last, each checked by a different process.
    minutes = sorted((tmp_path / "minutes").glob("*.md"))
    minutes[0].write_text(minutes[0].read_text(encoding="utf-8").replace("type:", "typ:", 1), encoding="utf-8")
    last = sorted((tmp_path / "actions").glob("*.md"))[-1]
    last.write_text(last.read_text(encoding="utf-8") + "\n!!! engagement inconnue\n    Texte.\n", encoding="utf-8")
    shared, alone = both()
    assert shared == alone
    assert "clé inconnue « typ »" in shared and "structure inconnue : « inconnue »" in shared



def test_the_files_to_check_are_shared_out_by_size(tmp_path, monkeypatch):
    """A check's time is nearly proportional to the file's size, and the fiches, listed after the
    minutes, are shorter: each process gets a share of the bytes, not of the number of files
    (partners.yaml, checked with them, first)."""
    from releve import catalogue, parallel, validate

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    generate(30, tmp_path, seed=5)
    weighed: list[list[float]] = []
    in_shares = parallel.in_shares
    monkeypatch.setattr(parallel, "in_shares", lambda work, items, **options: weighed.append(list(map(options["weight"], items))) or in_shares(work, items, **options))
    validate.validate(tmp_path, dt.date(2026, 1, 1))
    minutes, actions = catalogue.source_paths(tmp_path)
    sizes = [(tmp_path / path).stat().st_size for path in [catalogue.PARTNERS_FILE, *minutes, *actions]]
    assert len(weighed) == 1 and len(weighed[0]) == len(sizes) > 30
    assert len({weight - size for weight, size in zip(weighed[0], sizes)}) == 1 and len(set(sizes)) > 10


def test_this_process_takes_more_items_when_the_others_send_theirs_back(monkeypatch, no_threads):
    """``sending``: the other process's results cost it (and this one) time to send back, so this
    process takes more items and both finish together; every item done once, in order."""
    from releve import parallel

    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    assert parallel.in_shares(list, list(range(100)), from_items=2, sending=0.2) == [list(range(55)), list(range(55, 100))]
    assert parallel.in_shares(list, list(range(101)), from_items=2) == [list(range(51)), list(range(51, 101))]
    # Fewer items than cores: one each, none left out.
    monkeypatch.setattr(parallel, "_cores", lambda: 4)
    assert parallel.in_shares(list, [1, 2], from_items=2, sending=0.2) == [[1], [2]]
    assert parallel.in_shares(list, list(range(5)), from_items=2) == [[0, 1], [2], [3], [4]]
    # Shared out by weight: ten heavy items, then a hundred light ones (the minutes, then the fiches).
    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    weights = [10] * 10 + [1] * 100
    assert parallel.in_shares(list, list(range(110)), from_items=2, weight=weights.__getitem__) == [list(range(10)), list(range(10, 110))]
    assert parallel.in_shares(list, list(range(110)), from_items=2, sending=0.25, weight=weights.__getitem__) == [list(range(22)), list(range(22, 110))]


def test_building_on_every_core_changes_nothing(corpora, tmp_path, monkeypatch, no_threads):
    """Above PARALLEL_FROM parts, forked processes render the views, convert the pages and render
    them in the theme from the last one back: every file the same, byte for byte, and the same
    console, as the build of the same project by one process (the module's, below PARALLEL_FROM)."""
    import shutil

    from releve import parallel

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: one process builds the whole site")
    assert threading.active_count() == 1, [thread.name for thread in threading.enumerate()]
    _, alone = corpora[30]
    root = tmp_path / "project"
    shutil.copytree(alone.root, root, ignore=shutil.ignore_patterns("site", "site.*"))
    forks = []

    class Counted(parallel.FromBothEnds):
        def __init__(self, work, items, order=None):
            super().__init__(work, items, order)
            forks.append(self.forked)

    monkeypatch.setattr(parallel, "FromBothEnds", Counted)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 20)
    shared = build_in_process(root, "--strict")
    assert forks == [True, True, True]  # the views, the conversion, the rendering
    assert shared.returncode == 0, shared.output
    def console(build) -> str:  # but the time it took
        return re.sub(r"en [\d,]+ s", "en … s", build.output.replace(str(build.root), "ROOT"))

    assert console(shared) == console(alone)
    before, after = alone.root / "site", root / "site"
    names = sorted(path.relative_to(before).as_posix() for path in before.rglob("*") if path.is_file())
    assert names == sorted(path.relative_to(after).as_posix() for path in after.rglob("*") if path.is_file())
    assert len(names) > 100
    assert [name for name in names if (before / name).read_bytes() != (after / name).read_bytes()] == []


def _switch_interval(item) -> float:
    return sys.getswitchinterval()


def test_this_process_reads_the_others_results_while_it_works(monkeypatch, no_threads):
    """The pool's thread reads the others' results as they arrive, each piece taking the
    interpreter's lock from this process at work: it gets it every SENDING_SWITCH_INTERVAL while
    this process does its share, not every 5 ms (validation of 5,000 minutes: −7 %)."""
    from releve import parallel

    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    default = sys.getswitchinterval()
    assert parallel.in_shares(_switch_interval, list(range(4)), from_items=2) == [parallel.SENDING_SWITCH_INTERVAL, default]
    assert sys.getswitchinterval() == default


def test_the_process_working_from_the_back_sends_its_results_without_waiting(no_threads):
    """Its results go out from a thread, which needs the interpreter's lock for each while the
    process works on the next item: it gets it every SENDING_SWITCH_INTERVAL, not every 5 ms (at
    5,000 minutes the first process sat idle for seconds, waiting for pages rendered long before)."""
    import time

    from releve import parallel

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: this process does every item")
    shared = parallel.FromBothEnds(_switch_interval, range(parallel.PARALLEL_FROM))
    try:
        assert shared.forked
        time.sleep(0.5)  # the other process takes every item meanwhile
        assert not shared.claim(0) and shared.taken(0) == parallel.SENDING_SWITCH_INTERVAL < sys.getswitchinterval() / 5
    finally:
        shared.close()


# Here rather than in test_search.py, as the search index's other tests: it forks, which closes its
# process's Chromium (``no_threads``), and this file runs before one is launched (conftest.SLOW_FIRST),
# where test_search.py, run late, had the next browser test launch it again (about 2 s of processor).
def test_the_index_is_cut_the_same_on_one_core_or_shared_out(tmp_path, monkeypatch, no_threads):
    """The words are decoded and the new chunks compressed on every core, then named here in turn:
    the same bytes as one process makes."""
    import shutil

    from releve import parallel, search, search_chunks

    write_pages(tmp_path / "site", " ".join(["parentalité partir"] * REPEATS))
    search.Indexing(tmp_path / "site").read()
    shares: dict[str, list[int]] = {}
    in_shares = parallel.in_shares

    def counted(work, items, **options):
        done = in_shares(work, items, **options)
        shares.setdefault(getattr(work, "func", work).__name__, []).append(len(done))
        return done

    monkeypatch.setattr(parallel, "in_shares", counted)
    for cores in (1, 2):
        monkeypatch.setattr(parallel, "_cores", lambda cores=cores: cores)
        bundle = shutil.copytree(tmp_path / "site" / search.BUNDLE, tmp_path / str(cores))
        search_chunks.rechunk(bundle)
    assert shares == {"_weighed": [1, 2], "_packed": [1, 2]}
    assert _files(tmp_path / "1") == _files(tmp_path / "2") and len(_files(tmp_path / "1")) > 120


def test_a_content_error_crosses_processes_whole():
    """A view's ``ContentError`` raised in the forked process reaches the build with its problems."""
    import pickle

    from releve.problems import ContentError, Problem

    error = ContentError([Problem("minutes/a.md", 3, "clé inconnue « typ »")])
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems and str(again) == str(error)
