# Relevé — les commandes du coordinateur et des développeurs.
# Seul prérequis : Python 3.11 ou plus récent. Tout le reste s'installe dans .venv.
#
# This repository is a CLSM's site made from the starter plus the engine: the coordinator's
# commands are the starter's own Makefile, included below (its one source); only the engine's
# installation and the developers' targets are written here.

# The engine from this folder, editable (a change in hooks/releve/ needs no reinstall), with the
# setuptools of requirements.lock (no isolated build fetching an unpinned one).
INSTALL_ENGINE = $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
# The schemas for the editor also follow the model's declarations.
ENGINE_SOURCES = hooks/releve/schema.py
# The engine's tests build their own sites, this content's too (tests/test_contenu.py, alongside the
# rest); CI builds the published site first and its tests read it (RELEVE_SITE_CONSTRUIT=site).
TESTED_SITE =

include hooks/releve/starter/Makefile

.PHONY: benchmark golden verrou test-installation

## make benchmark : mesure la construction sur 1 000 et 5 000 comptes rendus, en rapports à MkDocs seul et avec Zensical en pair (BENCHMARK.md)
# Zensical is measured as a peer only: never a dependency of the engine (its own requirements are already in the lock).
benchmark: $(STAMP)
	@$(BIN)/python -m pip install --quiet --no-deps zensical==0.0.73 || echo "Zensical 0.0.73 ne s'installe pas ici : il ne sera pas mesuré."
	@$(BIN)/python scripts/benchmark.py

## make golden : réécrit les sorties de référence des tests (tests/golden/) ; relire ensuite leur diff
golden: $(STAMP)
	@RELEVE_REGENERER=1 $(BIN)/python -m pytest -q -n 0 tests/test_golden.py tests/test_feed.py tests/test_ics.py tests/test_timeline.py -k golden

## make test-installation : installe Relevé comme un nouveau CLSM (son wheel, servi par un index de paquets local), crée un site, le teste, le construit et le met à jour (environ deux minutes)
test-installation: $(STAMP)
	@PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -m installation -n 0 tests/test_release.py

## make verrou : réécrit requirements.lock et celui du site de départ après une modification des dépendances de pyproject.toml
verrou: $(STAMP)
	@$(BIN)/python scripts/verrou.py
