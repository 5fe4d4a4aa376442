"""Hostile input, round 2 (issue 23, item 1 and the messages of item 11): ``docs/`` and the web
editor's ``medias/`` are content.

Their pages get the checks of a body and a front matter of ``title`` only; their files pass a type
allow-list; links and special files are refused anywhere in the sources before anything reads
them; a page whose address differs from a generated one only by case or accents is a collision.
One site with what may pass is built for real and visited in Chromium.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import struct
import zlib
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser import open_page, serve
from conftest import ACTION, BASE_FILES, MEETING, build_in_process, pdf, run_releve, write_project

from releve import pipeline
from releve.validate import validate
from releve.output_paths import collisions

MEETING_PATH = "minutes/2021-02-19-groupe-enfance.md"


def png(width: int = 2, height: int = 2) -> bytes:
    """A real PNG image (grey pixels), made here: no binary file in the repository."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


JPEG = b"\xff\xd8\xff\xc0\x00\x11\x08\x00\x02\x00\x02\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\x12\x34\xff\xd9"
"""A JPEG's header as a viewer reads it before the pixels (its frame: 2 × 2, three components), then its image data."""

PDF = pdf("Rapport du CLSM")
"""A PDF that pypdf reads, with no contact and no action: published (tests/test_hostile_pdf.py checks the others)."""


@contextmanager
def at_most(seconds: int):
    """Fail instead of hanging: a named pipe read by the old code blocked for ever."""

    def expired(signum, frame):
        raise TimeoutError(f"plus de {seconds} s : la validation s'est bloquée")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def sources_state(root: Path) -> dict[str, tuple]:
    """Every entry under ``root`` with its kind, size and date, read without opening any (a named
    pipe would block): equal before and after, the validation changed nothing."""
    state = {}
    for folder, names, files in os.walk(root):
        for name in names + files:
            status = os.lstat(os.path.join(folder, name))
            state[os.path.relpath(os.path.join(folder, name), root)] = (status.st_mode, status.st_size, status.st_mtime_ns)
    return state


def problems_in(root: Path, files: dict, prepare=None) -> list[str]:
    """The validation messages of the fixture site plus ``files``, ``prepare(root)`` run on it
    first (links and pipes), checked in process without building pages; the sources untouched."""
    write_project(root, {**BASE_FILES, **files})
    if prepare is not None:
        prepare(root)
    before = sources_state(root)
    with at_most(60):
        problems = [str(problem) for problem in pipeline.validate_project(root)]
    assert sources_state(root) == before
    return problems


# --- Front matter: title only, as MkDocs reads it ------------------------------------------------

RESERVED = "refusée dans l'en-tête d'une page de docs/ : seules « title » et « contacts_publics » y sont acceptées (les autres sont réservées au moteur et au thème, qui les afficheraient telles quelles)"


def test_a_docs_page_sets_no_key_but_its_title(tmp_path):
    page = """\
        ---
        title: Page libre
        description: '"><script>alert("description")</script>'
        author: <img src=x onerror=alert(1)>
        releve_jsonld: '</script><script>alert("jsonld")</script>'
        recherche: {sigle: x}
        hide: [navigation]
        titre: Autre
        ---
        # Page libre
        """
    assert problems_in(tmp_path, {"docs/libre.md": page}) == [
        f"docs/libre.md:{line}: clé « {key} » {RESERVED}" + (" (vouliez-vous dire « title » ?)" if key == "titre" else "")
        for line, key in ((3, "description"), (4, "author"), (5, "releve_jsonld"), (6, "recherche"), (7, "hide"), (8, "titre"))
    ]


def test_a_docs_page_publishes_only_the_contacts_it_declares_public(tmp_path):
    page = "---\ntitle: Nous joindre\ncontacts_publics: [accueil@exemple.fr]\n---\n# Nous joindre\n\nÉcrire à accueil@exemple.fr ou à anne@exemple.fr.\n"
    assert problems_in(tmp_path, {"docs/nous-joindre.md": page}) == [
        "docs/nous-joindre.md:7: adresse électronique « anne@exemple.fr » dans le texte : retirez ce contact s'il est celui "
        "d'une personne ; si c'est le contact public d'une structure, ajoutez-le à « contacts_publics »"
    ]


