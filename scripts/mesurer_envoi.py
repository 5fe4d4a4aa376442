"""Mesure ce qu'un envoi (push) fait tourner sur le site d'un CLSM, comme sa CI : la restauration de
ses caches (l'installation .venv et les PDF), l'installation, la construction et les tests (« make test »).

    python scripts/mesurer_envoi.py [--comptes-rendus 300] [--dossier /tmp/envoi]

1. Le moteur de ce dépôt en wheel, comme le paquet publié (non mesuré).
2. Un site créé par « releve creer », son contenu remplacé par le corpus cloné des vrais comptes rendus
   (scripts/generer_corpus.py --reel), son requirements.lock épinglant ce wheel par son empreinte.
3. Un premier envoi, non mesuré, la veille (RELEVE_AUJOURDHUI) : « make test » installe .venv et fait
   tous les PDF ; .venv et .cache/releve sont alors archivés, comme la CI les garde en cache.
4. L'envoi mesuré, le lendemain : .venv, .cache/releve et site/ supprimés (un exécuteur de CI part de
   zéro), les sources plus récentes que l'archive (une extraction fraîche du dépôt), le corps d'un compte
   rendu modifié ; puis, chacun chronométré : l'extraction des deux archives (la restauration des caches,
   sans leur téléchargement), « make .venv/.installe » (l'installation : rien à faire si make reconnaît
   le .venv restauré), « make test » (la construction, PDF compris, puis les tests du site construit).

Ni la préparation de l'exécuteur (extraction du dépôt, Python, Pango par apt-get, téléchargement des
caches), ni le dépôt de l'artefact et la publication sur Pages, que seule la CI peut mesurer.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

from releve import __version__, lock, version  # noqa: E402

CONTENT = ("minutes", "actions", "partners.yaml", "referentiel.yaml", "evenements.yaml", "historique.yaml")
"""What the cloned corpus gives the created site (the rest is the starter's)."""


def decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def archive(root: Path, folder: str, target: Path) -> None:
    """``folder`` of the site kept as CI keeps a cache (zstd when the machine has it, as actions/cache)."""
    compress = ["--zstd"] if shutil.which("zstd") else ["--gzip"]
    subprocess.run(["tar", *compress, "-cf", str(target), folder], cwd=root, check=True)


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
    # creer pins the last release (this engine runs from its sources): the site installs this wheel instead.
    pyproject = root / "pyproject.toml"
    last = version.last_release(version.shipped_history())
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(f'"releve=={last}"', f'"releve=={__version__}"'), encoding="utf-8")
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
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    print(f"Premier envoi (non mesuré, daté du {yesterday}) : installation et PDF dans {root}…", flush=True)
    first = step(["make", "test"], root, {**env, "RELEVE_AUJOURDHUI": yesterday})
    print(f"  (make test du premier envoi : {decimal(first[0])} s réel, {decimal(first[1])} s CPU)", flush=True)
    caches = {folder: work / f"cache-{folder.strip('.').replace('/', '-')}.tar" for folder in (".venv", ".cache/releve")}
    for folder, target in caches.items():
        archive(root, folder, target)
        shutil.rmtree(root / folder)
    shutil.rmtree(root / "site")
    # A fresh checkout: every source newer than the caches.
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path)
    edited = sorted((root / "minutes").glob("*.md"))[-1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nUne phrase ajoutée par l'envoi mesuré.\n", encoding="utf-8")
    started = time.time()
    extract = " && ".join(f"tar -xf {target}" for target in caches.values())
    figures = {"restauration des caches (extraction)": step(["sh", "-c", extract], root, env)}
    figures |= {f"make {target}": step(["make", target], root, env) for target in (".venv/.installe", "test")}
    total = sum(seconds for seconds, _ in figures.values())
    for name, (seconds, cpu) in figures.items():
        print(f"{name} : {decimal(seconds)} s réel, {decimal(cpu)} s CPU")
    pdfs = list((root / ".cache" / "releve" / "pdf").glob("*.pdf"))
    remade = sum(1 for path in pdfs if path.stat().st_mtime >= started)
    sizes = {folder: target.stat().st_size / 1e6 for folder, target in caches.items()}
    print(f"PDF refaits : {remade} sur {len(pdfs)} ; archives : " + ", ".join(f"{folder} {decimal(size)} Mo" for folder, size in sizes.items()))
    print(f"Envoi de {args.comptes_rendus} comptes rendus : {decimal(total)} s réel en tout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
