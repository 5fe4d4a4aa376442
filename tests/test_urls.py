"""``urls``: every address of the site, and the links between pages, in process."""

from __future__ import annotations

import pytest

from releve import urls


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Cœur de ville", "coeur-de-ville"), ("Réseau « psypérinatalité »", "reseau-psyperinatalite"), ("  COPIL 2021 ! ", "copil-2021"), ("Ærø", "aero")],
)
def test_slugify_gives_ascii_words_joined_by_hyphens(text, slug):
    assert urls.slugify(text) == slug


def test_long_lists_continue_in_folders_no_id_can_take():
    assert urls.page("decisions/index.md", 1) == "decisions/index.md"
    assert urls.page("decisions/index.md", 3) == "decisions/page-3.md"
    assert urls.page("decisions/projet-x.md", 2) == "decisions/projet-x/page-2.md"


@pytest.mark.parametrize(
    ("uri", "address"),
    [("index.md", ""), ("projets/index.md", "projets/"), ("projets/reseau.md", "projets/reseau/"), ("agenda.ics", "agenda.ics")],
)
def test_public_addresses_are_folders(uri, address):
    assert urls.public(uri) == address
    assert urls.public(uri, "jalons") == address + "#jalons"


@pytest.mark.parametrize(
    ("source", "target", "relative"),
    [
        ("projets/reseau.md", "projets/index.md", "../"),
        ("projets/reseau.md", "projets/reseau.md", "./"),
        ("index.md", "comptes-rendus/2021.md", "comptes-rendus/2021/"),
        ("comptes-rendus/2021.md", "index.md", "../../"),
        ("annuaire/ch-jury.md", "annuaire/ch-jury/agenda.ics", "agenda.ics"),
    ],
)
def test_relative_addresses_as_a_published_page_writes_them(source, target, relative):
    assert urls.relative(source, target) == relative


@pytest.mark.parametrize(
    ("source", "target", "relative"),
    [
        ("projets/reseau.md", "comptes-rendus/2021-02-19.md", "../comptes-rendus/2021-02-19.md"),
        ("projets/reseau.md", "projets/index.md#par-statut", "index.md#par-statut"),
        ("index.md", "/projets/index.md", "projets/index.md"),
        ("projets/statut-x/page-2.md", "projets/reseau.md", "../reseau.md"),
        ("projets/reseau.md", "/", "../index.md"),
        ("projets/reseau.md", "annuaire/", "../annuaire/"),
    ],
)
def test_relative_sources_as_a_markdown_link_writes_them(source, target, relative):
    assert urls.relative_source(source, target) == relative


def test_an_engine_link_is_marked_until_its_page_is_rendered():
    assert urls.link("projets/reseau.md", "jalons") == f"{urls.LINK_MARK}projets/reseau.md#jalons"


@pytest.mark.parametrize(
    ("path", "item"),
    [
        ("minutes/2021-02-19-gt.md", ("meeting", "2021-02-19-gt")),
        ("actions/reseau.md", ("action", "reseau")),
        ("projets/reseau", ("action", "reseau")),
        ("comptes-rendus/2021-02-19-gt.md", ("meeting", "2021-02-19-gt")),
        ("projets/index.md", None),
        ("projets/statut-en-cours.md", None),
        ("comptes-rendus/2021.md", None),
        ("annuaire/ch-jury.md", None),
        ("actions/sous/dossier.md", None),
    ],
)
def test_an_item_is_recognised_from_its_source_or_its_page(path, item):
    assert urls.item(path) == item


def test_each_folder_is_read_under_its_tab():
    assert urls.section("decisions/page-2.md") == urls.MEETINGS
    assert urls.section("bilan/2021.md") == urls.TIMELINE
    assert urls.section(urls.ACCESSIBILITY) == urls.ABOUT
    assert urls.section("index.md") is None
