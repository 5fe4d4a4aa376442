"""Publishing: no broken internal link or anchor anywhere, and byte-identical rebuilds."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from browser import page_url
from conftest import TODAY, copy_real_content, run_mkdocs

LOCAL = "http://site.local"


class _Links(HTMLParser):
    """The ids of a page and every URL it points at (href, src)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value or "")
            elif name in ("href", "src") and value is not None:
                self.targets.append(value)


def _parse(html_file: Path) -> _Links:
    parser = _Links()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser


def _target_file(site: Path, path: str) -> Path:
    target = site / unquote(path).lstrip("/")
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def test_no_broken_internal_link_or_anchor(real_site, tmp_path):
    site = real_site.site
    pages = {html_file: _parse(html_file) for html_file in sorted(site.rglob("*.html"))}
    broken: list[str] = []
    external: set[str] = set()
    for html_file, parsed in pages.items():
        base = LOCAL + page_url(site, html_file)
        for target in parsed.targets:
            url = urlsplit(urljoin(base, target))
            if url.scheme in ("http", "https") and f"{url.scheme}://{url.netloc}" != LOCAL:
                external.add(url.geturl())
                continue
            if url.scheme not in ("http", "https"):
                continue  # mailto:, tel:, data:
            target_file = _target_file(site, url.path)
            where = f"{html_file.relative_to(site)} → {target}"
            if not target_file.is_file():
                broken.append(f"{where} (fichier absent)")
            elif url.fragment and target_file.suffix == ".html":
                ids = pages[target_file].ids if target_file in pages else _parse(target_file).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{where} (ancre absente)")
    report = tmp_path / "liens-externes.txt"
    report.write_text("".join(f"{url}\n" for url in sorted(external)), encoding="utf-8")
    print(f"{len(external)} liens externes (non vérifiés), liste dans {report} :\n{report.read_text()}")
    assert broken == [], "\n".join(broken)


def _site_bytes(build) -> dict[str, bytes]:
    assert build.returncode == 0, build.output
    return {path.relative_to(build.site).as_posix(): path.read_bytes() for path in sorted(build.site.rglob("*")) if path.is_file()}


def test_same_sources_and_today_give_a_byte_identical_site(real_site, tmp_path):
    """The realistic site built again by another process (another hash seed): every byte the same.
    (Calendars and feeds with a ``site_url``: tests/test_ics.py.)"""
    copy_real_content(tmp_path)
    first, second = _site_bytes(real_site), _site_bytes(run_mkdocs(tmp_path, "--strict"))

    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []


def test_page_dates_come_from_today(agenda_site):
    """The sitemap (written with a ``site_url``) dates pages by the build's « today », not by the clock."""
    sitemap = (agenda_site.site / "sitemap.xml").read_bytes()
    assert set(re.findall(rb"<lastmod>([^<]*)</lastmod>", sitemap)) == {TODAY.encode()}
    assert gzip.decompress((agenda_site.site / "sitemap.xml.gz").read_bytes()) == sitemap