def test_a_first_line_mkdocs_would_read_as_metadata_is_named(tmp_path):
    page = "Description: <script>alert(1)</script>\nAuthor: x\n\n# Titre\n"
    assert problems_in(tmp_path, {"docs/libre.md": page}) == [
        f"docs/libre.md:{line}: cette ligne serait lue par MkDocs comme une métadonnée « {key} » et n'apparaîtrait pas "
        "sur la page : commencez la page par son titre (« # Titre ») ou par une ligne vide"
        for line, key in ((1, "description"), (2, "author"))
    ]


def test_yaml_anchors_and_aliases_are_refused_in_a_docs_front_matter(tmp_path):
    # Nine levels of ten aliases: 1 Ko that MkDocs' YAML reader expanded into a page of 72 Mo.
    bomb = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    page = "---\ntitle: Bombe\n" + "\n".join(bomb) + "\n---\n# Bombe\n"
    assert problems_in(tmp_path, {"docs/bombe.md": page}) == [
        "docs/bombe.md:3: les ancres et alias YAML (« & » et « * » en début de valeur) ne sont pas acceptés : "
        "écrivez chaque valeur en entier, ou mettez-la entre guillemets"
    ]


# --- The body: the checks of a compte rendu -----------------------------------------------------


def test_a_docs_page_gets_the_checks_of_a_body(tmp_path):
    body = [
        "# Page",  # 1
        "",
        "![Pixel](https://autre.example/pixel.png) <iframe src=\"https://autre.example/\"></iframe>",  # 3
        "[Brouillon](../actions/brouillon.md) et [inconnue](/projets/reseaux/)",  # 4
        "[x](jav&#x61;script:alert(1))",  # 5
        "[" * 1000,  # 6: half a second of Markdown; 8,000 took half a minute
        "",
        "!!! decision reseau",  # 8
        "    Décidé ici.",
        "",
        "## Titre \u202egnp.exe",  # 11
    ]
    draft = ACTION.replace("titre: Réseau psypérinatalité", "titre: Brouillon").replace("---\n## Quoi", "brouillon: true\n---\n## Quoi")
    problems = problems_in(tmp_path, {"docs/page.md": "\n".join(body) + "\n", "actions/brouillon.md": draft})
    foreign = "serait chargé depuis un autre site (image, cadre ou style) : une page du site ne fait appel à aucun autre site"
    assert problems == [
        "docs/page.md:3: trop de crochets « [ » ou de parenthèses « ]( » laissés ouverts dans ce paragraphe : sa lecture "
        "prendrait des minutes ; fermez-les, ou écrivez « \\[ » pour un crochet qui n'ouvre pas de lien",
        f"docs/page.md:3: « https://autre.example/ » {foreign} ; mettez plutôt un lien : [texte](https://autre.example/)",
        f"docs/page.md:3: « https://autre.example/pixel.png » {foreign} ; mettez plutôt un lien : [texte](https://autre.example/pixel.png)",
        "docs/page.md:4: fiche action inconnue : « reseaux » (vouliez-vous dire « reseau » ?)",
        "docs/page.md:4: la fiche action « brouillon » est un brouillon : une page publiée ne peut pas y renvoyer",
        "docs/page.md:5: le lien « jav&#x61;script:alert » cache son adresse derrière des entités HTML (« javascript: ») : "
        "écrivez l'adresse en clair (un lien « javascript: » ou « data: » n'est jamais publié)",
        "docs/page.md:8: les décisions, engagements et « !!! fait » s'écrivent dans un compte rendu (minutes/), pas dans une page de docs/",
        "docs/page.md:11: le titre « Titre \u202egnp.exe » contient un caractère invisible U+202E (RIGHT-TO-LEFT OVERRIDE, "
        "qui change le sens de l'écriture) : retirez-le",
    ]


def test_a_docs_file_is_read_as_every_source_is(tmp_path):
    files = {
        "docs/gros.md": "# Gros\n\n" + "du texte ordinaire\n" * 60_000,  # 1,1 Mo
        "docs/latin1.md": "# Page\n\nLigne deux\n".encode() + "Réunion\n".encode("latin-1"),
        "docs/mac.md": b"# Page\r\rTexte\r",
        "docs/notes.txt": "Notes\n\n".encode() + b"\xff\n",
        "docs/unicode.md": "# Page\n\nRéunion\n".encode("utf-16"),  # Notepad's « Unicode »
    }
    assert problems_in(tmp_path, files) == [
        f"docs/gros.md:1: le fichier fait {len(files['docs/gros.md'].encode())} octets, plus que la limite de 1 Mo : découpez-le en plusieurs fichiers",
        "docs/latin1.md:4: le fichier n'est pas encodé en UTF-8 (« é » écrit comme en Windows-1252 ou Latin-1, octet E9) : enregistrez-le en UTF-8",
        "docs/mac.md:1: fin de ligne « CR » seule (celle des anciens Mac) : enregistrez le fichier avec des fins de ligne "
        "ordinaires (LF, ou CRLF sous Windows)",
        "docs/notes.txt:3: le fichier n'est pas encodé en UTF-8 (« ÿ » écrit comme en Windows-1252 ou Latin-1, octet FF) : enregistrez-le en UTF-8",
        "docs/unicode.md:1: le fichier est encodé en UTF-16 (« Unicode » du Bloc-notes ou de Word) : enregistrez-le en UTF-8",
    ]


