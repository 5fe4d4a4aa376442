"""Every link of the coordinator's texts to this site checked, once every page is known.

The validation keeps each link where it is written (``WrittenLink``: file, line, target as written);
here its target is resolved as the host resolves it on the page that shows the text, and a target
that is no page or file of the site, a folder, a place outside the site or an anchor absent from
its page is reported at that file and line, in French, as written. The hosts' own link checks,
which name only the generated page, are silenced (``hosts/mkdocs.py``).

Anchors are known only once the pages are converted: the host gives each page's ids.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from functools import partial
from typing import Callable, Iterable, Iterator, Mapping
from urllib.parse import unquote

from .body import PAGES_OF_TEXTS, link_page
from .hand_written import DOCS_DIR
from .model import Site, WrittenLink
from .problems import Problem, Suggestions

SHOWN_PER_FILE = 5
"""The links of one file reported one by one; the others are counted on one line (a text pasted
twenty thousand times would print twenty thousand lines)."""


def _page_of(path: str) -> str:
    """The page that shows the text of the source file ``path``."""
    folder, _, name = path.partition("/")
    if folder == DOCS_DIR:
        return name
    return PAGES_OF_TEXTS[folder](name.removesuffix(".md"))


def _resolved(link: WrittenLink) -> tuple[str, str, str]:
    """The page that shows the text of ``link``, its target (docs-relative, normalised) and its anchor."""
    page = _page_of(link.path)
    written, _, anchor = link.written.partition("#")
    path = unquote(written.partition("?")[0])
    if link.uri is not None:
        target = unquote(link.uri)  # « /medias/affiche%20été.png » is the file « affiche été.png »
    elif not path:
        target = page
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return page, target, anchor


def target_of(source: str, target: str) -> str:
    """The page or file (docs-relative, normalised) a link of the source file ``source`` leads to,
    its ``target`` as Markdown reads it: as the build resolves it (``body.link_page``, ``_resolved``).
    From a page of docs/, « actions/x.md » is a page of docs/, not the fiche « x », as it is from a
    compte rendu (« ../actions/x.md »)."""
    uri = link_page(target.partition("#")[0], posixpath.dirname(source))[1]
    return _resolved(WrittenLink(source, 0, target, uri))[1]


def _targets(site: Site, pages: set[str]) -> Iterator[tuple[WrittenLink, str, str, str]]:
    """Each link of a published page, with that page, its target (docs-relative, normalised) and its anchor."""
    for link in site.links:
        page, target, anchor = _resolved(link)
        if page in pages:  # not a lettre's note before its letter is published
            yield link, page, target, anchor


def published_media(media: Iterable[str], links: Iterable[WrittenLink], draft_links: Iterable[WrittenLink]) -> tuple[str, ...]:
    """The files of ``media`` (``medias/…``) to publish: all but those that drafts link to and no
    published text does (the photo of a meeting not yet approved), published with their draft. One
    that no text links to is published: a coordinator may link it from an e-mail. ``links``: those
    of the published texts; ``draft_links``: those of the drafts."""
    media = tuple(media)
    withheld = {_resolved(link)[1] for link in draft_links} & set(media)
    if withheld:  # the published texts' links resolved only then: most sites have no such file
        withheld -= {_resolved(link)[1] for link in links}
    return tuple(path for path in media if path not in withheld)


def _as_written(link: WrittenLink, page: str, uri: str, anchor: str = "") -> str:
    """``uri`` in the form the link was written: docs-rooted or relative to its page."""
    path = "/" + uri if link.written.startswith("/") else posixpath.relpath(uri, posixpath.dirname(page))
    return path + (f"#{anchor}" if anchor else "")


def missing_targets(site: Site, pages: Iterable[str], files: Iterable[str], pdfs: Callable[[], Iterable[str]]) -> list[Problem]:
    """A problem for each link whose target is no page (source URI, ``projets/x.md``) nor file of the site;
    ``pdfs``: the PDFs of the pages (listed at some cost, only if a target is unknown), which the host
    writes after the pages and so never resolves a link to: a link to one leads nowhere from its page."""
    pages = set(pages)
    known = pages | set(files)
    unknown = [(link, page, target) for link, page, target, _ in _targets(site, pages) if target not in known]
    printed = set(pdfs()) if unknown else set()
    nearest_of = Suggestions()  # a folder renamed under three hundred texts breaks all their links

    def problem(link: WrittenLink, page: str, target: str) -> Problem:
        written = link.written
        if target == ".." or target.startswith("../"):
            return Problem(link.path, link.line, f"le lien « {written} » mène hors du site")
        if target in printed:
            shown = target.removesuffix(".pdf") + ".md"
            hint = _as_written(link, page, shown) if shown in known else None
            return Problem(link.path, link.line, f"le lien « {written} » mène au PDF d'une page, qu'un lien ne peut pas atteindre : liez la page, qui propose son PDF", hint)
        if not posixpath.splitext(target)[1]:
            # A folder: the host leaves the link as written, which the page's own address shifts.
            near = page if posixpath.normpath(written.partition("#")[0]) == "." else posixpath.join(target, "index.md")
            hint = _as_written(link, page, near) if near in known else None
            return Problem(link.path, link.line, f"le lien « {written} » mène à un dossier : nommez le fichier de la page (.md)", hint)
        nearest = nearest_of(target, known)
        hint = _as_written(link, page, nearest) if nearest else None
        return Problem(link.path, link.line, f"le lien « {written} » mène à une page ou un fichier absent du site", hint)

    return _bounded([(link, partial(problem, link, page, target)) for link, page, target in unknown])


def missing_anchors(site: Site, anchors: Mapping[str, set[str]]) -> list[Problem]:
    """A problem for each link to an anchor absent from its page; ``anchors``: the ids of each page
    converted (a page not converted, in a preview's rebuild, is not checked)."""
    nearest_of = Suggestions()  # a page of thousands of headings, linked wrongly from hundreds of texts

    def problem(link: WrittenLink, page: str, target: str, anchor: str) -> Problem:
        where = "de la page" if target == page else f"de la page « {_as_written(link, page, target)} »"
        near = nearest_of(anchor, anchors[target])
        hint = link.written.partition("#")[0] + "#" + near if near else None
        return Problem(link.path, link.line, f"le lien « {link.written} » mène à une ancre absente {where}", hint)

    missing = [
        (link, partial(problem, link, page, target, anchor))
        for link, page, target, anchor in _targets(site, set(anchors))
        if anchor and target in anchors and anchor not in anchors[target]
    ]
    return _bounded(missing)


def _bounded(missing: list[tuple[WrittenLink, Callable[[], Problem]]]) -> list[Problem]:
    """The problems of the first ``SHOWN_PER_FILE`` links of each file (each made only then: a
    suggestion compares with every page), then one that counts the others."""
    shown: list[Problem] = []
    counted: Counter[str] = Counter()
    first_left: dict[str, int] = {}
    for link, problem in sorted(missing, key=lambda item: (item[0].path, item[0].line)):
        if counted[link.path] < SHOWN_PER_FILE:
            shown.append(problem())
        else:
            first_left.setdefault(link.path, link.line)
        counted[link.path] += 1
    for path, line in first_left.items():
        left = counted[path] - SHOWN_PER_FILE
        others = "autre lien de ce fichier ne mène" if left == 1 else "autres liens de ce fichier ne mènent"
        shown.append(Problem(path, line, f"et {left} {others} nulle part non plus (à partir de cette ligne)"))
    return sorted(shown)
