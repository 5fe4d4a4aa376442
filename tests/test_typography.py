"""``typography``: French spacing in published text, in process."""

from __future__ import annotations

import pytest

from releve.typography import NBSP, NNBSP, french_html, french_text


@pytest.mark.parametrize(
    ("text", "french"),
    [
        ("Ordre du jour : rien", f"Ordre du jour{NBSP}: rien"),
        ("Vraiment ? Oui ! Bien ; fin", f"Vraiment{NNBSP}? Oui{NNBSP}! Bien{NNBSP}; fin"),
        ("« Cités éducatives »", f"«{NNBSP}Cités éducatives{NNBSP}»"),
        ("8 % et 250 € à 9 h", f"8{NBSP}% et 250{NBSP}€ à 9{NBSP}h"),
        ("n° 3, p. 12", f"n°{NBSP}3, p.{NBSP}12"),
        ("https://exemple.fr/a", "https://exemple.fr/a"),
        ("rien à faire", "rien à faire"),
    ],
)
def test_french_spacing(text, french):
    assert french_text(text) == french


def test_markup_code_and_scripts_are_left_as_they_are():
    page = '<p title="a : b">Note : voir</p><code>x : y</code><script>if (a ? b : c) {}</script><pre>a ; b</pre>'
    assert french_html(page) == f'<p title="a : b">Note{NBSP}: voir</p><code>x : y</code><script>if (a ? b : c) {{}}</script><pre>a ; b</pre>'


def test_a_line_never_starts_with_high_punctuation():
    assert french_html("<p>Question\n? Réponse\n:</p>") == f"<p>Question{NNBSP}? Réponse{NBSP}:</p>"


def test_texts_seen_before_are_spaced_as_the_first_time_even_once_the_memory_is_full(monkeypatch):
    """``french_html`` remembers each text it spaced (the theme's come back on every page): a text
    met again, on the same page or another, after the memory was replaced by an empty one, reads
    as the first time."""
    from releve import typography

    monkeypatch.setattr(typography, "_SPACED_MAX", 3)
    pages = [f"<p>Fiche action : n° {number}</p><p>Oui ! « bien »</p><nav>Fiche action : n° {number}</nav>" for number in range(8)]
    expected = [
        f"<p>Fiche action{NBSP}: n°{NBSP}{number}</p><p>Oui{NNBSP}! «{NNBSP}bien{NNBSP}»</p><nav>Fiche action{NBSP}: n°{NBSP}{number}</nav>"
        for number in range(8)
    ]
    assert [french_html(page) for page in pages + pages] == expected + expected
    assert len(typography._spaced) <= 3 + 2  # replaced when full: at most one page's texts over the bound
