"""Mesure la construction du site sur des projets de 1 000 et 5 000 comptes rendus, en rapports à MkDocs seul.

    python scripts/benchmark.py [--tailles 1000,5000] [--corpus reel,synthetique] [--graine 42] [--sortie BENCHMARK.md]

Deux corpus (scripts/generer_corpus.py) : « cloné », les vrais comptes rendus du site d'exemple
recopiés (beaucoup de parties générées, peu de texte : la forme du vrai contenu), et
« synthétique » (de longs textes). Pour chaque corpus et chaque taille, chaque construction dans
un nouveau processus, l'une après l'autre :
(a) MkDocs + Material seuls, sur les mêmes textes de comptes rendus en pages Markdown simples
    avec un petit menu fixe : le plancher que paie tout site MkDocs ;
(b) le site Relevé (`mkdocs build --strict`), et à 1 000 une fois de plus confiné à un seul cœur ;
(a) et (b) trois fois chacune, en alternance, chacune à partir de rien : les médianes ;
(c) Zensical 0.0.73, s'il est installé, en pair (à 1 000 par défaut, --zensical) : sur les mêmes
    pages simples que (a), et sur l'arbre que Relevé génère pour lui (`releve generer DOSSIER --construire`).
Puis la vérification seule du contenu (sans rendu, trois fois : la médiane) et, à 1 000 et 5 000, les octets qu'un
téléphone télécharge pour une recherche (Chromium, cache vide). Enfin, l'aperçu (`make site`) sur
300 comptes rendus : le délai entre l'enregistrement d'un compte rendu et la page servie à jour.
Les projets sont écrits et construits en mémoire (`/dev/shm`, sauf `--sur-disque`). La charge de la
machine (`uptime`) est relevée avant et après. Les mesures sont écrites dans
BENCHMARK.md, entre deux marqueurs : le reste du fichier (l'analyse) est conservé.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(REPO / "tests"))  # browser.py: the local server and Chromium of the browser tests

from browser import CHROMIUM_ARGS, chromium_path, free_port, serve  # noqa: E402
from generer_corpus import clone, generate  # noqa: E402
from releve import finish  # noqa: E402
from releve.sources import load_markdown_file  # noqa: E402
from releve.catalogue import source_paths  # noqa: E402

TODAY = "2025-06-01"
"""A fixed « today » so that both runs of a size build the same pages."""
START_MARK = "<!-- début des mesures (écrit par scripts/benchmark.py) -->"
END_MARK = "<!-- fin des mesures -->"
ITEM_PAGE = re.compile(r"^(comptes-rendus/\d{4}-\d{2}-\d{2}-[^/]+|projets/projet-\d+-[^/]+|annuaire/structure-\d+)/index\.html$")
"""Pages of one meeting, fiche or structure of the synthetic corpus; every other page is an index."""
ACTION_LINK = re.compile(r"\[([^\]]*)\]\(\.\./actions/[^)]*\)")
ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
TAG = re.compile(r"<[^>]+>")
KB, MB = 1024, 1024 * 1024
SEARCH_SIZES = (1000, 5000)
SEARCH_QUERY = "parentalite"
"""A word of the corpus' vocabulary, typed without its accent (« parentalité »): it matches many
pages, so the browser fetches as many index chunks and result fragments as a search ever does."""
BUILD_PAIRS = 3
"""The two builds compared in a ratio are made this many times, in turn (MkDocs alone, Relevé, MkDocs
alone…): on this shared machine, the same build moves by a fifth from one minute to the next, and
one pair could not tell two states of the engine apart. The figures are the medians."""
VALIDATION_RUNS = 3
"""Validation alone lasts a few seconds, which this shared machine's hiccups move by a fifth from one
run to the next: it is measured three times, and the median is the figure."""
ONE_CORE_SIZES = (1000,)
"""Where Relevé is also built on one core: its work per page, without what two busy cores cost each other."""
MEMORY_NEEDED = 4 * 1024 * MB
"""Room the projects need in memory: about 1.3 GB at 5,000 minutes (sites, Zensical's trees), and some to spare."""
PREVIEW_SIZE = 300
PREVIEW_EDITS = 5
CORPORA = {"reel": ("cloné", clone), "synthetique": ("synthétique", generate)}
"""Each corpus: its name in the report, the function that writes it."""
ZENSICAL = "0.0.73"
"""The Zensical release measured as a peer (the last that installs without zensical-ui)."""

PLAIN_CONFIG = """\
site_name: Plancher MkDocs
docs_dir: docs
site_dir: site
use_directory_urls: true
theme:
  name: material
  language: fr
  font: false
plugins:
  - search:
      lang: fr
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
validation:
  nav:
    omitted_files: info
nav:
  - Accueil: index.md
  - Comptes rendus: comptes-rendus/index.md
"""

VALIDATE_ONLY = """\
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from releve import pipeline
pipeline.load(Path(sys.argv[2]))
"""

CHECK_COMMAND = """\
import sys
sys.path.insert(0, sys.argv[1])
from releve import cli
sys.exit(cli.main(["verifier", "--site", sys.argv[2]]))
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    """Wall-clock time."""
    cpu_seconds: float
    """User + system CPU time of the child: what the ratios use, as other work on the machine
    inflates wall time but hardly CPU time."""
    peak_rss: int
    """Bytes: the child's ``ru_maxrss``, read with ``os.wait4`` so that each run is measured alone."""


def median_run(runs: list[Run]) -> Run:
    """Each figure's median over ``runs`` (the largest memory)."""
    return Run(statistics.median(r.seconds for r in runs), statistics.median(r.cpu_seconds for r in runs), max(r.peak_rss for r in runs))


@dataclass(frozen=True)
class SiteStats:
    pages: int
    total_bytes: int
    mean_page: float
    largest_page: tuple[int, str]
    largest_index: tuple[int, str]
    search_index: int
    indexed_text: int


@dataclass(frozen=True)
class SearchCost:
    requests: int
    gzip_bytes: int
    """Every response from opening the home page to the results of one query, each body gzipped
    (level 6, as static hosts serve text); Pagefind's own compressed files count at their gzip size too."""
    pagefind_bytes: int
    """The part of ``gzip_bytes`` under ``pagefind/``."""
    results: int


@dataclass(frozen=True)
class Measure:
    corpus: str
    size: int
    plain: Run
    plain_site: SiteStats
    ours: Run
    ours_site: SiteStats
    pair_ratios: tuple[tuple[float, float], ...]
    """Relevé over MkDocs alone in each pair of builds: wall-clock time, CPU time per page."""
    validation: Run
    """Every file checked and the site linked, as a build does before rendering (nothing kept from
    before): the medians of ``VALIDATION_RUNS`` runs."""
    validation_seconds: tuple[float, ...]
    """The wall-clock time of each of those runs, from the shortest."""
    search: SearchCost | None
    zensical_plain: tuple[Run, int] | None = None
    """Zensical on the plain pages of (a): its run and the HTML pages it wrote."""
    zensical_tree: tuple[Run, int] | None = None
    """``releve generer --construire``: Relevé's tree built by Zensical and finished by Relevé."""
    check_again: Run | None = None
    """``releve verifier`` after the build, no file changed: the files as the build checked them, from the project's cache."""
    one_core: Run | None = None
    """The same build with its processes (Pagefind's too) confined to one core."""

    @property
    def label(self) -> str:
        return f"{number(self.size)} ({CORPORA[self.corpus][0]})"

    def wall_ratio(self) -> float:
        """The median of the pairs' (each pair's builds ran one after the other: the machine's drift cancels)."""
        return statistics.median(wall for wall, _ in self.pair_ratios)

    def cpu_ratio(self) -> float:
        """CPU time per page of Relevé over plain MkDocs', the median of the pairs'."""
        return statistics.median(cpu for _, cpu in self.pair_ratios)


def run(command: list[str], cwd: Path, one_core: bool = False) -> Run:
    """Run ``command`` in a fresh process (``one_core``: it and its children on one core only);
    fail loudly with its output if it fails."""
    # No PDF: WeasyPrint takes 0.3 to 1 s of CPU per document, which a site's CI makes once and then keeps
    # in its cache (pdf.py); the push-to-page measure counts them with a warm cache.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": TODAY, "RELEVE_PDF": "non"}
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, preexec_fn=_on_one_core if one_core else None)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            output.seek(0)
            sys.exit(f"échec de « {' '.join(command)} » dans {cwd} :\n{output.read().decode(errors='replace')}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * KB)


def _on_one_core() -> None:
    """In the child, before it starts: the engine then counts one core and shares nothing out."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def one_core_possible() -> bool:
    return hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 1


def build(project: Path, one_core: bool = False) -> Run:
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], project, one_core)


def zensical_installed() -> bool:
    try:
        return metadata.version("zensical") == ZENSICAL
    except metadata.PackageNotFoundError:
        return False


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def zensical_plain(plain: Path) -> tuple[Run, int]:
    """Zensical on the plain project, once MkDocs' site has been measured (it writes the same folder)."""
    shutil.rmtree(plain / "site")
    measured = run([sys.executable, "-m", "zensical", "build", "--strict"], plain)
    return measured, html_pages(plain / "site")


def zensical_tree(corpus: Path, target: Path) -> tuple[Run, int]:
    """The whole Relevé site as Zensical builds it: the engine writes the tree, Zensical converts it
    through the engine's extension, the engine's finish pass completes it."""
    releve = Path(sys.executable).with_name("releve")
    measured = run([str(releve), "generer", str(target), "--construire"], corpus)
    return measured, html_pages(target / "site")


def work_folder(on_disk: bool) -> Path | None:
    """Where the projects are written and built: in memory (tmpfs) where there is room, unless
    ``on_disk`` or ``TMPDIR`` says where (None: the system's temporary folder). On this machine's disk
    (ext4 without a journal), creating a file cost up to a millisecond of system time for minutes
    after files were deleted nearby (the allocator skips recently freed inodes, reading the table
    block of each): a cost that depended on what the previous minutes deleted, not on the engines,
    and grew with the files a build writes; a file system with a journal (the CI runners') does not
    look at them."""
    return None if on_disk else finish.in_memory(MEMORY_NEEDED)


def load() -> str:
    """The machine's load as ``uptime`` prints it: other work on a shared machine slows the wall clock."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "charge : " + " ; ".join(number(x, 2) for x in os.getloadavg())


def validate_only(project: Path) -> list[Run]:
    """``VALIDATION_RUNS`` runs of the validation alone."""
    command = [sys.executable, "-c", VALIDATE_ONLY, str(REPO / "hooks"), str(project)]
    return [run(command, project) for _ in range(VALIDATION_RUNS)]


def check_again(project: Path) -> Run:
    """``releve verifier`` on a project built just before: what a coordinator's check costs when
    few files changed since the last build (``project_cache``)."""
    return run([sys.executable, "-c", CHECK_COMMAND, str(REPO / "hooks"), str(project)], project)


def plain_project(corpus: Path, target: Path) -> None:
    """The published minutes' bodies as plain pages (links to fiches become text: no fiche pages here)."""
    docs = target / "docs" / "comptes-rendus"
    docs.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    (target / "docs" / "index.md").write_text("# Plancher MkDocs\n\nLes comptes rendus en pages simples.\n", encoding="utf-8")
    (docs / "index.md").write_text("# Comptes rendus\n", encoding="utf-8")
    for path in source_paths(corpus)[0]:
        doc = load_markdown_file(corpus, path)
        if doc.data.get("brouillon"):
            continue
        body = ACTION_LINK.sub(r"\1", doc.body)
        (docs / Path(path).name).write_text(f"# {doc.data['titre']}\n\n{body}", encoding="utf-8")


def site_stats(site: Path) -> SiteStats:
    pages = sorted(site.rglob("*.html"))
    sizes = {page.relative_to(site).as_posix(): page.stat().st_size for page in pages}
    indexes = {path: size for path, size in sizes.items() if not ITEM_PAGE.match(path)}
    text = 0
    for page in pages:
        for article in ARTICLE.findall(page.read_text(encoding="utf-8")):
            text += len(" ".join(html.unescape(TAG.sub(" ", article)).split()).encode())
    return SiteStats(
        pages=len(pages),
        total_bytes=sum(f.stat().st_size for f in site.rglob("*") if f.is_file()),
        mean_page=sum(sizes.values()) / len(sizes),
        largest_page=max((size, path) for path, size in sizes.items()),
        largest_index=max((size, path) for path, size in indexes.items()),
        search_index=search_index_size(site),
        indexed_text=text,
    )


def search_index_size(site: Path) -> int:
    """Bytes of the search index a visitor could download: Material's lunr file, or every file of
    Pagefind's index (its chunks, fetched a few per query, and its fragments, one per result)."""
    lunr = site / "search" / "search_index.json"
    if lunr.is_file():
        return lunr.stat().st_size
    return sum(f.stat().st_size for folder in ("index", "fragment") for f in (site / "pagefind" / folder).glob("*"))


def search_cost(site: Path) -> SearchCost | None:
    """Open the home page in a fresh Chromium (empty cache), search ``SEARCH_QUERY``, count the bytes."""
    chromium = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if chromium is None:
        print("  Chromium ou Playwright absent : octets d'une recherche non mesurés", flush=True)
        return None
    responses: list[tuple[str, int]] = []

    def count(response) -> None:
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        responses.append((response.url, len(gzip.compress(body, compresslevel=6))))

    with serve(site) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context().new_page()
            page.on("response", count)
            page.goto(origin + "/", wait_until="networkidle")
            page.keyboard.press("Control+k")
            page.locator(".releve-recherche__dialogue input[type=search]").fill(SEARCH_QUERY)
            page.wait_for_selector(".releve-recherche__resultats a[href]", timeout=30_000)
            page.wait_for_load_state("networkidle")
            results = page.locator(".releve-recherche__resultats li").count()
        finally:
            browser.close()
    bundle = f"{origin}/pagefind/"
    return SearchCost(
        requests=len(responses),
        gzip_bytes=sum(size for _, size in responses),
        pagefind_bytes=sum(size for url, size in responses if url.startswith(bundle)),
        results=results,
    )


def fetch_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float, step: float = 0.02) -> float | None:
    """Poll ``predicate`` until true; the seconds it took, or None after ``seconds``."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        try:
            if predicate():
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(step)
    return None


@dataclass(frozen=True)
class PreviewRun:
    first_build: float
    latencies: tuple[float, ...]
    """Seconds from saving one meeting's body to the served page showing the change, per edit."""


