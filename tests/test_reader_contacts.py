"""Personal contacts as the reader sees them: disguised in the sources, made by the rendering, in
pages, feeds, calendars, open data and addresses; French numbers (overseas included) and those of
the neighbours of Metz; and no false alarm on ordinary numbers."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import Phase, assume, given, settings
from hypothesis import strategies as st

from conftest import BASE_FILES, MEETING, PARTNERS, build_in_process, ratio, run_once, write_project
from releve import contacts

PERSONAL = "contact personnel"


def meeting_file(body: str, front: str = "") -> str:
    """The base meeting with another body (and more front-matter lines)."""
    head, _, _ = MEETING.rpartition("---\n## ")
    return f"{head}{front}---\n## Contacts\n\n{body}\n"


def body_line(body: str, needle: str) -> int:
    """The line of ``needle`` in the file ``meeting_file(body)`` writes."""
    text = meeting_file(body)
    return text[: text.index(needle)].count("\n") + 1


# --- Each disguise, in its own minutes file of one build -------------------------------------

DISGUISES = {
    # name: (body, the contact's key)
    "entites": ("Appeler le &#48;6&#x20;12&#32;34 56 78.", "+33612345678"),
    "retour-ligne": ("Appeler Anne au 06 12\n34 56 78 si besoin.", "+33612345678"),
    "emphase-autour": ("Appeler le **06** 12 34 56 78.", "+33612345678"),
    "emphase-dedans": ("Appeler le 06 *12* 34 _56_ 78.", "+33612345678"),
    "code": ("Appeler le `06 12` 34 56 78.", "+33612345678"),
    "trait-union-conditionnel": ("Appeler le 06\u00ad12\u00ad34\u00ad56\u00ad78.", "+33612345678"),
    "largeur-nulle": ("Appeler le 06\u200c12\u200d34\u206056\u200b78.", "+33612345678"),
    "bidi": ("Appeler le \u202a06 12 34 56 78\u202c.", "+33612345678"),
    "groupes-libres": ("Appeler le 0612 345 678.", "+33612345678"),
    "cayenne": ("Appeler Cayenne au 05 94 29 10 01.", "+594594291001"),
    "reunion": ("Appeler Saint-Denis au 0262 90 10 01.", "+262262901001"),
    "luxembourg": ("Appeler le (+352) 26 12 34 56.", "+35226123456"),
    "allemagne": ("Appeler Sarrebruck au 0049 681 123 456.", "+49681123456"),
    "allemagne-national": ("Appeler Sarrebruck au 0681 9876 543.", "+496819876543"),
    "belgique": ("Appeler Arlon au +32 63 12 34 56.", "+3263123456"),
    "suisse": ("Appeler Bâle au +41 61 123 45 67.", "+41611234567"),
    "tel-encode": ("[Appeler Anne](tel:%2B352-621-123-456).", "+352621123456"),
    "courriel-emphase": ("Écrire à anne.exemple*@*chu-metz.fr.", "anne.exemple@chu-metz.fr"),
    "courriel-code": ("Écrire à `anne.exemple`@`chu-metz.fr`.", "anne.exemple@chu-metz.fr"),
    "courriel-mailto-encode": ("[Écrire à Anne](<mailto:anne.exemple%40chu-metz%2Efr>).", "anne.exemple@chu-metz.fr"),
    "courriel-epele": ("Écrire à anne.exemple (arobase) chu-metz [point] fr.", "anne.exemple@chu-metz.fr"),
    "courriel-crochets": ("Écrire à anne.exemple[@]chu-metz[.]fr.", "anne.exemple@chu-metz.fr"),
    "courriel-accolades": ("Écrire à anne.exemple {at} chu-metz {dot} fr.", "anne.exemple@chu-metz.fr"),
    "courriel-point-espace": ("Écrire à anne.exemple @ chu-metz . fr ou à anne.exemple@chu-metz . fr.", "anne.exemple@chu-metz.fr"),
    "courriel-point-median": ("Écrire à anne.exemple@chu-metz·fr.", "anne.exemple@chu-metz.fr"),
    "courriel-point-ideographique": ("Écrire à anne.exemple@chu-metz。fr.", "anne.exemple@chu-metz.fr"),
    "courriel-a-entre-parentheses": ("Écrire à anne.exemple(a)chu-metz.fr.", "anne.exemple@chu-metz.fr"),
    "courriel-at-tirets": ("Écrire à anne.exemple -at- chu-metz.fr ou à anne.exemple-at-chu-metz.fr.", "anne.exemple@chu-metz.fr"),
    "courriel-point-epele-apres-arobase": ("Écrire à anne.exemple@chu-metz point fr.", "anne.exemple@chu-metz.fr"),
    "courriel-espace-avant-point": ("Écrire à anne.exemple@chu-metz .fr.", "anne.exemple@chu-metz.fr"),
    "courriel-lettres-espacees": ("Écrire à Anne : a n n e . e x e m p l e @ c h u - m e t z . f r.", "anne.exemple@chu-metz.fr"),
    "puces": ("Appeler le 06·12·34·56·78 ou le 06 • 12 • 34 • 56 • 78.", "+33612345678"),
    "virgules": ("Appeler le 06, 12, 34, 56, 78.", "+33612345678"),
    "barres": ("Appeler le 06 | 12 | 34 | 56 | 78.", "+33612345678"),
    "points-virgules": ("Appeler le 06 ; 12 ; 34 ; 56 ; 78.", "+33612345678"),
    # Marks no list, date or time cuts five pairs with; Markdown shows a backslash before a space.
    "deux-points": ("Appeler le 06:12:34:56:78.", "+33612345678"),
    "tildes": ("Appeler le 06~12~34~56~78.", "+33612345678"),
    "antislashs": ("Appeler le 06\\ 12\\ 34\\ 56\\ 78.", "+33612345678"),
    "lettre-o": ("Appeler le O6 12 34 56 78.", "+33612345678"),
    "lettre-o-minuscule": ("Appeler le o6 12 34 56 78 ou le o6.12.34.56.78.", "+33612345678"),
    "lettre-o-espace": ("Appeler le O 6 12 34 56 78.", "+33612345678"),
    "lettre-o-minuscule-espace": ("Appeler le o 6 12 34 56 78.", "+33612345678"),
    "indicatif-sans-plus": ("Appeler le 33 6 12 34 56 78.", "+33612345678"),
    "whatsapp": ("[Écrire à Anne](https://wa.me/33612345678).", "+33612345678"),
    # Digits of another script or style, as a phone's keyboard or a pasted PDF gives them.
    "chiffres-mathematiques": ("Appeler le 𝟎𝟔 𝟏𝟐 𝟑𝟒 𝟓𝟔 𝟕𝟖.", "+33612345678"),
    "chiffres-pleine-chasse": ("Appeler le ０６ １２ ３４ ５６ ７８.", "+33612345678"),
    "chiffres-arabes": ("Appeler le ٠٦ ١٢ ٣٤ ٥٦ ٧٨ ou le ۰۶ ۱۲ ۳۴ ۵۶ ۷۸.", "+33612345678"),
    "courriel-pleine-chasse": ("Écrire à ａｎｎｅ＠ｃｈｕ－ｍｅｔｚ．ｆｒ.", "anne@chu-metz.fr"),
    # Letters that read as digits between digits; digits spelled out; « chez » for « @ ».
    "lettres-pour-chiffres": ("Appeler le O6 I2 34 56 78 ou le 06 l2 34 S6 78.", "+33612345678"),
    "lettres-pour-chiffres-indicatif": ("Appeler le +33 6 I2 34 S6 78 ou le 06.|2.34.56.7B.", "+33612345678"),
    "chiffres-en-lettres": ("Appeler le zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit.", "+33612345678"),
    "chiffres-en-lettres-sans-virgules": ("Appeler le Zero six douze trente quatre cinquante six soixante dix huit.", "+33612345678"),
    "chiffres-en-lettres-tirets": ("Appeler le zéro-six-douze-34-cinquante-six-soixante-dix-huit.", "+33612345678"),
    "mots-parmi-les-chiffres": ("Appeler le 0six 12 34 56 78 ou le 06 douze 34 56 78.", "+33612345678"),
    "mots-et-groupes-de-quatre": ("Appeler le 0six 1234 5678 ou le zéro six 1234 5678.", "+33612345678"),
    "courriel-chez": ("Écrire à anne chez exemple point fr.", "anne@exemple.fr"),
    "courriel-chez-com": ("Écrire à anne chez exemple point com.", "anne@exemple.com"),
}
"""Each would be read as a contact on the page, or dialled from it; none was refused before."""

DISGUISE_FILES = {f"minutes/2021-02-19-{name}.md": meeting_file(body) for name, (body, _) in DISGUISES.items()}
FILE_NAME = "minutes/2021-02-19-rappeler-06-12-34-56-78.md"
"""A file name becomes the page's address, the feed's and the calendars' links."""
MULTILINE_PARTNERS = PARTNERS.replace("description: Hôpital de test.", "description: |\n      Standard de Paul :\n      06 12\n      34 56 78")
"""A YAML value written on several lines: the page shows it on one."""