# --- Files beside the pages: a type allow-list --------------------------------------------------


def test_an_address_with_a_space_is_named_with_its_written_form(tmp_path):
    """A file name as the computer shows it: the image or link lost its address without a word; an
    image's address in « <…> », as a link's is written, was said to be « chargé depuis un autre site »."""
    body = "![Affiche](/medias/affiche été.png)\n\n[Le programme](../medias/programme du jour.pdf)\n"
    files = {"medias/affiche été.png": png(), "medias/programme du jour.pdf": PDF}
    assert problems_in(tmp_path, {**files, "docs/page.md": "# Page\n\n" + body, MEETING_PATH: MEETING + "\n" + body}) == [
        "docs/page.md:3: l'adresse « /medias/affiche été.png » contient une espace : écrivez-la entre chevrons, « </medias/affiche été.png> »",
        "docs/page.md:5: l'adresse « ../medias/programme du jour.pdf » contient une espace : écrivez-la entre chevrons, "
        "« <../medias/programme du jour.pdf> »",
        f"{MEETING_PATH}:31: l'adresse « /medias/affiche été.png » contient une espace : écrivez-la entre chevrons, « </medias/affiche été.png> »",
        f"{MEETING_PATH}:33: l'adresse « ../medias/programme du jour.pdf » contient une espace : écrivez-la entre chevrons, "
        "« <../medias/programme du jour.pdf> »",
    ]
    written = "# Page\n\n![Affiche](</medias/affiche été.png>) ![Affiche](/medias/affiche%20été.png)\n\n[Le programme](</medias/programme du jour.pdf>)\n"
    assert problems_in(tmp_path, {**files, "docs/page.md": written}) == []


def test_only_images_pdf_and_texts_are_published_beside_the_pages(tmp_path):
    files = {
        "docs/index-bis.html": "<script>alert(localStorage.length)</script>",
        "docs/vieux.htm": "<p>x</p>",
        "docs/outil.js": "alert(1)",
        "docs/style.css": "body { background: url(https://autre.example/) }",
        "docs/flux.xml": "<rss/>",
        "docs/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "docs/lancer.sh": "#!/bin/sh\n",
        "docs/outil.exe": b"MZ\x90\x00",
        "docs/page.markdown": "# Page\n",
        "docs/faux.png": "<html><script>alert(1)</script></html>",
        "docs/vrai.png": png(),
        "docs/Photo.JPG": JPEG,
        # The first bytes of an image, then a page: what a viewer reads first, the header, is not the image's.
        "docs/page.png": b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
        "medias/page.jpg": b"\xff\xd8\xff<html><script>alert(1)</script></html>",
        "docs/rapport.pdf": PDF,
        "docs/notes.txt": "Des notes.\n",
        "medias/schema.svg": "<svg/>",
        "medias/notes.txt": "Des notes.\n",
        "medias/photo.png": png(),
        "medias/plan.pdf": PDF,
    }
    active = "le site n'en publie aucun, car le navigateur l'exécuterait à l'adresse du site, où l'éditeur en ligne garde sa connexion"
    accepted = "fichiers acceptés : .md, .txt, .png, .jpg, .jpeg, .gif, .webp, .pdf"
    assert problems_in(tmp_path, files) == [
        "docs/faux.png:1: « docs/faux.png » ne contient pas une image ou un document PNG : enregistrez-le à nouveau dans ce format, ou retirez-le",
        f"docs/flux.xml:1: « docs/flux.xml » est un fichier XML : {active} ; {accepted}",
        f"docs/index-bis.html:1: « docs/index-bis.html » est une page HTML : {active} ; {accepted}",
        "docs/lancer.sh:1: « docs/lancer.sh » : type de fichier non publié ; fichiers acceptés dans docs/ : .md, .txt, .png, .jpg, .jpeg, .gif, .webp, .pdf",
        f"docs/logo.svg:1: « docs/logo.svg » est une image SVG : {active} ; {accepted}",
        "docs/outil.exe:1: « docs/outil.exe » : type de fichier non publié ; fichiers acceptés dans docs/ : .md, .txt, .png, .jpg, .jpeg, .gif, .webp, .pdf",
        f"docs/outil.js:1: « docs/outil.js » est un script : {active} ; {accepted}",
        "docs/page.markdown:1: « docs/page.markdown » : une page s'écrit dans un fichier « .md » (en minuscules) de docs/ ; renommez-le",
        "docs/page.png:1: ce fichier n'est pas une image PNG lisible : enregistrez-le à nouveau dans ce format, ou retirez-le",
        f"docs/style.css:1: « docs/style.css » est une feuille de style : {active} ; {accepted}",
        f"docs/vieux.htm:1: « docs/vieux.htm » est une page HTML : {active} ; {accepted}",
        "medias/notes.txt:1: « medias/notes.txt » : type de fichier non publié ; fichiers acceptés dans medias/ : .png, .jpg, .jpeg, .gif, .webp, .pdf",
        "medias/page.jpg:1: ce fichier n'est pas une image JPEG lisible : enregistrez-le à nouveau dans ce format, ou retirez-le",
        f"medias/schema.svg:1: « medias/schema.svg » est une image SVG : {active} ; fichiers acceptés : .png, .jpg, .jpeg, .gif, .webp, .pdf",
    ]


