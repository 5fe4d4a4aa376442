"""``markdown_passes``: the passes skipped where a page cannot need them give Python-Markdown's own
HTML, byte for byte, on every kind of text; whole sites are compared by tests/test_golden.py and
tests/test_hosts.py, and hostile pages by tests/test_hostile_markup.py."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions import toc as toc_extension
from markdown.treeprocessors import InlineProcessor

from releve import markdown_passes
from releve.engine import MARKDOWN_EXTENSIONS, TOC_SETTINGS

EXTENSIONS = ["fenced_code", *MARKDOWN_EXTENSIONS]


def convert(text: str, *, passes: bool, extensions: list | None = None) -> tuple[str, list, str]:
    """The HTML, the table of contents as hosts read it, and the ``[TOC]`` block's HTML; without the
    passes, toc slugs the headings as the engine's pass does (``heading_slug``)."""
    slug = {} if passes else {"slugify": markdown_passes.heading_slug(toc_extension.slugify)}
    md = markdown.Markdown(extensions=[*EXTENSIONS, *(extensions or [])], extension_configs={"toc": {**TOC_SETTINGS, **slug}})
    if passes:
        markdown_passes.register(md)
    return md.convert(text), md.toc_tokens, md.toc


def assert_same(text: str, extensions: list | None = None) -> None:
    html, tokens, toc = convert(text, passes=True, extensions=extensions)
    expected_html, expected_tokens, expected_toc = convert(text, passes=False, extensions=extensions)
    assert (html, tokens) == (expected_html, expected_tokens)
    if "[TOC]" in text:
        assert toc == expected_toc


SAMPLES = {
    "prose": "Un paragraphe sans rien de particulier.\n\nUn autre, sur\ndeux lignes.",
    "inline": textwrap.dedent(
        """\
        # Titre avec [lien](a.md) et `code`

        Du `code`, un \\*échappé\\*, [un lien](x.md "titre"), ![image](i.png), [réf][r], [r], ![img][r],
        <https://exemple.fr>, <personne@exemple.fr>, fin de ligne  
        suite, <span id="a">HTML</span>, &amp; &#233; &copy;, *em*, **fort**, ***les deux***,
        _em_, __fort__, un_mot_souligné, 2 * 3 * 4, *[lien dans em](y.md)*, **gras _mêlé_**.

        [r]: cible.md
        """
    ),
    "admonition": "!!! note \"Titre\"\n    Contenu de la note.\n\n    Suite.\n\nAprès.",
    "raw admonition continued": '<div class="admonition note" markdown>\nDébut\n</div>\n\n    Bloc indenté qui continue la note.\n',
    "attr_list": "## Titre {: #ancre .releve-x }\n\nParagraphe.\n{: .releve-y }\n\n[lien](a.md){: .releve-z }",
    "toc marker": "# Un\n\n[TOC]\n\n## Deux\n\n- [TOC]\n\n### Trois *em*",
    "md_in_html": '<div class="releve-a" markdown>\n## Dedans\n\n*em* et [lien](b.md)\n</div>\n\nDehors *em*.',
    "brackets": "[" * 500 + "x" + "]" * 3 + " et `" * 50,
    "block passes": textwrap.dedent(
        """\
        Titre souligné
        ==============

        Sous-titre
        ----------

        Paragraphe avec un # dièse, > un chevron, | une barre et ]: des crochets.

        ***

        - - -

        > Citation
        > suite

        | Colonne | Autre |
        |---------|------:|
        | a       | b     |

        [ref]: cible.md "Titre"
        Texte après la définition.
        """
    ),
    "headings": "# Plain heading\n\n## Avec &amp; et &\n\n### Avec\u00a0insécable\n\n## Avec <b>gras</b> et \\# échappé\n\n## \ue0001\ue000\n\n##   Espacé   \n\n## Titre {: data-toc-label=\"Court\" }",
    "hostile": textwrap.dedent(
        """\
        ## Titre piégé {: #__search onclick="alert(1)" }

        [Clic](javascript:alert(1)) <img src=x onerror=alert(1)> <script>alert(1)</script>

        !!! decision reseau
            Convenu.
            {: onmouseover="alert(2)" }
        """
    ),
}


@pytest.mark.parametrize("text", SAMPLES.values(), ids=SAMPLES.keys())
def test_same_html_as_python_markdown(text):
    assert_same(text)


MARKUP = st.sampled_from(["*", "**", "_", "__", "`", "\\", "[", "]", "(", ")", "!", "<", ">", "&", ";", "#", "{", "}", ":", "  \n", "\n", "\n\n", "    ", "-", "1.", "!!! ", "[TOC]", "a.md", "<b>", "&amp;", "{: .c }", " ", "=", "===", "---", "***", "|", "]:", "> ", "\u00a0", "\ue000"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(MARKUP, st.sampled_from(["mot", "Texte", "é", "x"])), max_size=40))
def test_same_html_on_any_mix_of_markup(parts):
    assert_same("".join(parts))


class _Slashes(BlockProcessor):
    """An extension of a kind a CLSM might add: « /// note » opens an admonition without « !!! »."""

    def test(self, parent, block):
        return block.startswith("/// ")

    def run(self, parent, blocks):
        div = ET.SubElement(parent, "div", {"class": f"admonition {blocks.pop(0)[4:].strip()}"})
        ET.SubElement(div, "p", {"class": "admonition-title"}).text = "Note"


class _SlashesExtension(Extension):
    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(_Slashes(md.parser), "slashes", 106)


def test_another_extension_keeps_every_pass():
    """Its syntax is not known: the admonition pass, which continues its block, still runs."""
    text = "/// note\n\n    Continue la note.\n"
    html, _, _ = convert(text, passes=True, extensions=[_SlashesExtension()])
    assert '<div class="admonition note">\n<p class="admonition-title">Note</p>\n<p>Continue la note.</p>\n</div>' == html
    assert_same(text, extensions=[_SlashesExtension()])


def test_passes_a_page_cannot_need_are_skipped():
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": TOC_SETTINGS})
    markdown_passes.register(md)
    md.convert("# Titre\n\nTexte *simple*.")
    assert type(md.treeprocessors["inline"]) is not InlineProcessor  # the pinned Python-Markdown's loops are followed
    assert md.parser.parseBlocks.__func__ is markdown_passes._parse_blocks
    assert md.parser.parseDocument.__func__ is markdown_passes._parse_document
    assert type(md.treeprocessors["unescape"]) is markdown_passes._Unescape
    assert not md.parser.blockprocessors["admonition"].needed
    assert not md.treeprocessors["attr_list"].needed
    assert md.toc == "<div></div>"  # no [TOC] block drawn: no host reads it
    # The same converter, reset, runs them again on a page that needs them.
    html = md.reset().convert("!!! note\n    Dedans.\n\nTexte.\n{: .releve-x }\n\n[TOC]")
    assert md.parser.blockprocessors["admonition"].needed and md.treeprocessors["attr_list"].needed
    assert '<div class="admonition note">' in html and '<p class="releve-x">' in html and '<div class="toc">' in md.toc