@pytest.fixture(scope="module")
def disguised(tmp_path_factory):
    """One build of every disguise (each in its own file): its exit code and console."""

    def build() -> dict:
        root = tmp_path_factory.mktemp("deguises")
        write_project(root, {**BASE_FILES, **DISGUISE_FILES, FILE_NAME: meeting_file("Rien."), "partners.yaml": MULTILINE_PARTNERS})
        done = build_in_process(root)
        return {"returncode": done.returncode, "output": done.output}

    return run_once(tmp_path_factory, "deguises", build)


@pytest.mark.parametrize("name", DISGUISES)
def test_each_disguise_is_refused_at_its_line(disguised, name):
    body, key = DISGUISES[name]
    path = next(path for path in DISGUISE_FILES if path.endswith(f"-{name}.md"))
    assert disguised["returncode"] == 1
    first = body.split()[0]
    reported = re.findall(rf"^\s*{re.escape(path)}:(\d+): (?:numéro de téléphone|adresse électronique) « ([^»]+) »", disguised["output"], re.M)
    assert reported, disguised["output"]
    assert {int(line) for line, _ in reported} == {body_line(body, first)}
    assert {contacts.contact_key(shown) for _, shown in reported} == {key}
    assert "Traceback" not in disguised["output"]


def test_a_contact_in_a_file_name_is_refused(disguised):
    assert f"{FILE_NAME}:1: numéro de téléphone « 06-12-34-56-78 » dans le nom du fichier" in disguised["output"]