# --- Links and special files, anywhere in the sources -------------------------------------------

LINK = "est un lien symbolique : remplacez-le par le fichier ou le dossier lui-même (un lien pourrait publier un fichier extérieur au projet)"
PIPE = "n'est pas un fichier ordinaire (un tube nommé (FIFO)) : seuls des fichiers ordinaires sont lus ; remplacez-le par un fichier ou retirez-le"


def test_links_and_named_pipes_are_refused_before_anything_reads_them(tmp_path):
    def prepare(root: Path) -> None:
        (root / "docs" / "passwd.md").symlink_to("/etc/passwd")
        (root / "docs" / "environnement.txt").symlink_to("/proc/self/environ")
        (root / "docs" / "systeme").symlink_to("/etc")
        (root / "medias").mkdir()
        (root / "medias" / "zero.png").symlink_to("/dev/zero")
        os.mkfifo(root / "docs" / "tube.md")
        os.mkfifo(root / "medias" / "tube.png")
        os.mkfifo(root / "minutes" / "2022-01-01-tube.md")
        os.mkfifo(root / "actions" / "tube.txt")
        os.mkfifo(root / "evenements.yaml")  # optional: it was passed over without a word

    problems = problems_in(tmp_path, {}, prepare)
    for path in ("docs/passwd.md", "docs/environnement.txt", "docs/systeme", "medias/zero.png"):
        assert f"{path}:1: « {path} » {LINK}" in problems
    for path in ("docs/tube.md", "medias/tube.png", "minutes/2022-01-01-tube.md", "actions/tube.txt", "evenements.yaml"):
        assert f"{path}:1: « {path} » {PIPE}" in problems
    assert len(problems) == 9, problems


def test_a_linked_docs_folder_is_refused(tmp_path):
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n", encoding="utf-8")

    def prepare(root: Path) -> None:
        (root / "docs").symlink_to(outside)

    root = tmp_path / "projet"
    root.mkdir()
    assert problems_in(root, {"docs/a-propos.md": None}, prepare) == [f"docs:1: « docs » {LINK}"]


# --- Collisions with the generated pages --------------------------------------------------------

CASE = "que par des majuscules ou des accents : renommez-le"


def test_a_page_differing_from_a_generated_one_by_case_or_accents_collides():
    generated = ["projets/reseau.md", "agenda/index.md", "agenda.ics", "medias/logo.png"]
    hand_written = [(uri, f"docs/{uri}") for uri in ("Projets/Reseau.md", "projets/réseau.md", "projets/reseau/index.md", "AGENDA.ics", "a-propos.md")]
    assert [str(problem) for problem in collisions(hand_written, generated)] == [
        f"docs/AGENDA.ics:1: ce fichier serait publié à « /AGENDA.ics », qui ne diffère de « /agenda.ics » {CASE}",
        f"docs/Projets/Reseau.md:1: ce fichier serait publié à « /Projets/Reseau/ », qui ne diffère de « /projets/reseau/ » {CASE}",
        "docs/projets/reseau/index.md:1: ce fichier occupe l'adresse d'une page générée par Relevé : renommez-le",
        f"docs/projets/réseau.md:1: ce fichier serait publié à « /projets/réseau/ », qui ne diffère de « /projets/reseau/ » {CASE}",
    ]
    assert [str(problem) for problem in collisions([("medias/logo.png", "medias/logo.png"), ("medias/logo.png", "docs/medias/logo.png")], [])] == [
        "medias/logo.png:1: ce fichier serait publié à la même adresse que « docs/medias/logo.png » : renommez l'un des deux"
    ]


