"""Shared fixtures: real MkDocs builds of small fixture sites and of a realistic one (tests/data/clsm), in temporary folders."""

from __future__ import annotations

import contextlib
import fcntl
import html
import hashlib
import io
import json
import logging
import os
import posixpath
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
ENGINE_PATHS = (str(REPO / "hooks"), str(REPO / "tests" / "plugin"))
"""The engine's sources, and a distribution record declaring the ``releve`` MkDocs plugin from them:
the tests run this worktree's code, installed or not (``plugins: [releve]`` is an entry point)."""
sys.path[:0] = ENGINE_PATHS
ENGINE_ENV = {"PYTHONPATH": os.pathsep.join([*ENGINE_PATHS, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
"""Environment of a subprocess that runs MkDocs or a command on this worktree's engine."""
os.environ.update(ENGINE_ENV)  # the content tests (tests/test_contenu.py) start ``releve`` and ``mkdocs`` too
# No test reaches the package index (``releve creer`` asks it for the hash of the pinned Relevé):
# pip looks only at the machine's local folders, and tests/test_release.py gives its own index.
os.environ["PIP_NO_INDEX"] = "1"
# No PDFs (WeasyPrint, about a third of a second of processor each) but where a test reads them:
# ``build_in_process(…, pdf=True)`` (tests/test_letters.py). Subprocesses inherit this too.
os.environ["RELEVE_PDF"] = "non"
# The address a Pages workflow gives its own build (make build, before make test) is no fixture's.
os.environ.pop("RELEVE_URL_PUBLIQUE", None)

SAMPLE_SITE = REPO / "tests" / "data" / "clsm"
"""A realistic site, its text derived from the seeds (a frozen copy of the first CLSM's content):
the engine's tests build it, never the repository's own content, which a CLSM replaces with its
own (that content has its own tests, ``tests/test_contenu.py``, the starter's). Its ``mkdocs.yml``
is also the configuration of every fixture site."""

# Property tests check what the engine returns, not how fast: a loaded machine (the suite runs on
# every core) must not fail them on Hypothesis' per-example deadline. Time limits of their own
# are measured in the process's CPU time (time.process_time), which other processes do not slow.
# Under CI, the same examples each run (a rare case found at random would turn a push red whatever
# it changed); on a developer's machine, new ones each run, which is how such cases are found.
settings.register_profile("releve", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("releve")

UNBREAKABLE_AS_SPACE = str.maketrans({"\u00a0": " ", "\u202f": " "})

TODAY = "2022-04-01"
"""A fixed « today » so that agenda and home pages are deterministic."""

REFERENTIAL = """\
clsm:
  nom: Conseil local de santé mentale de test
  sigle: CLSM test
axes:
  - numero: 1
    nom: Inclusion dans la cité
    description: contribuer à lutter contre la stigmatisation
  - numero: 2
    nom: Amélioration des parcours
    description: améliorer l'accès à la prévention
  - numero: 3
    nom: Coordination entre les acteurs
    description: développer une coordination intersectorielle
instances:
  - id: copil
    nom: Comité de pilotage (COPIL)
  - id: groupe thématique
    nom: Groupes thématiques
thematiques:
  - id: enfance-parentalite
    nom: Enfance et parentalité
  - id: logement
    nom: Logement et santé mentale
secteurs:
  - id: soins-prevention
    nom: Soins et prévention
  - id: accompagnement-social
    nom: Accompagnement social et médico-social
"""

PARTNERS = """\
structures:
  - id: ch-jury
    nom: Centre hospitalier de Jury
    sigle: CH Jury
    type: Établissement de santé
    secteur: soins-prevention
    description: Hôpital de test.
  - id: cmp-winnicott
    nom: Centre psychothérapeutique Winnicott
    sigle: CMP Winnicott
    type: Service hospitalier
    secteur: soins-prevention
    parent: ch-jury
    description: Service de test.
  - id: epe-57
    nom: EPE 57
    type: Association
    secteur: accompagnement-social
    description: Association de test.
"""

MEETING = """\
---
titre: Réunion du groupe enfance
type: compte rendu
date: 2021-02-19
horaire: 10h-12h
visio: true
instance: groupe thématique
thematiques: [enfance-parentalite]
ordre_du_jour:
  - Rédiger les fiches projets.
participants:
  - nom: Anne Exemple
    fonction: pédopsychiatre
    structure: cmp-winnicott
  - nom: Paul Exemple
    fonction: coordonnateur
    structure: ch-jury
actions: [reseau]
prochaine_reunion:
  date: 2022-05-10
  horaire: 10h-12h
  visio: true
---
## Projet de réseau

Le groupe discute du réseau.

!!! decision reseau
    Il est convenu de lancer le réseau.
"""

ACTION = """\
---
titre: Réseau psypérinatalité
axe: 2
thematiques: [enfance-parentalite]
statut: en cours
pilotes: [cmp-winnicott]
partenaires: [epe-57]
debut: 2019
jalons:
  - date: 2021-02
    titre: Présentation au groupe
    fait: true
---
## Quoi ?

Mettre en place un réseau.

## Pourquoi ?

Parce que.
"""

BASE_FILES = {
    "referentiel.yaml": REFERENTIAL,
    "partners.yaml": PARTNERS,
    "minutes/2021-02-19-groupe-enfance.md": MEETING,
    "actions/reseau.md": ACTION,
    "docs/a-propos.md": "# À propos\n\nPage de test.\n",
}

AGENDA_FILES = {
    "evenements.yaml": """\
        evenements:
          - id: forum-reseau
            titre: Forum du réseau
            date: 2022-05-12
            horaire: 8h30-12h30
            lieu: epe-57
            actions: [reseau]
            description: Présentation du réseau aux partenaires.
        """,
    "minutes/2022-03-01-copil.md": """\
        ---
        titre: Comité de pilotage
        type: relevé de conclusions
        date: 2022-03-01
        lieu: ch-jury
        instance: copil
        thematiques: [logement]
        participants:
          - nom: Paul Exemple
            fonction: coordonnateur
            structure: ch-jury
        prochaine_reunion:
          note: Réunion bilan à programmer en mai.
        ---
        ## Logement

        !!! decision
            Il est convenu de créer un groupe logement.

        !!! engagement ch-jury "Paul Exemple" 2022-03-15
            Réserver les salles.

        !!! engagement epe-57
            Diffuser l'invitation.
        """,
    # A draft that mentions everything: none of it may reach a page, a calendar or the feed.
    "minutes/2022-03-20-brouillon.md": """\
        ---
        titre: Brouillon-secret-4242
        type: compte rendu
        date: 2022-03-20
        instance: copil
        thematiques: [logement]
        prochaine_reunion:
          date: 2022-06-01
          note: Prochaine-secrete-4242
        brouillon: true
        ---
        ## Secret

        !!! decision reseau
            Decision-secrete-4242.

        !!! engagement ch-jury
            Engagement-secret-4242.

        !!! fait engagement-9799e556
            Les salles sont réservées.
        """,
}
"""Events, a second meeting (another instance, undated next meeting, commitments) and a draft."""

SITE_URL = "https://clsm.example.org/site/"


SLOW_FIRST = (
    "test_corpus.py", "test_browser.py", "test_serve.py", "test_pdf_cache.py", "test_bounded_work.py", "test_timeline.py", "test_admin_browser.py",
    "test_finish.py", "test_tree.py", "test_site.py", "test_hosts.py", "test_console.py", "test_letters.py", "test_hostile_import.py",
    "test_cartes_browser.py", "test_body.py", "test_privacy.py", "test_reader_contacts.py", "test_site_links.py", "test_bounded_pages.py",
    "test_renommer.py", "test_importer.py", "test_validation.py",
)
"""The longest test files, by the processor time of their tests and of the processes they start
(Chromium, builds, servers), started first, those that drive Chromium between the others (two
browsers at once, not four): the files are shared out whole between the processes (pytest-xdist
``--dist loadfile``, in this order: ``--no-loadscope-reorder``), and a long one started last
would leave the other processes idle until it ends (test_pdf_cache.py, one test of about 11 s,
was started after three quarters of the run; test_site_links.py, the last long file in name order,
ended each of four measured runs 4 to 10 s after the other processes). tests/test_corpus.py first:
its tests fork, which needs a process without Playwright's thread (the ``no_threads`` fixture
closes the process's Chromium), so it runs before its process has launched one, rather than
closing it for the next module to launch another (about 2 s of processor each time). Each process
is dealt two files at the start: test_pdf_cache.py, whose renderings fork too, fourth, so that it
follows test_corpus.py in the same process."""
LAST = ("test_reading_browser.py", "test_pages.py")
"""Files that read what a slow-first one computes (the visit of every page type, ``page_type_visits``):
started last, they find it done instead of waiting for it."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: position for position, name in enumerate(SLOW_FIRST)} | {name: 1000 + position for position, name in enumerate(LAST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(SLOW_FIRST)))  # a stable sort: the others keep their order


def read_yaml(text: str):
    """What ``yaml.safe_load`` reads, by libyaml when PyYAML has it (a tenth of the time: the tests
    read hundreds of front matters)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def front_matter(path: Path) -> dict:
    """The YAML front matter of a content file, read by the test itself rather than by the engine."""
    return read_yaml(path.read_text(encoding="utf-8").split("---", 2)[1]) or {}


def inline_svgs(html: str) -> dict[str, ET.Element]:
    """Every inline SVG of a built page, parsed as XML, by id."""
    charts = [ET.fromstring(match) for match in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]
    return {chart.get("id"): chart for chart in charts}


def assert_golden(name: str, content: bytes) -> None:
    """Compare with ``tests/golden/<name>``; ``RELEVE_REGENERER=1`` rewrites it (only on purpose, then review the diff)."""
    golden = REPO / "tests" / "golden" / name
    if os.environ.get("RELEVE_REGENERER") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(content)
    assert content == golden.read_bytes(), f"{name} differs from tests/golden/{name}"


@dataclass
class Build:
    root: Path
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        return self.root / "site"

    def raw_html(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    def html(self, path: str) -> str:
        """The page with French non-breaking spaces read as spaces: most tests check words, not
        typography (tests/test_reading.py checks the spaces themselves on ``raw_html``)."""
        return self.raw_html(path).translate(UNBREAKABLE_AS_SPACE)


def project_config(extra: str = "") -> str:
    """The fixture sites' mkdocs.yml plus ``extra`` settings (e.g. ``site_url: …``)."""
    return (SAMPLE_SITE / "mkdocs.yml").read_text(encoding="utf-8") + extra


def write_project(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write a project from the fixture sites' mkdocs.yml plus ``files`` (None removes one)."""
    (root / "mkdocs.yml").write_text(project_config(), encoding="utf-8")
    for relpath, content in files.items():
        target = root / relpath
        if content is None:
            target.unlink(missing_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content), encoding="utf-8")


def content_problems(root: Path, files: dict[str, str | bytes | None], base: bool = True) -> list[str]:
    """The problems the engine finds in a fixture site (``BASE_FILES`` plus ``files``), as the
    build prints them (« fichier:ligne: message »), checked in process without building pages."""
    from releve import pipeline

    write_project(root, {**(BASE_FILES if base else {}), **files})
    return [str(problem) for problem in pipeline.validate_project(root)]


def tree_state(folder: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file, folder and symbolic link under ``folder`` (``skip`` and what it holds aside),
    with its bytes' hash or its target: equal before and after a build, it proves that the build
    changed nothing there, sources included, and created nothing."""
    state = {}
    for path in sorted(folder.rglob("*")):
        if skip is not None and (path == skip or path.is_relative_to(skip)):
            continue
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            state[key] = f"lien vers {os.readlink(path)}"
        elif path.is_dir():
            state[key] = "dossier"
        else:
            state[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def run_mkdocs(root: Path, *args: str, today: str = TODAY) -> Build:
    """``mkdocs build ARGS…`` as the coordinator runs it: a new process, its exit code and console."""
    env = {**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": today}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Build(root, result.returncode, result.stdout + result.stderr)


class _Console(logging.Formatter):
    """MkDocs' console lines (« WARNING -  message »), unwrapped and without colours."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<8}-  {super().format(record)}"


def build_in_process(root: Path, *args: str, today: str = TODAY, pdf: bool = False) -> Build:
    """What ``mkdocs build ARGS…`` does (its ``build_command``), in this process: no interpreter
    start and no imports per build. The console is MkDocs' log, as its command line prints it; the
    exit code is 1 when MkDocs aborts. Any other exception propagates: a test would fail on it, as
    on a traceback. ``run_mkdocs`` remains for what only a new process shows (tests of the exit).
    ``pdf``: the PDFs are made as mkdocs.yml says (else never, whatever it says)."""
    from mkdocs import utils
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    unknown = set(args) - {"--strict"}
    assert not unknown, f"build_in_process knows --strict only, not {unknown}"
    console = io.StringIO()
    handler = logging.StreamHandler(console)
    handler.setFormatter(_Console())
    logger = logging.getLogger("mkdocs")
    saved_level, saved_propagate = logger.level, logger.propagate
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    # The command line's filter, new for each build: one message repeated within a build is shown once.
    duplicates = utils.DuplicateFilter()
    mkdocs_build.log.addFilter(duplicates)
    saved_env = {name: os.environ.get(name) for name in ("RELEVE_AUJOURDHUI", "NO_MKDOCS_2_WARNING", "RELEVE_PDF")}
    os.environ.update({"RELEVE_AUJOURDHUI": today, "NO_MKDOCS_2_WARNING": "1"})
    if pdf:
        del os.environ["RELEVE_PDF"]
    returncode = 0
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), strict=True if "--strict" in args else None)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build.build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:  # Abort, ConfigurationError, PluginError: click prints them so
        returncode = 1
        console.write(("" if isinstance(error, Abort) else "Error: ") + error.format_message() + "\n")
    finally:
        mkdocs_build.log.removeFilter(duplicates)
        logger.removeHandler(handler)
        logger.setLevel(saved_level)
        logger.propagate = saved_propagate
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return Build(root, returncode, console.getvalue())


_LINK = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
"""A link's address, in any of HTML's three quotings. The built pages escape « > » inside attribute
values, so a tag ends at the first one: the same addresses as ``html.parser`` on 3,298 built pages
of the test sites, seventy times faster (the checks of whole sites spent seconds in that parser)."""


def broken_links(site: Path) -> tuple[int, list[str]]:
    """How many local links the built pages hold, and those whose target file is missing or that
    are written from the site's root: only 404.html may (it is served at any address)."""
    checked, broken = 0, []
    for page in sorted(site.rglob("*.html")):
        folder = posixpath.dirname(page.relative_to(site).as_posix())
        for href in (html.unescape("".join(quoted)) for quoted in _LINK.findall(page.read_text(encoding="utf-8"))):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:  # another site, mailto:, or an anchor here
                continue
            checked += 1
            rooted = parts.path.startswith("/")
            path = posixpath.normpath(posixpath.join("" if rooted else folder, unquote(parts.path).lstrip("/")))
            target = site / path
            if (rooted and page.name != "404.html") or path.startswith("..") or not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(site)} → {href}")
    return checked, broken


def copy_real_content(root: Path, extra_config: str = "") -> None:
    """Write the realistic site (``SAMPLE_SITE``) into ``root`` as a project ready to build."""
    shutil.copytree(SAMPLE_SITE, root, dirs_exist_ok=True)
    write_project(root, {"mkdocs.yml": project_config(extra_config)})


@pytest.fixture
def build_site(tmp_path):
    """Build a fixture site: ``build_site({"minutes/x.md": "...", "actions/reseau.md": None})``."""

    def build(files: dict[str, str | bytes | None] | None = None, *args: str, base: bool = True, today: str = TODAY) -> Build:
        root = tmp_path / "projet"
        if root.exists():
            shutil.rmtree(root)
        root.mkdir()
        write_project(root, {**(BASE_FILES if base else {}), **(files or {})})
        return build_in_process(root, *args, today=today)

    return build


def run_once(tmp_path_factory, name: str, compute: Callable[[], object]) -> object:
    """``compute()`` once for the whole test run, however many processes run the tests
    (pytest-xdist): the first one to ask computes it, under a lock, and keeps its result (JSON) for
    the others. For what many tests only read: a site's build, the visit of its pages in a browser."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, shared by its workers (each has its own below it)
    record = base / f"commun-{name}.json"
    with open(base / f"commun-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            record.write_text(json.dumps(compute()), encoding="utf-8")
        return json.loads(record.read_text(encoding="utf-8"))


def shared_build(tmp_path_factory, name: str, write: Callable[[Path], None], pdf: bool = False) -> Build:
    """A site written by ``write`` and built with ``--strict`` once for the whole test run (see
    ``run_once``), in a folder all the tests read: only for tests that change nothing there."""
    base = tmp_path_factory.getbasetemp()
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / f"commun-{name}"

    def build() -> dict:
        root.mkdir()
        write(root)
        done = build_in_process(root, "--strict", pdf=pdf)
        return {"returncode": done.returncode, "output": done.output}

    built = Build(root, **run_once(tmp_path_factory, name, build))
    assert built.returncode == 0, built.output
    return built


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Build:
    """The realistic site (``SAMPLE_SITE``), built once per test run into a temporary folder."""
    return shared_build(tmp_path_factory, "reel", copy_real_content)


@pytest.fixture(scope="session")
def base_site(tmp_path_factory) -> Build:
    """The fixture site (``BASE_FILES``) as it is, built once per test run: what ``build_site()``
    gives, for the tests that only read it."""
    return shared_build(tmp_path_factory, "base", lambda root: write_project(root, BASE_FILES))


@pytest.fixture(scope="session")
def agenda_site(tmp_path_factory) -> Build:
    """The fixture site plus ``AGENDA_FILES``, published at ``SITE_URL``, built once per test run."""
    files = {**BASE_FILES, **AGENDA_FILES, "mkdocs.yml": project_config(f"site_url: {SITE_URL}\n")}
    return shared_build(tmp_path_factory, "agenda", lambda root: write_project(root, files))


class _Chromium:
    """The process's Chromium, launched when a test first needs it and kept for the next modules:
    a launch and its closing cost about 2 s of processor."""

    def __init__(self) -> None:
        self._launched: contextlib.ExitStack | None = None
        self._browser = None

    def get(self):
        from browser import chromium

        if self._launched is None:
            with contextlib.ExitStack() as launched:
                self._browser = launched.enter_context(chromium())  # or a skip, when there is none
                self._launched = launched.pop_all()
        return self._browser

    def close(self) -> None:
        if self._launched is not None:
            launched, self._launched, self._browser = self._launched, None, None
            launched.close()


@pytest.fixture(scope="session")
def _chromium():
    kept = _Chromium()
    yield kept
    kept.close()


@pytest.fixture(scope="module")
def browser(_chromium):
    """The system's headless Chromium through Playwright (tests/browser.py); skips when absent.
    One per test process, shared by its modules (its pages are in a new context each)."""
    return _chromium.get()


@pytest.fixture
def no_threads(_chromium):
    """A process with no other thread, as the engine needs to fork (its parallel validation):
    Playwright's thread (which waits for its driver) ends with the browser, relaunched if a later
    test asks for it. Its driver's process may take a moment to end: its waiting threads are
    joined (a bounded wait)."""
    _chromium.close()
    for thread in threading.enumerate():
        if thread is not threading.main_thread():
            thread.join(timeout=10)


@pytest.fixture(scope="module")
def real_origin(real_site):
    """The realistic site served on 127.0.0.1 for a test module: its ``http://127.0.0.1:port``."""
    from browser import serve

    with serve(real_site.site) as origin:
        yield origin


@pytest.fixture(scope="module")
def page_type_visits(request, tmp_path_factory, real_site) -> dict:
    """One visit in Chromium of each type of page of the realistic site (``browser.page_types``),
    then of a search, once for the whole test run, on a 360 px phone: for each visited URL (the
    search as ``"recherche"``) axe-core's WCAG 2.1 A/AA violations, the pages wider than the
    screen, every request the pages made to another origin (blocked), and, for each page and the
    search, what tests/test_reading_browser.py reads (``browser.READING_SURVEY``)."""
    from browser import READING_SURVEY, axe_violations, open_page, page_types, search

    urls = page_types(real_site.site)

    def visit(half: int) -> dict:
        """Every other page type (``half``: 0 or 1), the search with the second half."""
        browser, origin = request.getfixturevalue("browser"), request.getfixturevalue("real_origin")
        outside: list[str] = []
        violations: dict[str, list[str]] = {}
        too_wide: list[str] = []
        reading: dict[str, dict] = {}
        # On a phone, where partners read the site: the width is checked during the same visit.
        with open_page(browser, origin, outside, viewport={"width": 360, "height": 740}) as page:
            for url in urls[half::2]:
                page.goto(origin + url)
                reading[url] = page.evaluate(READING_SURVEY)
                violations[url] = axe_violations(page)
                if (width := page.evaluate("document.documentElement.scrollWidth")) > 360:
                    too_wide.append(f"{url} : {width} px")
            if half == 1:
                # A request is caught when it starts (browser.open_page): the page's load and axe's run
                # give a page's requests their time, and only the search fetches more, after typing.
                search(page, origin, "réseau")
                reading["recherche"] = page.evaluate(READING_SURVEY)
                violations["recherche"] = axe_violations(page)
                page.wait_for_load_state("networkidle")
        return {"violations": violations, "outside": outside, "too_wide": too_wide, "reading": reading}

    # Two halves, each made once for the run: two modules asking at once (two test processes) make
    # one each, the one its name picks first, then read the other's.
    first = sum(map(ord, request.module.__name__)) % 2
    halves = {half: run_once(tmp_path_factory, f"visites-{half}", lambda half=half: visit(half)) for half in (first, 1 - first)}
    violations = {**halves[0]["violations"], **halves[1]["violations"]}
    reading = {**halves[0]["reading"], **halves[1]["reading"]}
    return {
        "violations": {url: violations[url] for url in [*urls, "recherche"]},
        "outside": halves[0]["outside"] + halves[1]["outside"],
        "too_wide": halves[0]["too_wide"] + halves[1]["too_wide"],
        "reading": {url: reading[url] for url in [*urls, "recherche"]},
    }


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        assert "Traceback" not in self.stdout + self.stderr
        return self.stdout + self.stderr


def ctrl_c_as_in_a_terminal() -> None:
    """``preexec_fn`` of a process a test interrupts: Ctrl-C at its default and not blocked, as a
    terminal starts a command, whatever the test process was left with (a plugin's handler, a mask)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def run_releve(*args: str) -> Result:
    """``releve ARGS…`` in process (its ``main()``), with « today » fixed and no terminal on stdin."""
    from releve import cli

    stdout, stderr = io.StringIO(), io.StringIO()
    previous = os.environ.get("RELEVE_AUJOURDHUI")
    os.environ["RELEVE_AUJOURDHUI"] = TODAY
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), open(os.devnull) as stdin:
            saved, sys.stdin = sys.stdin, stdin
            try:
                code = cli.main(list(args))
            except SystemExit as exit:  # argparse: --aide, or an argument error
                code = exit.code if isinstance(exit.code, int) else 1
            finally:
                sys.stdin = saved
    finally:
        if previous is None:
            os.environ.pop("RELEVE_AUJOURDHUI")
        else:
            os.environ["RELEVE_AUJOURDHUI"] = previous
    return Result(code, stdout.getvalue(), stderr.getvalue())


def cost(work, argument, minimum: float = 0.02) -> float:
    """CPU seconds of one ``work(argument)`` (``time.process_time``, which other processes do not
    slow): the best of three rounds, each repeating the call until it lasts ``minimum`` seconds, so
    that a fast step is not lost in the timer's noise."""
    rounds = []
    for _ in range(3):
        calls, started = 0, time.process_time()
        while True:
            work(argument)
            calls += 1
            if (spent := time.process_time() - started) >= minimum:
                break
        rounds.append(spent / calls)
    return min(rounds)


def ratio(work, small, large) -> float:
    """How much longer ``work`` takes on ``large`` than on ``small``: what a bounded-work test
    compares to the scale of its input, never an absolute time."""
    return cost(work, large) / cost(work, small)


def pdf(
    *pages: str, catalog: str = "", page: str = "", objects: tuple[str, ...] = (), drawn: bool = False, resources: str = ""
) -> bytes:
    """A real PDF written here, byte by byte: one page per text of ``pages`` (its lines in
    Helvetica, ``/F1``; with ``drawn``, the text is the page's operators themselves), the catalog's
    and each page's dictionary completed by ``catalog`` and ``page``, its resources by ``resources``
    (« /XObject << … >> »), and ``objects`` numbered from ``len(pages) * 2 + 4`` (``pdf_object``).
    pypdf reads it as a viewer does."""
    kids = " ".join(f"{4 + 2 * index} 0 R" for index in range(len(pages)))
    bodies = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog} >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, text in enumerate(pages):
        shown = " ".join(f"({line}) Tj T*" for line in text.split("\n"))
        stream = text if drawn else f"BT /F1 12 Tf 14 TL 72 720 Td {shown} ET"
        bodies.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> {resources} >> "
            f"/Contents {5 + 2 * index} 0 R {page} >>"
        )
        bodies.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
    bodies += objects
    written = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(written))
        written += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    table = len(written)
    written += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode() + b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    return written + f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n".encode()


def pdf_object(pages: int, index: int = 0) -> str:
    """The reference to the ``index``-th of the ``objects`` of a ``pdf`` of ``pages`` pages."""
    return f"{pages * 2 + 4 + index} 0 R"
