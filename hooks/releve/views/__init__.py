"""Views: pure functions of the linked site that return generated pages (Markdown) and files (bytes).

Templates live in ``releve/templates``. Everything that comes from the content is escaped for
both HTML and Markdown by the environment's ``finalize``, so a title such as
``<script>…</script>`` or ``*urgent*`` shows as written; trusted Markdown (a body already
checked, a link we build) is passed as ``Markup``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import dates, urls
from ..model import Closure, Commitment, Decision
from ..words import agree, plural

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|])")


@dataclass(frozen=True)
class GeneratedPage:
    """A page the build adds to the site, as Markdown at a docs-relative source URI."""

    src_uri: str
    markdown: str


@dataclass(frozen=True)
class GeneratedFile:
    """A non-page output (calendar, feed…), written as bytes at a site-relative path."""

    path: str
    content: bytes


@dataclass(frozen=True)
class Paged:
    """One page of a list that grows with the content: its items and the address of every page."""

    uri: str
    items: list
    uris: tuple[str, ...]

    @property
    def number(self) -> int:
        """This page's number, from 1: the title of every page after the first shows it."""
        return self.uris.index(self.uri) + 1

    @property
    def first(self) -> bool:
        return self.uri == self.uris[0]

    @property
    def pages(self) -> list[tuple[int, str]]:
        """Every page as (number, address), for the pager."""
        return list(enumerate(self.uris, start=1))


def paginate(uri: str, items: list, size: int) -> list[Paged]:
    """Split ``items`` into pages of ``size``, the first at ``uri``: no page grows without bound."""
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [[]]
    uris = tuple(urls.page(uri, number) for number in range(1, len(chunks) + 1))
    return [Paged(page_uri, chunk, uris) for page_uri, chunk in zip(uris, chunks)]


def escape_text(value: Any) -> Markup:
    """Text from the content, made inert for HTML and Markdown."""
    return Markup(html.escape(_MD_SPECIAL.sub(r"\\\1", str(value)), quote=False))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return escape_text(value)


def md_link(text: Any, uri: str, anchor: str | None = None) -> Markup:
    """A Markdown link to a generated page; MkDocs resolves and checks the target."""
    return Markup(f"[{_finalize(text)}]({urls.link(uri, anchor)})")


def autolink(url: str) -> Markup:
    """A validated http(s) address as a Markdown autolink."""
    if not re.fullmatch(r"https?://[^\s<>\"]+", url):
        return escape_text(url)
    return Markup(f"<{url}>")


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


def summary(markdown: str, length: int = 240) -> str:
    """The first words of a Markdown text as plain text, for lists that link to the full text."""
    text = " ".join(_AUTOLINK.sub(r"\1", _MD_LINK.sub(r"\1", markdown)).split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + " …"


def trusted(markdown: str) -> Markup:
    """Markdown written by the coordinator and already validated (links rewritten)."""
    return Markup(markdown)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent.parent / "templates"),
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        date=dates.date,
        long_date=dates.long_date,
        month=dates.month,
        fuzzy=dates.fuzzy,
        trusted=trusted,
        summary=summary,
        autolink=autolink,
        first_upper=lambda text: text[:1].upper() + text[1:],
        elapsed=dates.elapsed,
        plural=plural,
        agree=agree,
    )
    env.tests.update(
        decision=lambda value: isinstance(value, Decision),
        commitment=lambda value: isinstance(value, Commitment),
        closure=lambda value: isinstance(value, Closure),
    )
    env.globals.update(link=md_link, urls=urls)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