def preview_latency(workdir: Path, seed: int) -> PreviewRun:
    """`make site`'s command (``mkdocs serve --strict --dirty``) on ``PREVIEW_SIZE`` minutes; edit one meeting's body ``PREVIEW_EDITS`` times."""
    project = workdir / f"apercu-{PREVIEW_SIZE}"
    generate(PREVIEW_SIZE, project, seed)
    minutes = sorted(path for path in (project / "minutes").glob("*.md") if "brouillon: true" not in path.read_text(encoding="utf-8"))
    source = minutes[len(minutes) // 2]
    port = free_port()
    url = f"http://127.0.0.1:{port}/comptes-rendus/{source.stem}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": TODAY}
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    with tempfile.TemporaryFile() as output:
        server = subprocess.Popen(command, cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            first = wait_for(lambda: "</html>" in fetch_text(url), 600, step=0.2)
            if first is None:
                output.seek(0)
                sys.exit(f"l'aperçu n'a jamais servi {url} :\n{output.read().decode(errors='replace')}")
            latencies = []
            for edit in range(PREVIEW_EDITS):
                marker = f"Modification {edit} de l'aperçu"
                text = source.read_text(encoding="utf-8")
                source.write_text(text.rstrip("\n") + f"\n\n{marker}.\n", encoding="utf-8")
                took = wait_for(lambda: marker in fetch_text(url), 120)
                if took is None:
                    output.seek(0)
                    sys.exit(f"l'aperçu n'a pas montré la modification {edit} :\n{output.read().decode(errors='replace')[-3000:]}")
                latencies.append(took)
                time.sleep(1)  # let the rebuild settle before the next save
        finally:
            server.terminate()
            server.wait(timeout=30)
    return PreviewRun(first, tuple(latencies))


def measure(kind: str, size: int, seed: int, workdir: Path, zensical: bool, search: bool) -> Measure:
    corpus, plain = workdir / f"releve-{kind}-{size}", workdir / f"mkdocs-{kind}-{size}"
    CORPORA[kind][1](size, corpus, seed)
    plain_project(corpus, plain)
    step = f"{size} comptes rendus ({CORPORA[kind][0]})"
    plain_runs, ours_runs = [], []
    for pair in range(1, BUILD_PAIRS + 1):
        # Each build from nothing, as the first: no site to replace, every file checked.
        for folder in (plain / "site", corpus / "site", corpus / ".cache"):
            shutil.rmtree(folder, ignore_errors=True)
        print(f"{step} : construction MkDocs seul ({pair}/{BUILD_PAIRS})…", flush=True)
        plain_runs.append(build(plain))
        print(f"{step} : construction Relevé ({pair}/{BUILD_PAIRS})…", flush=True)
        ours_runs.append(build(corpus))
    plain_run, ours_run = median_run(plain_runs), median_run(ours_runs)
    plain_site, ours_site = site_stats(plain / "site"), site_stats(corpus / "site")
    pair_ratios = tuple((o.seconds / p.seconds, per_page(o, ours_site) / per_page(p, plain_site)) for p, o in zip(plain_runs, ours_runs))
    print(f"{step} : vérification seule…", flush=True)
    validations = validate_only(corpus)
    print(f"{step} : vérification d'un projet déjà construit…", flush=True)
    checked = check_again(corpus)
    single = None
    if size in ONE_CORE_SIZES and one_core_possible():
        print(f"{step} : construction Relevé sur un seul cœur…", flush=True)
        shutil.rmtree(corpus / ".cache", ignore_errors=True)  # every file checked, as by the build measured above
        single = build(corpus, one_core=True)
    cost = None
    if search and size in SEARCH_SIZES:
        print(f"{step} : une recherche dans Chromium…", flush=True)
        cost = search_cost(corpus / "site")
    peer_plain = peer_tree = None
    if zensical:
        print(f"{step} : Zensical {ZENSICAL}, pages simples puis arbre de Relevé…", flush=True)
        peer_plain = zensical_plain(plain)
        shutil.rmtree(corpus / ".cache", ignore_errors=True)  # every file checked, as by the MkDocs build measured
        peer_tree = zensical_tree(corpus, workdir / f"arbre-{kind}-{size}")
    seconds = tuple(sorted(measured.seconds for measured in validations))
    return Measure(kind, size, plain_run, plain_site, ours_run, ours_site, pair_ratios, median_run(validations), seconds, cost, peer_plain, peer_tree, checked, single)


# --- The report -------------------------------------------------------------------------------


def number(value: float, decimals: int = 0) -> str:
    """French number formatting: thin spaces between thousands, a decimal comma."""
    return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def size_text(value: float) -> str:
    return f"{number(value / MB, 1)} Mo" if value >= MB else f"{number(value / KB, 1)} Ko"


def per_page(run_: Run, stats: SiteStats) -> float:
    return run_.cpu_seconds / stats.pages


def machine() -> list[str]:
    cpu, memory = platform.processor() or "inconnu", "inconnue"
    if Path("/proc/cpuinfo").exists():
        names = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")]
        cpu = names[0] if names else cpu
    if Path("/proc/meminfo").exists():
        kilobytes = int(Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1])
        memory = f"{number(kilobytes / MB, 1)} Gio"
    return [
        f"- Processeur : {cpu}, {os.cpu_count()} cœurs ; mémoire : {memory}",
        f"- Système : {platform.system()} {platform.release()} ; Python {platform.python_version()}",
        f"- MkDocs {metadata.version('mkdocs')}, Material for MkDocs {metadata.version('mkdocs-material')}, PyYAML {metadata.version('PyYAML')}",
    ]


