"""The pages of the lettre d'information (``newsletter.py`` assembles each letter): one page per
letter and their archive. Each renders ``letter.html.j2``'s ``letter_body`` with its own way of
writing links (relative on the page, absolute in an e-mail and a PDF).
"""

from __future__ import annotations

from typing import Callable

from markupsafe import Markup

from .. import urls
from ..link import LinkedSite
from ..model import Meeting
from ..newsletter import Letter, in_brief, letter_id
from ..publish import markdown_html
from . import GeneratedPage, Head, description, paginate, pdf_address, render_page, template_macros

LETTERS_PER_PAGE = 50
"""The archive lists the 50 latest letters (four years of monthly letters); older ones follow on further pages."""

Href = Callable[[str, "str | None"], str]
"""How a document writes the address of a page of the site: ``href(uri, anchor)``."""


def body_html(linked: LinkedSite, letter: Letter, href: Href, drawn: Callable[[str], bool] | None = None) -> Markup:
    """The letter's content as published HTML: the same for the page, the e-mail and the PDF
    (``drawn``: the images the PDF draws, ``publish.markdown_html``)."""

    def prose(markdown: str) -> Markup:
        converted = markdown_html(markdown, href, drawn).strip()
        # One paragraph is inline in its list item or after its label; longer texts keep their paragraphs.
        if converted.startswith("<p>") and converted.endswith("</p>") and converted.count("<p>") == 1:
            converted = converted[3:-4]
        return Markup(converted)

    return template_macros("letter.html.j2").letter_body(letter, linked, href, prose, in_brief)


def absolute(linked: LinkedSite) -> Href:
    """Addresses on the published site, for an e-mail or a PDF read away from it."""
    def href(uri: str, anchor: str | None = None) -> str:
        # Without site_url, a path from the site's root, as the build has always written it.
        return urls.on_site(linked.site.public_url, urls.public(uri, anchor)) or "/" + urls.public(uri, anchor)

    return href


def letter_page(linked: LinkedSite, letter: Letter) -> GeneratedPage:
    uri = urls.letter(letter.id)
    said = description(f"Lettre d'information du {linked.site.referential.clsm_short_name} ({letter.period}).", letter.summary)
    return render_page(uri, "letter.md.j2", head=Head(description=said), site=linked, letter=letter, body=body_html(linked, letter, urls.link), pdf=pdf_address(linked, uri))


def letter_pages(linked: LinkedSite) -> list[GeneratedPage]:
    found = linked.letters
    if not found:
        return []
    pages = [
        render_page(paged.uri, "letters_index.md.j2", site=linked, letters=paged.items, paged=paged)
        for paged in paginate(urls.LETTERS, list(reversed(found)), LETTERS_PER_PAGE)
    ]
    return pages + [letter_page(linked, letter) for letter in found]


def pages_quoting(linked: LinkedSite, changed: list[tuple[Meeting, Meeting]]) -> dict[str, GeneratedPage]:
    """The letter pages that quote the text of a meeting edited from the old to the new version in
    ``changed``: the preview renders them again with the meetings' own pages (``rerender_site``), so
    that no letter shows a summary older than its compte rendu."""
    months = linked.site.referential.letter_months
    wanted = {letter_id(new.date, months) for new, old in changed if in_brief(new) != in_brief(old)}
    if not wanted:
        return {}
    return {urls.letter(letter.id): letter_page(linked, letter) for letter in linked.letters if letter.id in wanted}
