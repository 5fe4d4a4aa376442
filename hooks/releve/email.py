"""The lettre d'information as an e-mail: an HTML file that mail clients render (a table layout,
every style inlined by ``css-inline``, ``lang="fr"``, absolute links to the site, nothing loaded
from elsewhere) and its plain-text version with every link written out.

The letter's content is the one of its page (``views/letters.py: body_html``), through the same
``publish`` (the allow-list, French typography); only the frame around it, written here and in
``templates/letter_email.html.j2``, is the engine's own.
"""

from __future__ import annotations

import html
import re
import textwrap
from html.parser import HTMLParser

import css_inline
from markupsafe import Markup

from . import urls
from .link import LinkedSite
from .publish import publish
from .typography import french_html, french_text
from .views import html_environment
from .newsletter import Letter
from .views.letters import absolute, body_html

STYLESHEET = """
body { margin: 0; padding: 0; background: #eef0f7; }
.fond { background: #eef0f7; }
.contenu { width: 100%; max-width: 600px; background: #ffffff; }
.entete { background: #1a237e; color: #ffffff; padding: 20px 24px; font-family: Arial, Helvetica, sans-serif; }
.entete p { margin: 0; font-size: 14px; line-height: 20px; color: #ffffff; }
.entete h1 { margin: 6px 0 0; font-size: 24px; line-height: 30px; color: #ffffff; font-weight: bold; }
.corps { padding: 8px 24px 24px; font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 24px; color: #1a1a1a; word-break: break-word; }
.corps h2 { font-size: 20px; line-height: 26px; color: #1a237e; margin: 24px 0 8px; }
.corps h3 { font-size: 17px; line-height: 23px; margin: 16px 0 4px; }
.corps p { margin: 8px 0; }
.corps ul, .corps ol { margin: 8px 0; padding-left: 22px; }
.corps li { margin: 4px 0; }
.corps a { color: #1a237e; text-decoration: underline; word-break: break-word; }
.corps table { border-collapse: collapse; margin: 8px 0; }
.corps th, .corps td { padding: 4px 12px 4px 0; border-bottom: 1px solid #d0d3e2; text-align: left; vertical-align: top; }
.releve-lettre__reunion { border-left: 4px solid #3949ab; padding-left: 12px; margin: 16px 0; }
.releve-lettre__quand { color: #4a4a4a; font-size: 14px; }
.releve-lettre__titre { font-weight: bold; }
.releve-evenement { list-style: none; padding-left: 0; }
.pied { padding: 16px 24px 24px; font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 20px; color: #4a4a4a; border-top: 1px solid #d0d3e2; }
.pied a { color: #1a237e; text-decoration: underline; word-break: break-word; }
"""
"""Arial and colours of contrast 4.5:1 at least: what every mail client has and shows the same; a
word longer than the column (a pasted address, a name in one piece) broken, not widening it past a phone's screen;
an édito's table with space and a rule between its cells, which mail clients otherwise run together."""


class MissingAddress(Exception):
    """An e-mail's links must be absolute: the site's public address is needed."""


def email_html(linked: LinkedSite, letter: Letter) -> str:
    if not linked.site.public_url:
        raise MissingAddress()
    href = absolute(linked)
    body = publish(str(body_html(linked, letter, href)))
    document = html_environment().get_template("letter_email.html.j2").render(
        site=linked, letter=letter, body=Markup(body), online=href(urls.letter(letter.id)), letters=href(urls.LETTERS), stylesheet=Markup(STYLESHEET)
    )
    # Styles in style attributes: webmails drop <style> blocks or rewrite them.
    return css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False).inline(french_html(document))


class _Text(HTMLParser):
    """HTML to plain text: a line per block, « - » per list item, each link's address after its text."""

    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "ul", "ol", "li", "tr", "table", "br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str | None, int]] = []
        """Each open link's address, and where its text starts in ``parts``."""
        self.cells = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")
        if tag == "tr":
            self.cells = 0
        if tag in ("td", "th"):
            # A table's cells on their row's line, told apart: « Woippy · 12 mai 2022 ».
            if self.cells and self.parts and self.parts[-1] == " ":
                self.parts.pop()  # the blank between the two cells' tags
            self.parts.append(" · " if self.cells else "")
            self.cells += 1
        if tag in ("h1", "h2"):
            self.parts.append("\n")
        if tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.parts)))

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            # Where it started, not searched backwards: an édito of thousands of links took seconds.
            target, start = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            self.parts[start:] = [text if not target or target == text else f"{text} <{target}>" if text else f"<{target}>"]
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        # Not ``\s``, which also matches the non-breaking spaces of French typography.
        self.parts.append(re.sub(r"[ \t\n\r\f]+", " ", data))


TEXT_WIDTH = 72
"""The width of the text version's lines (RFC 3676's advice): a mail client shows a longer line as it
comes, a paragraph on a single line a screen wide, and some cut it at 78 characters where they like."""


def _wrapped(line: str) -> str:
    """``line`` cut between words at ``TEXT_WIDTH``, a list item's next lines under its text; an address
    is never cut (nor is a word at a hyphen, nor at a non-breaking space, which textwrap does not split on)."""
    indent = "  " if line.startswith("- ") else ""
    return textwrap.fill(line, TEXT_WIDTH, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False) or line


def email_text(linked: LinkedSite, letter: Letter) -> str:
    if not linked.site.public_url:
        raise MissingAddress()
    href = absolute(linked)
    parser = _Text()
    parser.feed(publish(str(body_html(linked, letter, href))))
    # A list item's paragraph starts on its « - » line.
    body = re.sub(r"- \s*\n\s*", "- ", "".join(parser.parts))
    body = "\n".join(line.strip() for line in body.split("\n"))
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    head = f"{letter.title}\n{linked.site.referential.clsm_name} · {letter.period}\n\nLire la lettre en ligne : {href(urls.letter(letter.id))}"
    foot = f"Toutes les lettres : {href(urls.LETTERS)}"
    text = html.unescape(f"{french_text(head)}\n\n{body}\n\n{french_text(foot)}")
    return "\n".join(map(_wrapped, text.split("\n"))) + "\n"
