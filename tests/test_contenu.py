"""Les tests du contenu de ce site, valables pour tout CLSM : vérification, construction et liens,
brouillons jamais publiés, confidentialité. Lancés par « make test » et à chaque publication."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from releve import cli

SITE = Path(__file__).resolve().parents[1]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?<!\d)0\d(?:[ .]?\d{2}){4}(?!\d)")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """Le site construit avec --strict : une erreur de contenu ou un lien cassé le fait échouer.
    Celui que « make build » vient de construire quand « make test » le dit (RELEVE_SITE_CONSTRUIT) :
    un envoi ne construit le site qu'une fois ; sinon, un site construit pour les tests."""
    if os.environ.get("RELEVE_SITE_CONSTRUIT"):
        target = SITE / os.environ["RELEVE_SITE_CONSTRUIT"]
        assert (target / "index.html").is_file(), f"{target} : aucun site construit"
        return target
    target = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        # Sans PDF : ils ne changent rien aux pages vérifiées ici, et Relevé vérifie les siens.
        cwd=SITE, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "RELEVE_PDF": "non"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def sources() -> list[Path]:
    return sorted([*SITE.glob("minutes/*.md"), *SITE.glob("actions/*.md")])


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1]) or {}


def test_le_contenu_est_valide(capsys):
    code = cli.main(["verifier", "--site", str(SITE)])  # « make verifier »
    assert code == 0, capsys.readouterr().out


def test_le_site_se_construit_sans_lien_casse(built):
    assert (built / "index.html").is_file()


def test_aucun_brouillon_n_est_publie(built):
    pages = "\n".join(path.read_text(encoding="utf-8") for path in built.rglob("*.html"))
    for path in sources():
        data = front_matter(path)
        if data.get("brouillon"):
            assert str(data["titre"]) not in pages, f"{path.name} est un brouillon mais son titre est publié"


@pytest.mark.parametrize("path", sources(), ids=lambda path: path.name)
def test_aucune_coordonnee_personnelle(path):
    text = path.read_text(encoding="utf-8")
    assert not EMAIL.search(text), f"{path.name} contient une adresse électronique"
    assert not PHONE.search(text), f"{path.name} contient un numéro de téléphone"


def test_aucune_requete_vers_un_autre_site(built):
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<(?:script|img)\b[^>]*\bsrc=\"https?://", html), page.name
        assert not re.search(r"<link\b[^>]*\brel=\"(?:stylesheet|preconnect)\"[^>]*\bhref=\"https?://", html), page.name
