# Relevé — les commandes du coordinateur et des développeurs.
# Seul prérequis : Python 3.11 ou plus récent. Tout le reste s'installe dans .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installe
EDITOR_SCHEMAS := schemas/compte-rendu.schema.json
export NO_MKDOCS_2_WARNING := 1
# Recipes are not echoed (« @ »): the console shows the tools' French lines and the errors only.

.PHONY: site build test verifier engagements importer renommer nouveau nouvelle-action schemas benchmark golden clean

# The engine is installed in editable mode: a change in hooks/releve/ needs no reinstall.
$(STAMP): pyproject.toml
	@echo "Installation des outils dans $(VENV) (la première fois, ou après une modification de pyproject.toml)…"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

PORT ?= 8000

## make site [PORT=8000] : construit le site et le sert sur http://127.0.0.1:8000 (rechargé à chaque modification)
# --dirty: each rebuild still validates everything (each unchanged file's own checks kept from the
# previous rebuild) but rewrites only the pages that changed
# (hooks/releve/preview.py); the preview has no search index.
site: $(STAMP) $(EDITOR_SCHEMAS)
	@$(BIN)/releve verifier --configuration
	@$(BIN)/mkdocs serve --strict --dirty --dev-addr 127.0.0.1:$(PORT)

## make build : construit le site dans site/ (échoue à la moindre erreur)
build: $(STAMP) $(EDITOR_SCHEMAS)
	@$(BIN)/releve verifier --configuration
	@$(BIN)/mkdocs build --strict

## make test : lance tous les tests
# PYTHONDONTWRITEBYTECODE emptied: Python's default (compiled code kept in __pycache__/, ignored by
# git), which some CI images turn off; the suite starts some forty interpreters that would each
# compile the engine again.
test: $(STAMP)
	@PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest

## make verifier : vérifie tout le contenu sans construire le site
verifier: $(STAMP) $(EDITOR_SCHEMAS)
	@$(BIN)/releve verifier

## make engagements : liste les engagements en cours avec leur identifiant (pour les clore)
engagements: $(STAMP)
	@$(BIN)/releve engagements

## make importer FICHIER=chemin/compte-rendu.docx : crée un compte rendu (brouillon) depuis Word
importer: $(STAMP)
	@if [ -z "$(FICHIER)$(findstring --completer,$(ARGS))" ]; then echo "Erreur : indiquez le document à importer, par exemple : make importer FICHIER=~/Documents/compte-rendu.docx" >&2; exit 2; fi
	@$(BIN)/releve importer "$(FICHIER)" $(ARGS)

## make renommer ANCIEN=centre-hospitalier NOUVEAU=centre-hospitalier-de-la-ville : renomme une structure, une fiche action, une instance ou une thématique partout (les anciennes adresses restent valables)
renommer: $(STAMP)
	@$(BIN)/releve renommer "$(ANCIEN)" "$(NOUVEAU)" $(ARGS)

## make nouveau : crée un nouveau compte rendu daté d'aujourd'hui (make nouveau ARGS=--aide : les options)
nouveau: $(STAMP)
	@$(BIN)/releve nouveau $(ARGS)

## make nouvelle-action : crée une nouvelle fiche action avec les dix questions
nouvelle-action: $(STAMP)
	@$(BIN)/releve nouvelle-action $(ARGS)

## make schemas : régénère les schémas JSON pour l'éditeur (schemas/)
schemas: $(STAMP)
	@$(BIN)/releve schemas

# The schemas list the ids of the content (structures, instances, fiches actions…): site, build
# and verifier refresh them when the model, the two YAML files or the list of actions change.
$(EDITOR_SCHEMAS): $(STAMP) hooks/releve/schema.py referentiel.yaml partners.yaml actions
	@$(BIN)/releve schemas
	@touch schemas/*.schema.json

## make benchmark : mesure la construction sur 100, 1 000 et 5 000 comptes rendus
benchmark: $(STAMP)
	@$(BIN)/python scripts/benchmark.py

## make golden : réécrit les sorties de référence des tests (tests/golden/) ; relire ensuite leur diff
golden: $(STAMP)
	@RELEVE_REGENERER=1 $(BIN)/python -m pytest -q -n 0 tests/test_golden.py tests/test_feed.py tests/test_ics.py tests/test_timeline.py -k golden

clean:
	@rm -rf site $(VENV)
