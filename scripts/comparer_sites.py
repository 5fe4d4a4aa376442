"""Compare deux sites construits, fichier par fichier : ce qu'un changement du moteur a changé.

    python scripts/comparer_sites.py AVANT/site APRES/site [--details 5]

Sert à vérifier qu'une optimisation ne change pas les pages : construire le même projet avant et
après (par exemple avec ``scripts/generer_corpus.py 300 /tmp/p --reel``), puis comparer les deux
dossiers ``site/``. Affiche les fichiers présents d'un seul côté, les fichiers différents (avec la
première différence de quelques-uns) et le nombre de fichiers identiques ; code de sortie 0
seulement si les deux sites sont identiques à l'octet près.

L'index de recherche (``pagefind/``) est comparé à part : ses noms de fichiers sont des empreintes
de leur contenu, si bien qu'une seule page changée les change presque tous ; il est identique quand
les pages indexées le sont.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SEARCH_BUNDLE = "pagefind/"
CONTEXT = 80
"""Characters shown on each side of the first difference of a file."""


def files_of(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


def first_difference(a: bytes, b: bytes) -> str:
    index = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    start = max(0, index - CONTEXT)
    before = a[start : index + CONTEXT].decode("utf-8", errors="replace")
    after = b[start : index + CONTEXT].decode("utf-8", errors="replace")
    return f"    octet {index} :\n    avant : {before!r}\n    après : {after!r}"


def compare(before: Path, after: Path, details: int) -> bool:
    old, new = files_of(before), files_of(after)
    only_old = sorted(set(old) - set(new))
    only_new = sorted(set(new) - set(old))
    common = sorted(set(old) & set(new))
    differing = [path for path in common if old[path].read_bytes() != new[path].read_bytes()]
    pages = [path for path in differing if not path.startswith(SEARCH_BUNDLE)]
    search = [path for path in differing if path.startswith(SEARCH_BUNDLE)]
    search_names = [path for path in only_old + only_new if path.startswith(SEARCH_BUNDLE)]
    for label, paths in (("seulement avant", only_old), ("seulement après", only_new)):
        shown = [path for path in paths if not path.startswith(SEARCH_BUNDLE)]
        if shown:
            print(f"{len(shown)} fichier(s) {label} : " + ", ".join(shown[:20]) + (" …" if len(shown) > 20 else ""))
    if pages:
        print(f"{len(pages)} fichier(s) différent(s) :")
        for path in pages[:details]:
            print(f"  {path}")
            print(first_difference(old[path].read_bytes(), new[path].read_bytes()))
        if len(pages) > details:
            print("  … " + ", ".join(pages[details : details + 30]) + (" …" if len(pages) > details + 30 else ""))
    if search or search_names:
        print(f"Index de recherche : {len(search)} fichier(s) différent(s), {len(search_names)} nom(s) présent(s) d'un seul côté")
    same = len(common) - len(differing)
    print(f"{same} fichier(s) identique(s) sur {len(set(old) | set(new))}")
    return not (only_old or only_new or differing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare deux sites construits, fichier par fichier.")
    parser.add_argument("avant", type=Path, help="dossier du site de référence")
    parser.add_argument("apres", type=Path, help="dossier du site à comparer")
    parser.add_argument("--details", type=int, default=5, help="nombre de fichiers différents dont la première différence est montrée")
    args = parser.parse_args(argv)
    for folder in (args.avant, args.apres):
        if not folder.is_dir():
            parser.error(f"{folder} n'est pas un dossier")
    return 0 if compare(args.avant, args.apres, args.details) else 1


if __name__ == "__main__":
    sys.exit(main())