COLLIDING = {
    "docs/Projets/Reseau.md": "# Mon réseau\n",
    "docs/projets/reseau/index.md": "# Mon réseau\n",
    "docs/medias/logo.png": png(),
    "medias/logo.png": png(),
}


def test_the_build_and_the_tree_refuse_a_page_that_collides(tmp_path):
    root = tmp_path / "projet"
    root.mkdir()
    write_project(root, {**BASE_FILES, **COLLIDING})
    build = build_in_process(root)
    assert build.returncode == 1
    expected = [
        f"docs/Projets/Reseau.md:1: ce fichier serait publié à « /Projets/Reseau/ », qui ne diffère de « /projets/reseau/ » {CASE}",
        "docs/projets/reseau/index.md:1: ce fichier occupe l'adresse d'une page générée par Relevé : renommez-le",
        "medias/logo.png:1: ce fichier serait publié à la même adresse que « docs/medias/logo.png » : renommez l'un des deux",
    ]
    for message in expected:
        assert message in build.output
    tree = run_releve("generer", str(tmp_path / "arbre"), "--site", str(root))
    assert tree.returncode == 1 and not (tmp_path / "arbre").exists()
    for message in expected:
        assert message in tree.stderr


# --- What may pass, built for real and visited in Chromium --------------------------------------

NOTE_THEN_DECISION = """\

Note [a]: <template>

Texte-apres-la-note.

!!! decision reseau
    Decision-apres-la-note, publiée.
"""

DOCS_PAGE = """\
---
title: "<img src=x onerror=alert('titre')>"
---
# Page libre

<script>alert('docs-script')</script> <template>
Texte-apres-le-gabarit.

Note [a]: <template>

Texte-apres-la-note.

Voir [le compte rendu](../minutes/2021-02-19-groupe-enfance.md) et le plan :

![Plan du réseau](/medias/plan.png)

[Le rapport](/medias/rapport.pdf)
"""


WINDOWS_PAGE = """\
---
title: "Réunion 👩‍⚕️ de l’été"
---
Texte de l’été.

![Affiche 🧩 « été »](/medias/affiche%20été.png)
"""


DRAFT_MEETING = MEETING.replace("date: 2021-02-19", "date: 2021-03-01").replace("visio: true\n---", "visio: true\nbrouillon: true\n---", 1)
DRAFT_MEDIA = {
    # A meeting not yet approved and a fiche not yet published, each with what is attached to it.
    "minutes/2021-03-01-groupe-enfance.md": DRAFT_MEETING + "\n![Photo](/medias/photo-brouillon.png) ![Plan](/medias/plan.png)\n",
    "actions/brouillon.md": ACTION.replace("---\n## Quoi", "brouillon: true\n---\n## Quoi") + "\n[Le budget](../medias/budget-brouillon.pdf)\n",
    "lettres/2021-03.md": "---\nbrouillon: true\n---\n[Le programme](/medias/programme-brouillon.pdf)\n",
    "medias/photo-brouillon.png": png(3, 3),
    "medias/budget-brouillon.pdf": PDF,
    "medias/programme-brouillon.pdf": PDF,
    "medias/sans-lien.png": png(5, 5),  # linked from nowhere (an e-mail may): published as ever
}
"""Drafts that link files of medias/: one also linked by a published page and text (plan.png)."""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("docs-contenu")
    write_project(
        root,
        {
            **BASE_FILES,
            MEETING_PATH: MEETING + NOTE_THEN_DECISION + "\n![Plan](/medias/plan.png)\n",
            "docs/page-libre.md": DOCS_PAGE,
            "docs/notes.txt": "Des notes publiées telles quelles.\n",
            # Saved by Notepad: a byte-order mark and CRLF line ends; an accented, spaced file name.
            "docs/Réunion été.md": ("\ufeff" + WINDOWS_PAGE.replace("\n", "\r\n")).encode(),
            "medias/affiche été.png": png(2, 2),
            "medias/plan.png": png(4, 3),
            "medias/rapport.pdf": PDF,
            **DRAFT_MEDIA,
        },
    )
    build = build_in_process(root, "--strict")
    assert build.returncode == 0, build.output
    return build


