# Relevé — les commandes du coordinateur et des développeurs.
# Seul prérequis : Python 3.11 ou plus récent. Tout le reste s'installe dans .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installe
export NO_MKDOCS_2_WARNING := 1

.PHONY: site build test verifier importer nouveau nouvelle-action benchmark clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## make site : construit le site et le sert sur http://127.0.0.1:8000 (rechargé à chaque modification)
site: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

## make build : construit le site dans site/ (échoue à la moindre erreur)
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## make test : lance tous les tests
test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV)