def test_a_yaml_value_on_several_lines_is_read_on_one(disguised):
    assert re.search(r"partners\.yaml:\d+: numéro de téléphone « 06 12 34 56 78 » dans « structures\[1\]\.description »", disguised["output"])


# --- What only the rendering shows: checked in the written site ------------------------------

DOCS_PAGE = """\
---
contacts_publics: ["03 87 00 00 00"]
---
# Nous joindre

Pour Anne, écrire à [anne](a-propos.md)@exemple.fr ou appeler
le 06 [12](a-propos.md) 34 56 78.

Pour Jeanne, écrire à jeanne<at>exemple<dot>fr.

Le standard de l'hôpital répond aussi sur [WhatsApp](https://wa.me/33387000000).
"""
"""A page written by hand in ``docs/``, checked as content when the sources are validated; but
there a link's text stays apart from what follows it, and only the rendering joins them into an
e-mail and a phone number: the check of the written site finds what the page shows. So with a tag
that the page shows as written (« <at> »), which the sources' check reads as a tag. The hospital's
public phone, declared, is allowed in each, behind a WhatsApp link too."""
EDITO = """\
---
titre: Lettre de février
---
Pour Paul, écrire à [paul](https://exemple.org)@exemple.fr.
"""
"""An édito, whose letter page shows the same disguise revealed."""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    def build() -> dict:
        root = tmp_path_factory.mktemp("rendu")
        partners = PARTNERS.replace("description: Hôpital de test.", 'description: Hôpital de test.\n    telephone: "03 87 00 00 00"')
        write_project(root, {**BASE_FILES, "partners.yaml": partners, "docs/nous-joindre.md": DOCS_PAGE, "lettres/2021-02.md": EDITO})
        done = build_in_process(root)
        return {"returncode": done.returncode, "output": done.output, "left": sorted(p.name for p in (root / "site").glob("*"))}

    return run_once(tmp_path_factory, "rendu", build)


def test_a_contact_made_by_the_rendering_is_refused_at_its_source_line(rendered):
    output = rendered["output"]
    assert rendered["returncode"] == 1
    line = DOCS_PAGE.split("\n").index("Pour Anne, écrire à [anne](a-propos.md)@exemple.fr ou appeler") + 1
    assert re.search(rf"docs/nous-joindre\.md:{line}: adresse électronique « anne@exemple\.fr » publiée sur le site \(nous-joindre/index\.html\)", output), output
    assert re.search(rf"docs/nous-joindre\.md:{line + 1}: numéro de téléphone « 06 12 34 56 78 » publié sur le site", output), output
    assert re.search(rf"docs/nous-joindre\.md:{line + 3}: adresse électronique « jeanne@exemple\.fr » publiée sur le site", output), output
    assert re.search(r"lettres/2021-02\.md:4: adresse électronique « paul@exemple\.fr » publiée sur le site \(lettres/", output), output
    assert "03 87 00 00 00" not in output  # the structure's public phone, on its page as the reader sees it
    assert "33387000000" not in output  # and behind a link that writes to it
    assert rendered["left"] == []  # nothing is left to publish


# --- A property: disguises drawn at random, one build ---------------------------------------

NUMBERS = st.one_of(
    st.builds(lambda first, rest: "0" + str(first) + rest, st.sampled_from([1, 2, 3, 4, 5, 6, 7, 9]), st.text("0123456789", min_size=8, max_size=8)),
    st.sampled_from(["+352 26 12 34 56", "+352 621 123 456", "+49 681 9876543", "+32 63 12 34 56", "+41 61 123 45 67", "0594 29 10 02", "+262 692 12 34 56"]),
)
"""French numbers of ten digits (mainland and overseas alike), and the neighbours' with their prefix."""