def test_a_docs_page_is_published_as_checked(built):
    page = built.raw_html("page-libre/index.html")
    head = page.split("</head>", 1)[0]
    assert "<title>&lt;img src=x onerror=alert('titre')&gt; – " in head
    assert '<meta property="og:title" content="&lt;img src=x onerror=alert(&#39;titre&#39;)&gt;">' in head
    inert = head.replace("&lt;img src=x onerror=alert('titre')&gt;", "").replace("&lt;img src=x onerror=alert(&#39;titre&#39;)&gt;", "")
    assert "application/ld+json" not in head and "onerror=alert" not in inert
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    # Raw HTML shows as text, and nothing after it is lost.
    for text in ("&lt;script&gt;alert('docs-script')&lt;/script&gt;", "Texte-apres-le-gabarit.", "Note [a]: &lt;template&gt;", "Texte-apres-la-note."):
        assert text in article, text
    assert '<a href="../comptes-rendus/2021-02-19-groupe-enfance/">le compte rendu</a>' in article
    assert '<img alt="Plan du réseau" src="../medias/plan.png">' in article
    assert (built.site / "medias" / "plan.png").read_bytes() == png(4, 3)
    assert (built.site / "medias" / "rapport.pdf").read_bytes() == PDF
    assert (built.site / "notes.txt").is_file()


def test_a_media_only_drafts_link_to_is_not_published(built):
    published = sorted(path.relative_to(built.site).as_posix() for path in (built.site / "medias").iterdir())
    assert published == ["medias/affiche été.png", "medias/plan.png", "medias/rapport.pdf", "medias/sans-lien.png"]
    assert (built.site / "medias" / "sans-lien.png").read_bytes() == png(5, 5)
    files = [path for path in built.site.rglob("*") if path.is_file() and path.suffix in {".html", ".xml", ".json", ".ics", ".gz"}]
    assert [path for path in files if b"-brouillon." in path.read_bytes()] == []


def test_a_media_is_published_again_with_its_draft(tmp_path):
    meeting = "minutes/2021-03-01-groupe-enfance.md"
    write_project(tmp_path, {**BASE_FILES, **DRAFT_MEDIA, meeting: DRAFT_MEDIA[meeting].replace("brouillon: true\n", "")})
    # The fiche and the lettre are still drafts: what only they link to is still withheld.
    assert validate(tmp_path, dt.date(2022, 4, 1)).media == ("medias/photo-brouillon.png", "medias/sans-lien.png")


def test_a_page_saved_by_notepad_keeps_its_title(built):
    """Its front matter, with CRLF line ends, was not read as one: the page lost its title and
    showed « title: … » as a heading."""
    page = built.raw_html("Réunion été/index.html")
    assert "<title>Réunion 👩‍⚕️ de l’été – " in page and "title:" not in page.split("<article", 1)[1]
    assert '<img alt="Affiche 🧩 « été »" src="../medias/affiche%20%C3%A9t%C3%A9.png">' in page
    assert (built.site / "medias" / "affiche été.png").read_bytes() == png(2, 2)


def test_a_note_that_looks_like_a_reference_loses_nothing_after_it(built):
    page = built.html("comptes-rendus/2021-02-19-groupe-enfance/index.html")
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    assert "Note [a]: &lt;template&gt;" in article
    assert "Texte-apres-la-note." in article
    assert re.search(r'<div class="admonition decision">.*Decision-apres-la-note, publiée\.', article, flags=re.S)
    assert '<img alt="Plan" src="../../medias/plan.png">' in article


def test_the_pages_run_nothing_and_call_no_other_site_in_chromium(built, browser):
    dialogs: list[str] = []
    outside: list[str] = []
    with serve(built.site) as origin, open_page(browser, origin, outside) as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for url in ("/page-libre/", "/comptes-rendus/2021-02-19-groupe-enfance/"):
            page.goto(origin + url, wait_until="networkidle")
            shown = page.inner_text("article")
            assert "Texte-apres-la-note." in shown
            widths = page.eval_on_selector_all("article img", "images => images.map(image => image.naturalWidth)")
            assert widths == [4], widths  # the web editor's image, published and loaded
        page.goto(origin + "/page-libre/", wait_until="networkidle")
        assert "<script>alert('docs-script')</script> <template>" in page.inner_text("article")
    assert dialogs == [] and outside == []