def results_table(measures: list[Measure]) -> list[str]:
    rows = [
        "| Comptes rendus (corpus) | Construction | Temps CPU | Temps réel | Mémoire max | Pages | Temps par page | Taille de site/ "
        "| Page moyenne | Plus grande page | Plus grand index | Index de recherche | Texte indexé |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measures:
        for label, run_, stats in (("MkDocs seul", m.plain, m.plain_site), ("Relevé", m.ours, m.ours_site)):
            rows.append(
                f"| {m.label} | {label} | {number(run_.cpu_seconds, 1)} s | {number(run_.seconds, 1)} s | {size_text(run_.peak_rss)} | {number(stats.pages)} "
                f"| {number(per_page(run_, stats) * 1000, 1)} ms | {size_text(stats.total_bytes)} | {size_text(stats.mean_page)} "
                f"| {size_text(stats.largest_page[0])} (`{stats.largest_page[1]}`) "
                f"| {size_text(stats.largest_index[0])} (`{stats.largest_index[1]}`) "
                f"| {size_text(stats.search_index)} | {size_text(stats.indexed_text)} |"
            )
    rows += [
        "",
        f"| Comptes rendus (corpus) | Vérification seule (sans rendu), tout vérifié, médiane de {VALIDATION_RUNS} exécutions : temps CPU | Temps réel (chaque exécution) | Mémoire max "
        "| `releve verifier` après la construction, aucun fichier modifié : temps CPU | Temps réel |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    rows += [
        f"| {m.label} | {number(m.validation.cpu_seconds, 2)} s | {number(m.validation.seconds, 2)} s ({' ; '.join(number(seconds, 2) for seconds in m.validation_seconds)}) | {size_text(m.validation.peak_rss)} "
        + (f"| {number(m.check_again.cpu_seconds, 2)} s | {number(m.check_again.seconds, 2)} s |" if m.check_again else "| non mesuré | non mesuré |")
        for m in measures
    ]
    return rows


def ratios_table(measures: list[Measure]) -> list[str]:
    """Every build against plain MkDocs on the same Markdown, in the same run."""

    def peer(m: Measure, measured: tuple[Run, int] | None) -> str:
        if measured is None:
            return "non mesuré"
        run_, pages = measured
        return (
            f"{number(run_.seconds, 1)} s réel ({number(run_.seconds / m.plain.seconds, 2)} ×), "
            f"{number(run_.cpu_seconds / pages * 1000, 1)} ms CPU par page ({number(run_.cpu_seconds / pages / per_page(m.plain, m.plain_site), 2)} ×), "
            f"{number(pages)} pages"
        )

    rows = [
        f"| Comptes rendus (corpus) | Relevé / MkDocs seul : temps réel, médianes de {BUILD_PAIRS} constructions (chaque paire) "
        "| Relevé / MkDocs seul : temps CPU par page, médianes (chaque paire) "
        "| Relevé sur un seul cœur, mêmes pages que Relevé "
        f"| Zensical {ZENSICAL} seul, mêmes pages que MkDocs seul | Relevé sur Zensical {ZENSICAL} (`releve generer --construire`) |",
        "|---:|---:|---:|---|---|---|",
    ]
    rows += [
        f"| {m.label} | {number(m.wall_ratio(), 2)} × ({' ; '.join(number(wall, 2) for wall, _ in m.pair_ratios)}) "
        f"| {number(m.cpu_ratio(), 2)} × ({' ; '.join(number(cpu, 2) for _, cpu in m.pair_ratios)}) "
        f"| {peer(m, m.one_core and (m.one_core, m.ours_site.pages))} | {peer(m, m.zensical_plain)} | {peer(m, m.zensical_tree)} |"
        for m in measures
    ]
    return rows


def search_table(measures: list[Measure]) -> list[str]:
    rows = [
        f"| Comptes rendus (corpus) | Une recherche (« {SEARCH_QUERY} ») depuis l'accueil, cache vide : requêtes | Octets transférés (gzip) | dont Pagefind | Résultats affichés |",
        "|---:|---:|---:|---:|---:|",
    ]
    rows += [
        f"| {m.label} | {m.search.requests} | {size_text(m.search.gzip_bytes)} | {size_text(m.search.pagefind_bytes)} | {m.search.results} |"
        for m in measures
        if m.search
    ]
    return rows


def preview_table(run_: PreviewRun | None) -> list[str]:
    if run_ is None:
        return []
    return [
        f"Aperçu (`make site`, soit `mkdocs serve --strict --dirty`) sur {PREVIEW_SIZE} comptes rendus : première construction "
        f"{number(run_.first_build, 1)} s ; après l'enregistrement du corps d'un compte rendu, page servie à jour en "
        + " ; ".join(f"{number(x, 2)} s" for x in run_.latencies)
        + f" (médiane {number(statistics.median(run_.latencies), 2)} s, {len(run_.latencies)} modifications).",
    ]


def targets(measures: list[Measure], preview: PreviewRun | None = None) -> list[str]:
    """Each target of the issue, with the value measured in this run (or « non mesuré »)."""
    rows = ["| Objectif | Mesure | Atteint |", "|---|---:|:---:|"]

    def row(goal: str, value: str | None, ok: bool | None) -> None:
        verdict = "non mesuré" if ok is None else ("oui" if ok else "**non**")
        rows.append(f"| {goal} | {value or '—'} | {verdict} |")

    for m in measures:
        row(f"Temps réel ≤ 1,0 × MkDocs seul à {m.label}", f"{number(m.wall_ratio(), 2)} ×", m.wall_ratio() <= 1.0)
        row(f"Temps CPU par page ≤ 1,25 × MkDocs seul à {m.label}", f"{number(m.cpu_ratio(), 2)} ×", m.cpu_ratio() <= 1.25)
    for kind, (name, _) in CORPORA.items():
        by_size = {m.size: m for m in measures if m.corpus == kind}
        small, large = by_size.get(1000), by_size.get(5000)
        if not (small and large):
            continue
        for label, pick in (("construction", lambda m: m.ours), ("vérification", lambda m: m.validation)):
            growth = pick(large).cpu_seconds / pick(small).cpu_seconds
            row(f"Croissance linéaire de la {label} ({name}) : temps(5 000) / temps(1 000) ≤ 5,5", number(growth, 2), growth <= 5.5)
    worst_mean = max(m.ours_site.mean_page for m in measures)
    row("Page moyenne ≤ 60 Ko (toutes tailles)", size_text(worst_mean), worst_mean <= 60 * KB)
    worst_index = max(m.ours_site.largest_index for m in measures)
    row("Plus grand index ≤ 500 Ko", f"{size_text(worst_index[0])} (`{worst_index[1]}`)", worst_index[0] <= 500 * KB)
    worst_search = max(m.ours_site.search_index / m.ours_site.indexed_text for m in measures)
    row("Index de recherche ≤ 1,5 × le texte indexé", f"{number(worst_search, 2)} ×", worst_search <= 1.5)
    for m in (m for m in measures if m.size == 5000):
        row(f"Vérification de {m.label} ≤ 3 s (temps réel, médiane de {VALIDATION_RUNS} exécutions), tout vérifié", f"{number(m.validation.seconds, 2)} s", m.validation.seconds <= 3)
        if m.check_again:
            again = m.check_again.seconds
            row(f"Vérification de {m.label} ≤ 3 s (temps réel), `releve verifier` après une construction", f"{number(again, 2)} s", again <= 3)
        row(f"Mémoire max de la construction ≤ 1,5 Go à {m.label}", size_text(m.ours.peak_rss), m.ours.peak_rss <= 1.5 * 1024 * MB)
    for m in (m for m in measures if m.search):
        row(f"Une recherche sur téléphone ≤ 300 Ko transférés (gzip) à {m.label}", size_text(m.search.gzip_bytes), m.search.gzip_bytes <= 300 * KB)
    latency = preview and statistics.median(preview.latencies)
    row(f"Aperçu : page à jour ≤ 1 s après l'enregistrement ({PREVIEW_SIZE} comptes rendus, médiane)", latency and f"{number(latency, 2)} s", None if latency is None else latency <= 1)
    return rows


def report(measures: list[Measure], seed: int, started: dt.datetime, loads: tuple[str, str], command: str, folder: Path, preview: PreviewRun | None = None) -> str:
    zensical = any(m.zensical_plain for m in measures)
    in_memory = folder.is_relative_to(finish.IN_MEMORY)
    lines = [
        START_MARK,
        f"Mesures du {started:%Y-%m-%d %H:%M} (UTC), graine {seed} : `{command}` (`make benchmark` : 1 000 et 5 000 comptes rendus, "
        "les deux corpus, Zensical à 1 000).",
        "",
        *machine(),
        f"- Zensical {ZENSICAL} : " + (f"mesuré à {', '.join(m.label for m in measures if m.zensical_plain)}" if zensical else f"non mesuré (non installé : « pip install zensical=={ZENSICAL} », ou --zensical non)"),
        f"- Charge de la machine (`uptime`) au début : `{loads[0]}` ; à la fin : `{loads[1]}`",
        f"- Projets écrits et construits {'en mémoire' if in_memory else 'sur le disque'} (`{folder.parent}`)"
        + (" : le système de fichiers du disque de cette machine fait payer la création d'un fichier selon ce qui a été effacé dans les minutes d'avant (`--sur-disque` : y mesurer quand même)" if in_memory else ""),
        "",
        "Chaque construction est lancée seule dans un nouveau processus (`mkdocs build --strict`), l'une après l'autre. "
        f"MkDocs seul et Relevé sont construits {BUILD_PAIRS} fois chacun, en alternance, chaque fois à partir de rien : "
        "leurs temps sont les médianes ; un rapport est la médiane de ceux des paires, chacun entre parenthèses. "
        "« Temps réel » : de son lancement à sa fin. « Temps CPU » : utilisateur + système, du processus et des processus "
        "qu'il a lancés (les cœurs de la conversion en parallèle, Pagefind), que le reste de l'activité de la machine "
        "fausse bien moins que le temps réel. « Sur un seul cœur » : la même construction de Relevé, ses processus "
        "(Pagefind compris) confinés à un cœur (`sched_setaffinity`) : le travail d'une page sans ce que deux cœurs "
        "occupés à la fois se coûtent l'un à l'autre (mémoire et caches partagés). « Temps par page » : temps CPU / nombre de pages HTML produites. "
        "« Plus grand index » : la plus grande page qui n'est pas celle d'un compte rendu, d'une fiche ou d'une structure. "
        "« Texte indexé » : le texte visible du contenu (`<article>`) de toutes les pages.",
        "",
        *ratios_table(measures),
        "",
        *results_table(measures),
        "",
        "« Index de recherche » : pour Relevé, tous les fichiers de l'index de Pagefind (`pagefind/index/` et "
        "`pagefind/fragment/`), dont le navigateur ne charge que quelques-uns par recherche ; pour MkDocs seul, le "
        "fichier unique de lunr (`search/search_index.json`) que chaque visiteur télécharge en entier. "
        "Octets d'une recherche : Chromium (Playwright), nouveau contexte sans cache, toutes les réponses depuis "
        "l'ouverture de l'accueil jusqu'aux résultats (thème, scripts, index, extraits), chaque corps compressé "
        "en gzip (niveau 6) comme le sert un hébergeur statique.",
        "",
        *search_table(measures),
        "",
        *preview_table(preview),
        "",
        "### Objectifs",
        "",
        *targets(measures, preview),
        END_MARK,
    ]
    return "\n".join(lines) + "\n"


def write_report(path: Path, measures_text: str) -> None:
    """Replace the measures between the markers, keeping the hand-written analysis around them."""
    if path.exists():
        current = path.read_text(encoding="utf-8")
        if START_MARK in current and END_MARK in current:
            before, rest = current.split(START_MARK, 1)
            after = rest.split(END_MARK, 1)[1]
            path.write_text(before + measures_text.rstrip("\n") + after, encoding="utf-8")
            return
    path.write_text("# Mesures de performance\n\n" + measures_text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure la construction du site, en rapports à MkDocs seul.")
    parser.add_argument("--tailles", default="1000,5000", help="nombres de comptes rendus, séparés par des virgules (1000,5000 par défaut)")
    parser.add_argument("--corpus", default="reel,synthetique", help="corpus mesurés : reel (cloné des vrais comptes rendus), synthetique, ou les deux")
    parser.add_argument("--graine", type=int, default=42, help="graine du projet synthétique (42 par défaut)")
    parser.add_argument("--zensical", default="1000", help=f"tailles où Zensical {ZENSICAL} est mesuré (1000 par défaut ; « non » : nulle part)")
    parser.add_argument("--sans-apercu", action="store_true", help="ne pas mesurer l'aperçu (make site)")
    parser.add_argument("--sortie", type=Path, default=REPO / "BENCHMARK.md", help="fichier du tableau (BENCHMARK.md)")
    parser.add_argument("--sur-disque", action="store_true", help="écrire les projets dans le dossier temporaire du système plutôt qu'en mémoire (/dev/shm)")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(size) for size in args.tailles.split(",")})
    except ValueError:
        parser.error(f"--tailles « {args.tailles} » : attendu des nombres séparés par des virgules, par exemple 100,1000")
    kinds = [kind.strip() for kind in args.corpus.split(",")]
    if unknown := [kind for kind in kinds if kind not in CORPORA]:
        parser.error(f"--corpus « {', '.join(unknown)} » inconnu : attendu {' ou '.join(CORPORA)}")
    zensical_sizes = set() if args.zensical == "non" else {int(size) for size in args.zensical.split(",") if size.strip().isdigit()}
    if zensical_sizes and not zensical_installed():
        print(f"Zensical {ZENSICAL} n'est pas installé (« pip install zensical=={ZENSICAL} ») : il n'est pas mesuré.", flush=True)
        zensical_sizes = set()
    command = "python scripts/benchmark.py " + " ".join(argv if argv is not None else sys.argv[1:])
    started = dt.datetime.now(dt.timezone.utc)
    first_load = load()
    with tempfile.TemporaryDirectory(prefix="releve-benchmark-", dir=work_folder(args.sur_disque)) as workdir:
        # Sizes first, then corpora: the two builds compared in a ratio run one right after the other.
        measures = [measure(kind, size, args.graine, Path(workdir), size in zensical_sizes, search=kind == kinds[0]) for size in sizes for kind in kinds]
        preview = None
        if not args.sans_apercu:
            print(f"{PREVIEW_SIZE} comptes rendus : aperçu, {PREVIEW_EDITS} modifications…", flush=True)
            preview = preview_latency(Path(workdir), args.graine)
    write_report(args.sortie, report(measures, args.graine, started, (first_load, load()), command.strip(), Path(workdir), preview))
    print(f"Mesures écrites dans {args.sortie}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
