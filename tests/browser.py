"""A built site served on 127.0.0.1 and the system Chromium driven by Playwright.

Only the Debian ``chromium`` (or a Chrome already on the machine) is used: nothing is downloaded.
Tests that need a browser skip with a clear reason when there is none.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SKIP_NO_CHROMIUM = "Chromium absent : installez le paquet Debian chromium-headless-shell ou chromium (fait par .ci/run)"
_NON_PAGE_FOLDERS = {"admin", "assets", "pagefind", "stylesheets", "javascripts"}
"""Folders of files, not of site pages (/admin/ is the web form, checked by tests/test_admin_browser.py)."""


def chromium_path() -> str | None:
    """The system browser: ``$CHROMIUM`` if set, else the first one on PATH (CI images differ).
    Chromium's headless shell first, as Playwright itself prefers for headless runs: the same Blink
    without the browser's interface, whose processes took a third of each page load (measured here:
    37 page loads, 9.8 s of processor with ``chromium``, 6.4 s with ``chromium-headless-shell``)."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    """A local port free at the time of asking (for a server started in another process)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


AXE_URL = "/.axe-core/axe.min.js"
"""Where ``serve`` answers with axe-core (no site has such a file: MkDocs publishes no dotted name)."""


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` at the root of a random local port, as a static host would; yield its origin.
    axe-core is served too, at ``AXE_URL``, for ``axe_violations``."""
    from axe_playwright_python.base import AXE_FILE_PATH  # axe-core as the package ships it

    class QuietHandler(SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            return str(AXE_FILE_PATH) if path == AXE_URL else super().translate_path(path)

        def log_message(self, *args) -> None:
            pass

    class QuietServer(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address) -> None:
            # The browser drops requests it no longer needs when a test moves to the next page.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def chromium() -> Iterator:
    """A headless Chromium (Playwright ``Browser``), or a skip when the machine has none."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(SKIP_NO_CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright absent : installez les dépendances de test (make test le fait)")
    # Every request to another site goes through a proxy that refuses connections: a local port
    # bound and never listened on, held while the browser runs (the site's own 127.0.0.1 requests
    # bypass any proxy). Blocked in the network stack, not intercepted one by one by Playwright,
    # whose routing costs about a quarter of a page's load (open_page records them instead).
    with socket.socket() as refusing, sync_playwright() as playwright:
        refusing.bind(("127.0.0.1", 0))
        proxy = f"--proxy-server=http://127.0.0.1:{refusing.getsockname()[1]}"
        browser = playwright.chromium.launch(executable_path=executable, args=[*CHROMIUM_ARGS, proxy])
        try:
            yield browser
        finally:
            browser.close()


def page_url(site: Path, html_file: Path) -> str:
    """The URL path of a built HTML file (``projets/x/index.html`` → ``/projets/x/``)."""
    relative = html_file.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def page_types(site: Path) -> list[str]:
    """One URL of each kind of page, found in the built site so new kinds are checked too.

    The home page, then for each top-level folder its index and its first and last sub-pages in
    name order (e.g. a year and a meeting, an axis and a fiche action), then the 404 page.
    """
    found = ["/"]
    for folder in sorted(p for p in site.iterdir() if p.is_dir() and p.name not in _NON_PAGE_FOLDERS):
        if (folder / "index.html").is_file():
            found.append(page_url(site, folder / "index.html"))
        subpages = sorted(p / "index.html" for p in folder.iterdir() if (p / "index.html").is_file())
        for html_file in subpages[:1] + subpages[-1:]:
            if page_url(site, html_file) not in found:
                found.append(page_url(site, html_file))
    if (site / "404.html").is_file():
        found.append("/404.html")
    return found


SEARCH_DIALOG = ".releve-recherche__dialogue"
SEARCH_RESULT_LINKS = ".releve-recherche__resultats a"


def search(page, origin: str, query: str, again: bool = False) -> list[str]:
    """Open the home page, search ``query`` with the keyboard in the header's search and return
    the path of each result shown, best first. ``again``: in the search still open from the last
    call, as a reader who types another query."""
    field = f"{SEARCH_DIALOG} input[type=search]"
    if again:
        page.fill(field, "")
    else:
        page.goto(origin + "/")
        page.focus(".releve-recherche__bouton")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"{field}:focus")
    page.keyboard.type(query)
    # The status names the query once its results are shown (not those of a query typed halfway):
    # every request of the search has started by then.
    page.wait_for_function("query => document.querySelector('.releve-recherche__etat').textContent.includes(`«\u202f${query}\u202f»`)", arg=query, timeout=15_000)
    return page.eval_on_selector_all(SEARCH_RESULT_LINKS, "links => links.map(a => new URL(a.href).pathname)")


@contextmanager
def open_page(browser, origin: str, outside: list[str], **context_options) -> Iterator:
    """A page in a fresh browser context that appends to ``outside`` every request not addressed
    to ``origin`` (fonts, scripts, frames, images, search worker…), which the browser of
    ``chromium()`` cannot complete. Data held in the page itself (``data:``, ``blob:``) is no request."""
    context = browser.new_context(**context_options)

    def record(request) -> None:
        if not request.url.startswith(f"{origin}/") and not request.url.startswith(("data:", "blob:")):
            outside.append(request.url)

    # Recorded as they start (the context's pages and workers), never held until Python answers.
    context.on("request", record)
    try:
        yield context.new_page()
    finally:
        context.close()


READING_SURVEY = r"""
() => {
  const notProse = new Set(["SCRIPT", "STYLE", "PRE", "CODE", "KBD", "SAMP", "TEXTAREA", "NOSCRIPT"]);
  const rendered = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const inProse = (el) => !el.closest("script, style, pre, code, kbd, samp, textarea, noscript");

  // Visible text with an ordinary space where French needs an unbreakable one.
  const breakable = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    const el = node.parentElement;
    if (!el || !inProse(el) || !rendered(el)) continue;
    const pattern = /[ \t\n](?=[:;!?»])|«[ \t\n]/g;
    for (let m; (m = pattern.exec(node.data)); ) breakable.push(node.data.slice(Math.max(0, m.index - 25), m.index + 10));
  }

  // SVG text outside its drawing, its viewBox, a clipping box or the screen.
  const outside = [];
  const within = (r, box) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  for (const text of document.querySelectorAll("svg text")) {
    const r = text.getBoundingClientRect();
    if (!r.width || !rendered(text)) continue;  // hidden on purpose (a label for wide screens only)
    let svg = text.ownerSVGElement;
    while (svg.parentElement && svg.parentElement.closest("svg")) svg = svg.parentElement.closest("svg");
    const name = `${svg.id || svg.getAttribute("class")} « ${text.textContent} »`;
    if (!within(r, svg.getBoundingClientRect())) outside.push(`${name} : hors du dessin`);
    const view = svg.viewBox.baseVal;
    if (view && view.width) {
      const b = text.getBBox();
      if (b.x < view.x - 1 || b.y < view.y - 1 || b.x + b.width > view.x + view.width + 1 || b.y + b.height > view.y + view.height + 1)
        outside.push(`${name} : hors du viewBox`);
    }
    for (let e = svg.parentElement; e && e !== document.documentElement; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.overflowX !== "visible" && !within(r, e.getBoundingClientRect())) outside.push(`${name} : coupé par ${e.className}`);
    }
    if (r.left < -1 || r.right > innerWidth + 1) outside.push(`${name} : hors de l'écran`);
  }

  // A section's permalink (« ¶ », invisible until hovered) wrapped alone to a line under its heading.
  const lonePermalinks = [...document.querySelectorAll(":is(h2, h3, h4, h5, h6) > .headerlink")].filter(rendered).filter((link) => {
    const before = document.createRange();
    before.selectNodeContents(link.parentElement);
    before.setEndBefore(link);
    const lines = before.getClientRects();
    return lines.length > 0 && link.getBoundingClientRect().top >= lines[lines.length - 1].bottom - 1;
  }).map((link) => link.parentElement.textContent.trim());

  // Form controls shown smaller than the 24 px a finger needs (WCAG 2.2, 2.5.8).
  const smallControls = [...document.querySelectorAll("select, input, button, textarea")].filter(rendered).filter((control) => {
    const box = control.getBoundingClientRect();
    return box.width < 24 || box.height < 24;
  }).map((control) => `${control.tagName.toLowerCase()} ${Math.round(control.getBoundingClientRect().height)} px`);

  // The current section: the active tab (desktop) or the active item of the drawer (phone).
  const words = (el) => el.textContent.replace(/\s+/g, " ").trim();
  const tab = [...document.querySelectorAll(".md-tabs__item--active")].filter(rendered).map(words);
  // The page of a tab itself has two links in the drawer, to its table of contents and to itself.
  const drawer = [...new Set([...document.querySelectorAll(".md-nav--primary > .md-nav__list > .md-nav__item--active > .md-nav__link")].map(words))];

  const declaration = [...document.querySelectorAll("footer a")].filter((a) => rendered(a) && a.pathname.endsWith("/accessibilite/")).map((a) => a.textContent.trim());

  const paragraph = [...document.querySelectorAll("article p")].find((p) => rendered(p) && !p.closest(".admonition, .releve-carte, details, li, table, footer"));
  const body = paragraph ? parseFloat(getComputedStyle(paragraph).fontSize) : null;
  const decisions = [...document.querySelectorAll("article .decision")].filter(rendered).map((d) => {
    const p = d.querySelector("p:not(.admonition-title)") || d;
    return parseFloat(getComputedStyle(p).fontSize);
  });

  // Every paragraph and item of the decision and commitment boxes, the first paragraph of the
  // page's text, and where the first decision box starts on the screen (tests/test_pages.py).
  const size = (el) => parseFloat(getComputedStyle(el).fontSize);
  const boxes = [...document.querySelectorAll(".admonition.decision p, .admonition.engagement p, .admonition.engagement li")].map(size);
  const prose = document.querySelector(".md-content .md-typeset > p, .md-content .md-typeset > [data-pagefind-body] > p");
  const firstDecision = document.querySelector(".md-content .admonition.decision");

  // Text meant for the coordinator, or Markdown left unrendered: the rendered text, then the folded one.
  const article = document.querySelector("article");
  let folded = "";
  if (article) {
    const copy = article.cloneNode(true);
    copy.querySelectorAll("script, style, pre, code").forEach((e) => e.remove());
    folded = copy.textContent;
  }
  const syntax = [];
  for (const [label, pattern] of [["!!!", /!!!/], ["engagement-xxxxxxxx", /engagement-[0-9a-f]{8}/], ["{#", /\{#/], ["]: ", /\]: /], ["](", /\]\(/], ["**", /\*\*/], ["{{ ou {%", /\{\{|\{%/]]) {
    const found = document.body.innerText.match(pattern) || folded.match(pattern);
    if (found) {
      const text = document.body.innerText.match(pattern) ? document.body.innerText : folded;
      syntax.push(`${label} : ${text.slice(Math.max(0, found.index - 30), found.index + 30)}`);
    }
  }

  return {
    breakable, outside, lonePermalinks, smallControls, tab, drawer, declaration, body, decisions, syntax, scrollWidth: document.documentElement.scrollWidth, width: innerWidth,
    boxes, prose: prose ? size(prose) : null, firstDecisionTop: firstDecision ? firstDecision.getBoundingClientRect().top : null,
  };
}
"""
"""What tests/test_reading_browser.py and tests/test_pages.py assert on, found in the page as the reader sees it."""


WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}


AXE_RUN = """options => axe.run(document, options).then(results => results.violations.map(
  v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target)})))"""
"""axe-core's run, answering only what a report line shows: the whole result (every rule passed or
not applicable, with its description) would cross to Python on each page for nothing."""


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is (served by ``serve``), one line each.
    axe-core is loaded from the page's origin rather than sent as text: Chromium then compiles it once
    for the run, not once per page (half of its loading time)."""
    page.add_script_tag(url=AXE_URL)
    return [f"{page.url} — {v['id']} ({v['impact']}) : {v['help']} — {v['targets']}" for v in page.evaluate(AXE_RUN, WCAG_A_AA)]
