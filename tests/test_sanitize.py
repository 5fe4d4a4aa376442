"""``sanitize``: the allow-list every published fragment goes through, in process (the hostile
corpus through real builds is in test_hostile_markup.py and test_hosts.py)."""

from __future__ import annotations

import pytest

from releve import sanitize


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ('<p onclick="alert(1)">texte</p>', "<p>texte</p>"),
        ('<a href="javascript:alert(1)">lien</a>', "<a>lien</a>"),
        ('<a href="JaVaScRiPt:alert(1)">lien</a>', "<a>lien</a>"),
        ('<img src="https://autre.example/x.png" alt="x">', '<img alt="x">'),
        ('<img src="//autre.example/x.png" alt="x">', '<img alt="x">'),
        ("<script>alert(1)</script>après", "après"),
        ("<template><p>caché</p></template>visible", "visible"),
        ('<p style="position: fixed">texte</p>', "<p>texte</p>"),
        (
            '<table><tr><td style="text-align: right;">1</td><td style="color: red">2</td></tr></table>',
            '<table><tbody><tr><td style="text-align: right;">1</td><td>2</td></tr></tbody></table>',
        ),
        ('<p id="__search">x</p>', "<p>x</p>"),
        ('<p class="releve-carte md-search">x</p>', '<p class="releve-carte">x</p>'),
        ('<div class="admonition decision"><p class="admonition-title">D</p></div>', '<div class="admonition decision"><p class="admonition-title">D</p></div>'),
        ('<a href="webcal://clsm.example.org/agenda.ics">S\'abonner</a>', '<a href="webcal://clsm.example.org/agenda.ics">S\'abonner</a>'),
        ("<x:y onfocus=alert(1)>t</x:y>", "t"),
        ("<!-- commentaire -->texte", "texte"),
        # The filter script hides the items of the lists the form names: only the engine's.
        ('<form data-releve-filtres="nav ul, .md-nav__list" hidden></form>', '<form hidden=""></form>'),
        ('<form data-releve-filtres="ol.releve-frise" hidden></form>', '<form data-releve-filtres="ol.releve-frise" hidden=""></form>'),
    ],
)
def test_only_the_allow_list_survives(html, kept):
    assert sanitize.page_html(html) == kept


@pytest.mark.parametrize("url", ["", "//autre.fr/x", "https://autre.fr/x", "data:image/png;base64,AA", "a\\b", "a b", "x\x00"])
def test_what_is_not_local(url):
    assert not sanitize.is_local(url)


@pytest.mark.parametrize("url", ["images/a.png", "../medias/plan.pdf", "#ancre", "?q=1"])
def test_what_is_local(url):
    assert sanitize.is_local(url)


@pytest.mark.parametrize(("title", "escaped"), [("Santé & logement", "Santé &amp; logement"), ("Santé &amp; logement", "Santé &amp; logement"), ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;")])
def test_a_title_is_escaped_once_whatever_it_came_from(title, escaped):
    assert sanitize.title(title) == escaped