@st.composite
def disguised_numbers(draw) -> tuple[str, str]:
    """A number written as a person might hide it, and its key."""
    number = draw(NUMBERS)
    key = contacts.phone_key(number)
    digits = [character for character in number if character.isdigit() or character == "+"]
    # Cut the digits into random groups, each separated the same way a person might write it.
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=5)))
    groups = ["".join(digits[a:b]) for a, b in zip([0, *cuts], [*cuts, len(digits)])]
    if groups[0] == "+":
        groups[:2] = ["+" + groups[1]] if len(groups) > 1 else groups
    separator = draw(st.sampled_from([" ", ".", "-", " - ", "\u00a0", "\u202f", "\n", "/"]))
    disguise = draw(st.sampled_from(["plain", "bold", "code", "entity", "soft-hyphen", "joiner", "emphasis-inside"]))
    if disguise == "bold":
        groups[0] = f"**{groups[0]}**"
    elif disguise == "code":
        groups[-1] = f"`{groups[-1]}`"
    elif disguise == "entity":
        groups[0] = "".join(f"&#{ord(c)};" for c in groups[0])
    elif disguise == "soft-hyphen":
        separator = "\u00ad"
    elif disguise == "joiner":
        separator = draw(st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\u2066"]))
    elif disguise == "emphasis-inside" and len(groups) > 2:
        groups[1] = f"*{groups[1]}*"
    if "\n" in separator and "`" in "".join(groups):
        separator = " "  # a code span does not cross a line
    written = separator.join(groups)
    # A day, a month and a year of four digits are read as a date (« 06/12/2034 »), not dialled.
    assume(not re.search(r"\d{1,2}([./-])\d{1,2}\1\d{4}|\d{4}([./-])\d{1,2}\2\d{1,2}", written))
    return written, key


@settings(max_examples=1, database=None, phases=[Phase.generate])  # one build, never shrunk
@given(st.lists(disguised_numbers(), min_size=24, max_size=24))
def test_random_disguises_are_all_refused_in_one_build(tmp_path_factory, examples):
    files = {
        f"minutes/2021-02-19-essai-{index}.md": meeting_file(f"Joindre la personne au {written} demain.")
        for index, (written, _) in enumerate(examples)
    }
    root = tmp_path_factory.mktemp("proprietes")
    write_project(root, {**BASE_FILES, **files})
    done = build_in_process(root)
    assert done.returncode == 1
    for (path, text), (written, key) in zip(files.items(), examples):
        reported = re.findall(rf"^\s*{re.escape(path)}:(\d+): numéro de téléphone « ([^»]+) »", done.output, re.M)
        assert [contacts.contact_key(shown) for _, shown in reported] == [key], (written, done.output)
        assert int(reported[0][0]) == next(index for index, line in enumerate(text.split("\n"), 1) if line.startswith("Joindre"))


ORDINARY = st.one_of(
    st.dates().map(lambda day: f"le {day:%d/%m/%Y}"),
    st.dates().map(lambda day: f"du {day:%d.%m.%y} - {day:%d.%m.%y}"),
    st.dates().map(lambda day: day.isoformat()),
    st.integers(1900, 2100).map(lambda year: f"{year}-{year + 1}"),
    st.integers(0, 10**9).map(lambda amount: f"{amount:,} €".replace(",", "\u202f")),
    st.tuples(st.integers(7, 11), st.integers(12, 20)).map(lambda hours: f"de {hours[0]}h-{hours[1]}h"),
    st.tuples(st.integers(1, 400), st.integers(1, 400)).map(lambda pages: f"p. {pages[0]}-{pages[1]}"),
    st.integers(10**13, 10**14 - 1).map(lambda siret: f"SIRET {siret}"),
    st.integers(1, 99999).map(lambda code: f"{code:05d} Metz"),
)


ORDINARY_WORDS = """\
Il a 12 ans ; la semaine SISM 2O21 ; le CO2 ; les salles O1 O3 O5 O7 O9 ; OBJECTIFS 2021-2022 ; Olivier, 06 ans.
Tolérance zéro ; deux ou trois réunions ; les douze partenaires ; zéro déchet, un, deux, trois ateliers.
Repartir de zéro : six, douze puis trente-quatre participants ; zéro six fois sur dix.
Rendez-vous chez le médecin, chez Marie. Point suivant : commander chez Amazon point fr ou chez amazon.fr.
Les permanences chez Emmaüs point info ; vivre chez soi point par point ; chez exemple point fr.
Une échelle de zéro, un, deux, trois, quatre, cinq, six, sept, huit, neuf ; de zéro 1 2 3 4 5 6 7 8 9.
"""
"""Ordinary French that the new readings (letters for digits, digits spelled out, « chez » for
« @ ») could be mistaken for: letters beside digits in words and names, number words and « zéro »
in sentences, a scale counted from « zéro » to nine, « chez » before a name, a written dot, a
spelled dot that ends no address, or with no word before it."""


@settings(max_examples=1, database=None, phases=[Phase.generate])  # one build, never shrunk
@given(st.lists(ORDINARY, min_size=40, max_size=40))
def test_ordinary_numbers_and_words_are_no_false_alarm(tmp_path_factory, texts):
    root = tmp_path_factory.mktemp("ordinaires")
    body = "\n\n".join(f"Point {index} : {text}." for index, text in enumerate(texts)) + "\n\n" + ORDINARY_WORDS
    write_project(root, {**BASE_FILES, "minutes/2021-02-19-ordinaire.md": meeting_file(body)})
    done = build_in_process(root)
    assert done.returncode == 0, done.output


@given(st.lists(ORDINARY, min_size=1, max_size=10))
def test_the_detector_finds_no_contact_in_ordinary_numbers(texts):
    assert contacts.find(" ; ".join(texts)) == []


LOOKALIKES = """\
Suivez-nous : Instagram @clsm57 · Facebook @clsm57 · site du CLSM.
Les élu·es et les adhérent·e·s du 12/03/2021 · 14 h 30 · salle 2 • 57000 Metz.
Points 1, 06, 12, 34, 56, 78 ; votes 06, 12, 34, 56, 78, 90 ; 6, 12, 34, 56, 78.
Gironde (33), 612 habitants ; SIRET 336 123 456 00012 ; 33 6 12 34 56 78 90.
Fin de séance [...] (.) [.] . Merci.

| Fiche | Lundi | Mardi | Jeudi | Vendredi |
|---|---|---|---|---|
| 06 | 12 | 34 | 56 | 78 |

Les sessions auront lieu les 03, 10, 17, 24, 31 mars ; les départements 06, 13, 83, 84, 04 sont représentés.
Pages 04, 12, 18, 22, 30 ; arrondissements 01 | 02 | 03 | 04 | 05.
Suivez-nous sur Instagram @clsm.metz, sur X @clsm.fr, sur Mastodon @clsm57.eu ; ou @clsm.metz, @clsm point de vue.
Lire L'Étranger, ISBN 978-2-07-036822-8 (ou 978-2-07-036822-8), ISBN-10 : 2-07-036822-4, la revue ISSN 0395-2649.
Les départements 01 • 07 • 26 • 38 • 42 sont représentés ; DÉPARTEMENTS : 06 / 13 / 83 / 84 / 04.
Voir www.stay-at-home.fr et https://exemple.fr/stay-at-home.html ; cas (a) et (b), article 3(a)b.
Mai : lun mar mer jeu ven sam dim 01 02 03 04 05 06 07 · 08 09 10 11 12 13 14 · 01.02.03.04.05.
Score : 2 à 1 @ 3 h . 1 5 ; plan A @ B C ; x @ y . z.
جمعية الصحة النفسية ٢٠٢١ ، ١٢ ٣٤ ; 心理健康 二〇二一年三月十二日 一二三四五六七八九〇 ; 𝐒𝐚𝐧𝐭𝐞́ 𝟐𝟎𝟐𝟏 𝟏𝟐 ; ２０２１年 ３月.
"""
"""What the new spellings of an address or a number could be mistaken for: handles and middle dots
between words, lists of numbers longer or shorter than a number, or cut unlike one, a table's cells;
handles on social networks, and those with no domain's ending; books' and serials' numbers, whose
digits are those of a number in its national form (« 07-036822-8 », Belgian); a list of départements
set off by bullets; a « -at- » in a web address, a list's « (a) »; the days of a calendar's row;
single characters around a spaced « @ » that end in no domain's ending; Arabic, Chinese and
mathematical letters and digits that are a year or a date."""

STILL_CONTACTS = {
    "Instagram : jean.dupont@gmail.com": "jean.dupont@gmail.com",
    "Facebook : jean @gmail.com": "jean@gmail.com",
    "Suivez-nous @clsm.fr": "suivez-nous@clsm.fr",
    "Écrire à jean -arobase- gmail.com": "jean@gmail.com",
    "tél. 01 • 07 • 26 • 38 • 42": "+33107263842",
    "Appeler le 01 02 03 04 06": "+33102030406",
    "Département de la Moselle : 03 87 37 57 57": "+33387375757",
    "Les départements, tél. 01 • 07 • 26 • 38 • 42": "+33107263842",
    "ISBN 978-2-07-036822-8, tél. 06 12 34 56 78": "+33612345678",
    "Appeler le O5 94 29 10 01": "+594594291001",
    "Appeler le O6.12.34.56.78.": "+33612345678",
    "Appeler le O6 12.34 56 78.": "+33612345678",
    "Appeler le O6 1234 5678.": "+33612345678",
    "Appeler le O3 (87) 56 78 90.": "+33387567890",
    "Appeler le (O3) 87 56 78 90.": "+33387567890",
    "Appeler le O800 123 456.": "+33800123456",
    "Tél(06 12 34 56 78)": "+33612345678",
    "Tél(O6 12 34 56 78)": "+33612345678",
    "Appeler le zéro un, vingt-trois, quarante-cinq, soixante-sept, quatre-vingt-neuf.": "+33123456789",
    "Appeler le 06 12 34 56 soixante-dix-huit.": "+33612345678",
    "Appeler le 0 six, 12, 34, cinquante-six, 78.": "+33612345678",
    "Appeler le +33 six 12 34 56 78.": "+33612345678",
    "Appeler le +33 (0)6 douze 34 56 78.": "+33612345678",
    "Appeler le 0033 six 12 34 56 78.": "+33612345678",
    "Appeler le O6 douze 34 56 78.": "+33612345678",
    "Appeler le o3.87.65.43.21.": "+33387654321",
    "Tél.o6 12 34 56 78": "+33612345678",
    "Appeler le (o6 1234 5678).": "+33612345678",
    "Appeler le o6 I2 34 S6 78.": "+33612345678",
    "Appeler le o6 douze 34 56 78.": "+33612345678",
    "Appeler le O 3 87 65 43 21.": "+33387654321",
    "Appeler le o 3 87 65 43 21.": "+33387654321",
    "Tél. (o 6.12.34.56.78)": "+33612345678",
    "Appeler le 06 douze 34 5678.": "+33612345678",
    "Appeler le +33 six 1234 5678.": "+33612345678",
    "Appeler le zéro six 1234 5678, 12 fois.": "+33612345678",
}
"""Near each lookalike, what stays a contact: an address after a network's name but written as one,
a spaced « @ » before a domain, a list of pairs after a word that announces a number, a
département's switchboard, a number after an ISBN, a capital « O » before a whole French number
(its pairs cut alike or not, in parentheses or not), a number in parentheses glued to a word, the
digits from zero to nine spelled in pairs, words among a number's digits after its « 0 », its « +33 »,
its « 0033 » or a capital « O »; a lowercase « o » for the « 0 » (its pairs cut alike or not, after a
dot, with letters or words among its digits), an « O » or an « o » before a space; digits in groups of
four after a word among them."""

LEAKS_THROUGH_EXEMPTIONS = {
    # An « @ » with spaces on both sides is no handle, whatever the domain ends with.
    "Écrire à jean.dupont @ monsite.ovh": "jean.dupont@monsite.ovh",
    "Écrire à jean.dupont @ gmail point lu": "jean.dupont@gmail.lu",
    # A « / » in a word is no web address (« Courriel/Mail: »).
    "Courriel/Mail:jean-at-orange.fr": "jean@orange.fr",
    # After « ISBN » or « ISSN », pairs are no book's number: an ISBN has a check digit of its own
    # group (or one or two groups and a right check digit), an ISSN a right check digit.
    "Appeler Marie (ISBN 06 12 34 56 78)": "+33612345678",
    "ISBN 0612345678": "+33612345678",
    "ISBN 978 06 12 34 56 78": "+33612345678",
    "ISSN 06 12 34 56 78": "+33612345678",
    "ISBN 2-07-036822-4 06 12 34 56 78": "+33612345678",
    # Pairs after « département » (singular), or after a comma or a sentence's end, are a number.
    "Département de la Moselle : 03 . 87 . 37 . 57 . 57": "+33387375757",
    "Marie, responsable du département, 06 - 12 - 34 - 56 - 78": "+33612345678",
    "Réunion des départements. Marie Dupont : 06 - 12 - 34 - 56 - 78": "+33612345678",
}
"""Contacts that a reader recognises, which the exemptions of handles, web addresses, books' numbers
and lists of départements let through."""

NOT_LETTERED = (
    "CO2 12 34 56 78",
    "O681 9876 543",
    "O6 12 34 56",
    "Salle O1, 12 34 56 78 90",
    "réf. IO6 12 34 56 78 ; SOS 06 12 34 56 ; BIO 2021 ; 0l d'eau ; ISO 9001 ; SIRET 336 123 456 00012",
    "Les 0 à 6 ans : six ateliers ; le 06 douze personnes ; 0,5 million ; réf0six 12 34 56 78",
    "Salle O6 douze places ; réfO6 douze 34 56 78 ; lot+33 six 12 34 56 78 ; +33 six ateliers",
    "Notes : 0, un, deux, trois, quatre, cinq, six, sept, huit, neuf ; 05 décembre ; 08 h 30, 0 un partout",
    "o2 ; le co2 12 34 56 78 ; mp3 ; go 4 ; zoo 06 ; o2 12 34 56 ; o681 9876 543 ; Zoo6 12 34 56 78",
    "Groupe O 12 34 56 78 90 ; salle O 6, 12 34 56 78 ; O 6 ateliers 12 34 56 78 ; CO 6 12 34 56 78",
    "groupe o 12 34 56 78 90 ; salle o 6, 12 34 56 78 ; o 6 ateliers 12 34 56 78 ; photo 6 12 34 56 78 ; go 6 12 34 56 78",
    "Saison 2024 2025 ; le 6 juin 2024 à 14h30 ; le 06 sept 2024 2025 ; zéro six 2024 ; tolérance zéro 2024 2025",
    "SIRET 336 123 456 00012 ; zéro six 1234 5678 9012 ; 0six 1234 5678 901234 ; 0six 123 4567 89 ; zéro 6123 4567 8",
)
"""An « O » or an « o » is read as a « 0 » only before the rest of a French number (nine digits: no
German one), never glued to a word, before a space only before nine digits; words after a
« 0 » only where they make its ten digits, in groups of four only where a pair starts and with no
more digits after them (years, a SIRET)."""


def test_lookalikes_of_disguises_are_no_false_alarm():
    assert contacts.find_in_markdown(LOOKALIKES) == []
    assert contacts.find_in_markdown(ORDINARY_WORDS) == []
    assert contacts.find_in_markdown(LOOKALIKES + "Écrire à contact@chu-metz . fr.") == [(LOOKALIKES.count("\n") + 1, "contact@chu-metz.fr")]


def test_the_new_readings_are_redacted_as_written():
    """The importer's redaction (``redact``) removes what the new readings find, as it was written."""
    spelled = "zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit"
    text = f"Anne : 06 l2 34 S6 78 ou {spelled} ; anne chez exemple point fr ; 0six 12 34 56 78 ; 0six 1234 5678."
    assert contacts.redact(text, "[retiré]") == (
        "Anne : [retiré] ou [retiré] ; [retiré] ; [retiré] ; [retiré].",
        ["06 l2 34 S6 78", spelled, "anne chez exemple point fr", "0six 12 34 56 78", "0six 1234 5678"],
    )
    assert contacts.redact("Tél.o6 12 34 56 78, O 6 12 34 56 78, o 6 12 34 56 78.", "[retiré]") == (
        "Tél.[retiré], [retiré], [retiré].",
        ["o6 12 34 56 78", "O 6 12 34 56 78", "o 6 12 34 56 78"],
    )


@pytest.mark.parametrize("text", STILL_CONTACTS)
def test_what_stays_a_contact_beside_the_lookalikes(text):
    assert markdown_keys(text) == [STILL_CONTACTS[text]]


@pytest.mark.parametrize("text", LEAKS_THROUGH_EXEMPTIONS)
def test_an_exemption_lets_no_contact_through(text):
    assert markdown_keys(text) == [LEAKS_THROUGH_EXEMPTIONS[text]]


def test_books_numbers_written_as_books_write_them_are_no_phones():
    text = "ISBN-13 : 978-2070368228 ; ISBN 0-306-40615-2 ; ISBN 080442957X ; ISBN 0-8044-2957-X ; ISSN 0395-2649 ; ISSN 1050-124X."
    assert contacts.find_in_markdown(text) == []


@pytest.mark.parametrize("text", NOT_LETTERED)
def test_a_capital_o_is_a_zero_only_before_a_french_number(text):
    assert contacts.find_in_markdown(text) == []


def test_a_handle_linked_on_a_page_is_no_address():
    link = '<a href="https://www.instagram.com/clsm.metz/">@clsm.metz</a>'
    assert page_keys(f"<p>Suivez-nous sur Instagram {link}, ou sur X {link}.</p>") == []
    assert page_keys(f"<p>Suivez-nous {link}.</p>") == []  # « .metz » ends no domain
    assert page_keys("<p>Sur Instagram, écrire à jean <em>@gmail.com</em>.</p>") == ["jean@gmail.com"]


# --- The detector on a page -----------------------------------------------------------------


def test_the_visible_text_is_what_a_reader_sees():
    page = (
        '<html><head><title>Réunion</title><script>var t = "06 12 34 56 78";</script></head><body>'
        "<p>Appeler le 06 <em>12</em> 3&#52;\n56<span>78</span>, <a href=\"&#109;ailto:paul%40exemple.fr\">écrire</a></p>"
        "<ul><li>06 12</li><li>34 56 78 90</li></ul><!-- 07 12 34 56 78 -->"
        '<img alt="Fax 03 87 11 22 33" src="x.png"></body></html>'
    )
    text = contacts.visible_text(page)
    found = [(contact.text, contact.key) for contact in contacts.scan(text)]
    assert found == [
        ("06 12 34 5678", "+33612345678"),  # a <span> is inline: no space
        ("03 87 11 22 33", "+33387112233"),
        ("paul@exemple.fr", "paul@exemple.fr"),
    ]


def markdown_keys(source: str) -> list[str]:
    return [contacts.contact_key(shown) for _, shown in contacts.find_in_markdown(source)]


def page_keys(page: str) -> list[str]:
    return [contact.key for contact in contacts.scan(contacts.visible_text(page))]


HOSTILE_RUNS = {
    # name: (the search, what is repeated, a contact written after the run)
    "underscores in Markdown": (markdown_keys, "_", "\n\nAppeler le _06_ 12 34 56 78."),
    "underscores after a digit": (markdown_keys, "1_", "\n\nAppeler le _06_ 12 34 56 78."),
    "stars in Markdown": (markdown_keys, "*", "\n\nAppeler le **06** 12 34 56 78."),
    "groups of digits": (page_keys, "0 ", "<p>Appeler le 06 12 34 56 78.</p>"),
    "prefixes": (page_keys, "+3 ", "<p>Appeler le 06 12 34 56 78.</p>"),
    "slashes": (page_keys, "06/", "<p>Appeler le 06 12 34 56 78.</p>"),
    "parentheses": (page_keys, "(0)", "<p>Appeler le 06 12 34 56 78.</p>"),
    "inline tags": (page_keys, "<em>0</em>", "<p>Appeler le 06 12 34 56 78.</p>"),
    "unclosed tags": (page_keys, "<a ", "<p>Appeler le 06 <em>12</em> 34 56 78.</p>"),
    "unclosed comments": (page_keys, "<!--", "<p>Appeler le 06 12 34 56 78.</p>"),
    "unclosed scripts": (page_keys, "<script>", "<p>Appeler le 06 12 34 56 78.</p>"),
    "pairs cut by commas": (markdown_keys, "06, ", "\n\nAppeler le 06, 12, 34, 56, 78."),
    "spaced dots after an « @ »": (markdown_keys, "a@b . ", "\n\nAppeler le 06 12 34 56 78."),
    "France's code without « + »": (markdown_keys, "33 ", "\n\nAppeler le 33 6 12 34 56 78."),
    "handles after a network's name": (markdown_keys, "Instagram @clsm.metz ", "\n\nAppeler le 06 12 34 56 78."),
    "dashed « -at- » in web addresses": (markdown_keys, "www.a-at-b.fr ", "\n\nAppeler le 06 12 34 56 78."),
    "bracketed « a »": (markdown_keys, "a(a)", "\n\nAppeler le 06 12 34 56 78."),
    "capital « O » before digits": (markdown_keys, "O6 12 ", "\n\nAppeler le O6 12 34 56 78."),
    "lowercase « o » before digits": (markdown_keys, "o6 12 ", "\n\nAppeler le o6 12 34 56 78."),
    "capital « O » before a space": (markdown_keys, "O 6 12 ", "\n\nAppeler le O 6 12 34 56 78."),
    "lowercase « o » before a space": (markdown_keys, "o 6 12 ", "\n\nAppeler le o 6 12 34 56 78."),
    "ISBNs": (markdown_keys, "ISBN 978 2 ", "\n\nAppeler le 06 12 34 56 78."),
    "départements' lists": (markdown_keys, "départements 01 • 07 • ", "\n\nAppeler le 06 12 34 56 78."),
    "pairs cut by semicolons": (markdown_keys, "tél. 06 ; ", "\n\nAppeler le 06 ; 12 ; 34 ; 56 ; 78."),
    "letter-spaced addresses": (markdown_keys, "a b @ c d . ", "\n\nAppeler le 06 12 34 56 78."),
    "letters among digits": (markdown_keys, "06 l2 ", "\n\nAppeler le 06 l2 34 S6 78."),
    "spelled numbers": (markdown_keys, "zéro six ", "\n\nAppeler le zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit."),
    "number words": (markdown_keys, "zéro quatre-vingt-dix-sept ", "\n\nAppeler le 06 12 34 56 78."),
    "words among digits": (markdown_keys, "06 douze ", "\n\nAppeler le 06 douze 34 56 78."),
    "groups of four after words": (markdown_keys, "zéro six 1234 ", "\n\nAppeler le 0six 1234 5678."),
    "words after « +33 » or « O »": (markdown_keys, "+33 six O6 douze ", "\n\nAppeler le +33 six 12 34 56 78."),
    "« chez » before labels": (markdown_keys, "a chez b point ", "\n\nAppeler le 06 12 34 56 78."),
    "single characters before a spaced « @ »": (markdown_keys, "a " * 70 + "@ b ", "\n\nAppeler le 06 12 34 56 78."),
}
"""Runs that the searches once read again from each of their characters: a Markdown body with
100,000 underscores took 83 s to build; « < » with no « > » after them, unclosed comments and
scripts are what a feed's titles can be once decoded. And runs of what the later spellings read
(pairs cut by commas, spaced dots, France's code without its « + », letters among digits, number
words after « zéro » or among digits, « chez » before labels)."""


@pytest.mark.parametrize("case", HOSTILE_RUNS, ids=list(HOSTILE_RUNS))
def test_the_detector_reads_each_run_once(case):
    search, unit, contact = HOSTILE_RUNS[case]
    small, large = unit * (1_000 // len(unit)), unit * (8_000 // len(unit))
    assert ratio(search, small, large) < 24  # linear: 8; quadratic: 64
    assert search(small + contact)[-1] == "+33612345678"  # still found after the run


# --- The structures' public phones -----------------------------------------------------------

OVERSEAS_PARTNERS = PARTNERS.replace(
    "description: Hôpital de test.",
    'description: Hôpital de test.\n    telephone: "05 94 29 10 00"\n    courriel: accueil@exemple.fr\n'
    '    siret: "35600000000048"\n    verifie_le: 2022-01-10\n    source: site de la structure',
)


def test_public_phones_are_e164_in_open_data_and_links_and_grouped_on_pages(build_site):
    build = build_site({"partners.yaml": OVERSEAS_PARTNERS})
    assert build.returncode == 0, build.output  # La Poste's SIRET is valid, the public phone is allowed
    records = json.loads((build.site / "donnees" / "structures.json").read_text(encoding="utf-8"))
    record = next(record for record in (records["structures"] if isinstance(records, dict) else records) if record["id"].endswith("ch-jury"))
    assert record["telephone"] == "+594594291000"  # Cayenne, not +33594291000
    assert record["siret"] == "35600000000048"
    page = build.html("annuaire/ch-jury/index.html")
    assert '<a href="tel:+594594291000">05 94 29 10 00</a>' in page
