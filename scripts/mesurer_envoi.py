"""Mesure ce qu'un envoi (push) fait tourner sur le site d'un CLSM, comme sa CI : l'installation depuis
un cache chaud, les tests, la construction (PDF compris, depuis leur cache).

    python scripts/mesurer_envoi.py [--comptes-rendus 300] [--dossier /tmp/envoi]

1. Le moteur de ce dépôt en wheel, comme le paquet publié (non mesuré).
2. Un site créé par « releve creer », son contenu remplacé par le corpus cloné des vrais comptes rendus
   (scripts/generer_corpus.py --reel), son requirements.lock épinglant ce wheel par son empreinte.
3. Un premier envoi, non mesuré : « make test » puis « make build » remplissent le cache de pip et celui
   des PDF (.cache/releve), comme l'ont fait les envois précédents en CI.
4. L'envoi mesuré : .venv supprimé (un exécuteur de CI part de zéro ; le cache de pip est chaud, comme
   le rend « cache: pip » d'actions/setup-python), le corps d'un compte rendu modifié ; puis, chacun
   chronométré : « make .venv/.installe » (l'installation), « make test », « make build ».

Ni la préparation de l'exécuteur (extraction du dépôt, Python, Pango par apt-get, restauration des
caches), ni le dépôt de l'artefact et la publication sur Pages, que seule la CI peut mesurer.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(REPO / "scripts"))

from generer_corpus import clone  # noqa: E402

from releve import __version__, lock  # noqa: E402

CONTENT = ("minutes", "actions", "partners.yaml", "referentiel.yaml", "evenements.yaml", "historique.yaml")
"""What the cloned corpus gives the created site (the rest is the starter's)."""


def decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def step(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the command and every process it waited for) of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"échec de « {' '.join(command)} » :\n{output.decode(errors='replace')[-4000:]}")
    return seconds, usage.ru_utime + usage.ru_stime


def site(work: Path, minutes: int, env: dict[str, str]) -> Path:
    # Built from a copy of the sources: a build writes beside them.
    sources, wheels = work / "sources", work / "wheels"
    shutil.copytree(REPO / "hooks", sources / "hooks", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, sources / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(sources)], check=True, env=env)
    wheel = next(wheels.glob("releve-*.whl"))
    root = work / "site"
    releve = Path(sys.executable).with_name("releve")
    subprocess.run([str(releve), "creer", str(root), "--nom", "Conseil local de santé mentale de Valmont"], check=True, env=env, stdout=subprocess.DEVNULL)
    corpus = work / "corpus"
    clone(minutes, corpus)
    for name in CONTENT:
        target = root / name
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        if (corpus / name).is_dir():
            shutil.copytree(corpus / name, target)
        elif (corpus / name).exists():
            shutil.copy(corpus / name, target)
    template = (REPO / "hooks" / "releve" / "starter" / "requirements.lock").read_text(encoding="utf-8")
    pinned = lock.site_lock(template, lock.SitePin(Version(__version__), None), [lock.file_hash(wheel)])
    (root / "requirements.lock").write_text(pinned, encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure l'installation, les tests et la construction d'un envoi.")
    parser.add_argument("--comptes-rendus", type=int, default=300, help="taille du site (300 par défaut)")
    parser.add_argument("--dossier", type=Path, help="dossier de travail (gardé) ; par défaut, un dossier temporaire")
    args = parser.parse_args(argv)
    work = args.dossier or Path(tempfile.mkdtemp(prefix="releve-envoi-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_FIND_LINKS": str(work / "wheels")}
    env.pop("VIRTUAL_ENV", None)
    root = site(work, args.comptes_rendus, env)
    print(f"Premier envoi (non mesuré) : caches de pip et des PDF remplis dans {root}…", flush=True)
    for target in ("test", "build"):
        step(["make", target], root, env)
    shutil.rmtree(root / ".venv")
    edited = sorted((root / "minutes").glob("*.md"))[-1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nUne phrase ajoutée par l'envoi mesuré.\n", encoding="utf-8")
    figures = {target: step(["make", target], root, env) for target in (".venv/.installe", "test", "build")}
    total = sum(seconds for seconds, _ in figures.values())
    for target, (seconds, cpu) in figures.items():
        print(f"make {target} : {decimal(seconds)} s réel, {decimal(cpu)} s CPU")
    print(f"Envoi de {args.comptes_rendus} comptes rendus : {decimal(total)} s réel en tout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
