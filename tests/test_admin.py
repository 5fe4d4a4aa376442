"""The web form of /admin/: its configuration made from the schema, its page, its vendored bundle."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASE_FILES, MEETING, REFERENTIAL, REPO, build_in_process, project_config, read_yaml, run_releve, write_project
from releve import cms, pipeline
from releve.schema import TIME_RANGE
from releve.outputs import admin

sys.path.insert(0, str(REPO / "scripts"))

MEETING_PATH = "minutes/2021-02-19-groupe-enfance.md"
GITLAB = """\
depot:
  forge: gitlab
  projet: clsm-test/site
  adresse: https://gitlab.exemple.fr/
  application: 0123abcd
  relecture: true
"""


def _project(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    tmp_path.mkdir(exist_ok=True)
    write_project(tmp_path, {**BASE_FILES, **(files or {})})
    return tmp_path


def _form(tmp_path: Path, files: dict[str, str] | None = None, commitments: cms.Commitments = ()) -> cms.Form:
    linked = pipeline.load(_project(tmp_path, files), dt.date(2022, 4, 1))
    return cms.form(linked.site.referential, commitments=commitments)


def _config(tmp_path: Path, files: dict[str, str] | None = None) -> dict:
    return _form(tmp_path, files).config


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def _fields(collection: dict) -> dict[str, dict]:
    fields = collection["fields"] if "fields" in collection else collection["files"][0]["fields"]
    return {field["name"]: field for field in fields}


def test_collections_cover_minutes_actions_and_the_yaml_files(tmp_path):
    config = _config(tmp_path)
    meetings = _collection(config, cms.MEETINGS)
    assert (meetings["folder"], meetings["slug"], meetings["summary"]) == ("minutes", "{{fields.date}}-{{slug}}", "{{date}} · {{titre}}")
    assert config["slug"]["encoding"] == "ascii" and config["output"] == {"omit_empty_optional_fields": True}
    assert _collection(config, cms.ACTIONS)["folder"] == "actions"
    # An image keeps no space or accent in its name (its link, percent-encoded, led nowhere), and no
    # photo bank of another site is offered (the page's CSP blocks them).
    assert config["media_libraries"] == {"default": {"config": {"slugify_filename": True}}, "stock_assets": False}
    files = {c["files"][0]["file"] for c in config["collections"] if "files" in c}
    assert files == {"partners.yaml", "referentiel.yaml", "evenements.yaml"}
    fields = _fields(meetings)
    assert list(fields)[:3] == ["titre", "type", "date"] and list(fields)[-1] == "body"
    assert fields["titre"] == {"name": "titre", "label": "Titre", "widget": "string", "hint": "Titre de la réunion.", "required": True}
    assert fields["date"]["format"] == "YYYY-MM-DD" and fields["horaire"]["required"] is False


def test_a_paragraph_box_exactly_where_the_schema_accepts_line_breaks(tmp_path):
    """The form must not offer a multi-line box for a text the validation refuses on two lines."""
    from releve.schema import ACTION, MEETING, PARTNERS, ListOf, Record, Text

    def boxes(record: Record, fields: list[dict], path: str = "") -> list[tuple[str, bool, bool]]:
        by_name = {field["name"]: field for field in fields}
        found = []
        for key, spec in record.fields.items():
            field, kind = by_name.get(key), spec.type.item if isinstance(spec.type, ListOf) else spec.type
            if field is None:
                continue
            if isinstance(kind, Text):
                widget = field["field"]["widget"] if isinstance(spec.type, ListOf) else field["widget"]
                found.append((path + key, widget == "text", kind.multiline))
            elif isinstance(kind, Record):
                found += boxes(kind, field["fields"], f"{path}{key}.")
        return found

    config = _config(tmp_path)
    found = boxes(MEETING, _collection(config, cms.MEETINGS)["fields"]) + boxes(ACTION, _collection(config, cms.ACTIONS)["fields"])
    found += boxes(PARTNERS, _collection(config, cms.DIRECTORY)["files"][0]["fields"])
    assert ("prochaine_reunion.note", False, False) in found and ("structures.description", True, True) in found
    assert [(key, box) for key, box, multiline in found if box != multiline] == []


def test_selects_offer_the_vocabulary_of_the_referential(tmp_path):
    config = _config(tmp_path)
    meeting, action = _fields(_collection(config, cms.MEETINGS)), _fields(_collection(config, cms.ACTIONS))
    assert meeting["instance"]["options"] == [
        {"label": "Comité de pilotage (COPIL)", "value": "copil"},
        {"label": "Groupes thématiques", "value": "groupe thématique"},
    ]
    assert [o["value"] for o in meeting["thematiques"]["options"]] == ["enfance-parentalite", "logement"]
    assert meeting["thematiques"]["multiple"] is True
    assert action["axe"]["options"][1] == {"label": "2 — Amélioration des parcours", "value": 2}
    assert [o["value"] for o in action["statut"]["options"]][0] == "en réflexion"
    structure = _fields(_collection(config, cms.DIRECTORY))["structures"]["fields"]
    sector = next(f for f in structure if f["name"] == "secteur")
    assert [o["value"] for o in sector["options"]] == ["soins-prevention", "accompagnement-social"]


def test_relations_point_at_the_annuaire_and_the_fiches(tmp_path):
    config = _config(tmp_path)
    meeting, action = _fields(_collection(config, cms.MEETINGS)), _fields(_collection(config, cms.ACTIONS))
    participant = {f["name"]: f for f in meeting["participants"]["fields"]}
    assert participant["structure"]["widget"] == "relation"
    assert participant["structure"]["collection"] == cms.DIRECTORY
    assert participant["structure"]["file"] == _collection(config, cms.DIRECTORY)["files"][0]["name"]
    assert participant["structure"]["value_field"] == "structures.*.id"
    assert meeting["participants"]["summary"] == "{{nom}} {{groupe}}"
    # « Ajouter Participant », « 1 Point » rather than the list's plural.
    assert meeting["participants"]["label_singular"] == "Participant"
    assert (meeting["ordre_du_jour"]["label_singular"], meeting["ordre_du_jour"]["field"]["label"]) == ("Point", "Point")
    assert meeting["actions"] | {"multiple": True} == meeting["actions"]
    assert (meeting["actions"]["collection"], meeting["actions"]["value_field"]) == (cms.ACTIONS, "{{slug}}")
    for key in ("pilotes", "partenaires"):
        assert action[key]["widget"] == "relation" and action[key]["multiple"] is True
        assert action[key]["value_field"] == "structures.*.id"


def test_new_entries_start_as_drafts_and_fiches_with_the_questions(tmp_path):
    config = _config(tmp_path)
    for name in (cms.MEETINGS, cms.ACTIONS):
        # A default would also fill the key of every published file opened without it (see the browser test).
        assert "default" not in _fields(_collection(config, name))["brouillon"]
    # Given as the URL parameters of the form's « new entry » page: a new entry only.
    assert cms.new_entry_values(config) == {cms.MEETINGS: {"brouillon": "true"}, cms.ACTIONS: {"brouillon": "true"}}
    meeting = _fields(_collection(config, cms.MEETINGS))
    assert meeting["brouillon"]["hint"] == "Activé : la page n'est publiée nulle part."
    assert meeting["visio"]["hint"] == "Activé si la réunion a eu lieu en visioconférence."
    body = _fields(_collection(config, cms.ACTIONS))["body"]["default"]
    assert re.findall(r"^## (.+)$", body, re.M)[:2] == ["Quoi ?", "Pourquoi ?"]
    assert len(re.findall(r"^## ", body, re.M)) == 10


def test_form_and_validator_refuse_the_same_horaire_with_the_same_words(tmp_path):
    field = _fields(_collection(_config(tmp_path), cms.MEETINGS))["horaire"]
    regex, message = field["pattern"]
    for good in ("10h", "10h-12h", "8h30-12h30"):
        assert re.search(regex, good)
    for bad in ("de 10 à 12", "25h", "10h-", "10h75"):
        assert not re.search(regex, bad)
    assert message == f"« Horaire » doit être {TIME_RANGE.expected}."
    bad = MEETING.replace("horaire: 10h-12h\nvisio", "horaire: de 10 à 12\nvisio")
    problems = pipeline.validate_project(_project(tmp_path / "bad", {MEETING_PATH: bad}))
    assert [str(p) for p in problems] == [
        f"{MEETING_PATH}:5: « horaire » doit être {TIME_RANGE.expected}, trouvé « de 10 à 12 »"
    ]


def test_the_annuaire_form_checks_the_shapes_the_schema_declares(tmp_path):
    structure = {f["name"]: f for f in _fields(_collection(_config(tmp_path), cms.DIRECTORY))["structures"]["fields"]}
    address = {f["name"]: f for f in structure["adresse"]["fields"]}
    cases = {
        "siret": (structure, "123 456 789 00012", "1234"),
        "courriel": (structure, "accueil@exemple.fr", "accueil@"),
        "telephone": (structure, "03 87 00 00 00", "tél. 03"),
        "accessibilite": (structure, "https://acceslibre.beta.gouv.fr/app/57/", "https://exemple.fr/"),
        "code_postal": (address, "57000", "570"),
    }
    for key, (fields, good, bad) in cases.items():
        regex, message = fields[key]["pattern"]
        assert re.search(regex, good) and not re.search(regex, bad), key
        assert message.startswith(f"« {cms.label(key)} » doit être "), message
    assert structure["siret"]["pattern"][1] == "« SIRET » doit être un numéro SIRET de 14 chiffres."


def test_the_form_bounds_a_count_as_the_schema_does(tmp_path):
    """An axis's number becomes an address (/projets/axe-N/): the form stops at the schema's bound too."""
    referential = _fields(_collection(_config(tmp_path), cms.REFERENTIAL_COLLECTION))
    numero = {field["name"]: field for field in referential["axes"]["fields"]}["numero"]
    assert (numero["widget"], numero["value_type"], numero["min"], numero["max"]) == ("number", "int", 0, 99)


def test_repository_settings_make_the_backend_and_the_csp(tmp_path):
    linked = pipeline.load(_project(tmp_path, {"referentiel.yaml": REFERENTIAL + GITLAB}), dt.date(2022, 4, 1))
    config = cms.form(linked.site.referential).config
    assert config["backend"] == {
        "name": "gitlab",
        "repo": "clsm-test/site",
        "branch": "main",
        "auth_type": "pkce",
        "app_id": "0123abcd",
        "base_url": "https://gitlab.exemple.fr",
        "api_root": "https://gitlab.exemple.fr/api/v4",
    }
    assert config["publish_mode"] == "editorial_workflow"
    # GitHub: a personal access token only, since its own sign-in needs an OAuth server elsewhere.
    assert cms.form(pipeline.load(_project(tmp_path / "github"), dt.date(2022, 4, 1)).site.referential).config["backend"]["auth_methods"] == ["token"]
    assert "connect-src 'self' data: blob: https://gitlab.exemple.fr;" in admin.content_security_policy(linked)


def test_a_self_hosted_gitlab_is_trusted_only_when_mkdocs_yml_names_it_too(tmp_path):
    """referentiel.yaml is content (a contributor's change, or the form itself, writes it): the form
    sends the coordination's sign-in to its « depot: adresse: » only if mkdocs.yml (the maintainers')
    names the same GitLab. The accepted case, built: tests/test_cli.py (« releve creer --depot »)."""
    root = _project(tmp_path, {"referentiel.yaml": REFERENTIAL + GITLAB})
    line = (REFERENTIAL + GITLAB).splitlines().index("  adresse: https://gitlab.exemple.fr/") + 1
    sign_in = f"referentiel.yaml:{line}: depot.adresse : le formulaire en ligne enverrait la connexion de la coordination à https://gitlab.exemple.fr"
    add = "si c'est bien le GitLab du site, ajoutez « forge: https://gitlab.exemple.fr » sous « extra: releve: » de mkdocs.yml (modifié par les responsables du site seulement)"
    refused = build_in_process(root)
    assert refused.returncode == 1 and f"{sign_in} ; {add}" in refused.output
    (root / "mkdocs.yml").write_text(project_config("    forge: https://gitlab.autre.fr\n"), encoding="utf-8")
    other = run_releve("verifier", "--site", str(root))
    assert other.returncode == 1
    assert f"{sign_in}, et non à https://gitlab.autre.fr que donne mkdocs.yml ; si c'est bien le GitLab du site, écrivez « forge: https://gitlab.exemple.fr »" in other.stdout
    (root / "mkdocs.yml").write_text(project_config("    forge: https://gitlab.exemple.fr\n"), encoding="utf-8")
    assert run_releve("verifier", "--site", str(root)).returncode == 0


def test_a_wrong_repository_setting_is_a_content_error(tmp_path):
    wrong = REFERENTIAL + "depot:\n  forge: gitub\n  projet: site\n"
    problems = [str(p) for p in pipeline.validate_project(_project(tmp_path, {"referentiel.yaml": wrong}))]
    assert problems[0].startswith("referentiel.yaml:30: « depot.forge » doit être l'une des valeurs « github », « gitlab »")
    assert problems[1].startswith("referentiel.yaml:31: « depot.projet » doit être un projet de la forme propriétaire/nom")


def test_the_vendored_bundle_names_no_cdn_and_matches_its_provenance():
    assert admin.cdn_hosts_in((admin.ADMIN_DATA / admin.BUNDLE).read_bytes()) == []
    assert admin.cdn_hosts_in(b"import('https://unpkg.com/x')") == ["unpkg.com"]
    provenance = json.loads((admin.ADMIN_DATA / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["paquets"]["@sveltia/cms"]["version"] == "0.221.1"
    for path, digest in provenance["fichiers"].items():
        assert hashlib.sha256((admin.ADMIN_DATA / path).read_bytes()).hexdigest() == digest, path


def test_the_first_screens_strings_are_the_bundle_s_and_the_french_file_s():
    """The English texts the form is hidden behind until it speaks French are the bundle's own (a new
    version that changed them would otherwise let them show), and each has its French version."""
    bundle = (admin.ADMIN_DATA / admin.BUNDLE).read_text(encoding="utf-8")
    french = json.loads((admin.ADMIN_DATA / admin.LOCALE).read_text(encoding="utf-8"))
    for key, english in admin.FIRST_SCREENS.items():
        assert f"{key}:`{english}`" in bundle, key
        assert french[key] and french[key] != english, key


def test_vendoring_rewrites_fonts_strings_and_cdn_addresses():
    from vendor_cms import patch_bundle

    fonts = "".join(
        f"src:url(https://cdn.jsdelivr.net/fontsource/fonts/{name}@5.3.0/latin-400-normal.woff2)"
        for name in ("source-sans-3:vf", "noto-mono", "material-symbols-outlined:vf")
    )
    source = fonts + "USe=`${iP}@${rP}/locales`,NSe=`${iP}/package.json`,x=`https://unpkg.com/@sveltia/cms`,d={immutable:`^5.1.9`}\n//# sourceMappingURL=sveltia-cms.js.map\n"
    patched = patch_bundle(source)
    assert "url(fonts/noto-mono-latin-400-normal.woff2)" in patched and "USe=`./locales`" in patched
    # The check for a newer release reads the vendored release's package.json, served beside the bundle.
    assert "NSe=`./package.json`" in patched
    assert admin.cdn_hosts_in(patched.encode()) == [] and "sourceMappingURL" not in patched
    with pytest.raises(SystemExit, match="Le module a changé"):
        patch_bundle("USe=`${iP}@${rP}/locales`")
    with pytest.raises(SystemExit, match="0 adresse de version"):
        patch_bundle(source.replace("/package.json", "/paquet.json"))
    # The import map of /admin/ sends the version the bundle asks for to the vendored copy.
    with pytest.raises(SystemExit, match="il ne demande plus immutable 5.1.9"):
        patch_bundle(source.replace("^5.1.9", "^6.0.0"))


def test_vendoring_completes_the_french_strings_without_replacing_any():
    from vendor_cms import FRENCH_ADDITIONS, complete_french

    upstream = {"save": "Enregistrer", "save_conflict": {"title": "Titre de l'amont"}}
    merged = complete_french(upstream, {"show_errors": "Afficher les erreurs", "save": "Sauver", "save_conflict": {"title": "x", "save_anyway": "y"}})
    assert merged == {"save": "Enregistrer", "show_errors": "Afficher les erreurs", "save_conflict": {"title": "Titre de l'amont", "save_anyway": "y"}}
    shipped = json.loads((admin.ADMIN_DATA / "locales" / "fr.json").read_text(encoding="utf-8"))
    assert complete_french(shipped) == shipped and shipped["show_errors"] == FRENCH_ADDITIONS["show_errors"]


def test_built_site_has_the_admin_page(base_site):
    folder = base_site.site / "admin"
    page = (folder / "index.html").read_text(encoding="utf-8")
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1).replace("&#x27;", "'")
    import_map = re.search(r'<script type="importmap">(.*?)</script>', page).group(1)
    digest = base64.b64encode(hashlib.sha256(import_map.encode()).digest()).decode()
    # The import map is the only inline script, allowed by its digest.
    for rule in ("default-src 'self'", f"script-src 'self' 'sha256-{digest}';", "font-src 'self';", "connect-src 'self' data: blob: https://api.github.com;"):
        assert rule in csp
    assert json.loads(import_map) == {"imports": {"./hors-ligne/immutable@5.1.9/dist/immutable.es.js": "./modules/immutable.es.js"}}
    assert (folder / "modules" / "immutable.es.js").is_file() and (folder / "chunks" / "react-dom.js").is_file()
    assert '<html lang="fr" data-releve-chargement>' in page
    assert '<script src="releve.js"></script>\n<script src="sveltia-cms.js"></script>\n<script src="releve-composants.js"></script>' in page
    setup = (folder / "releve.js").read_text(encoding="utf-8")
    assert 'var values = {"comptes-rendus": {"brouillon": "true"}, "fiches-actions": {"brouillon": "true"}};' in setup
    config = read_yaml((folder / "config.yml").read_text(encoding="utf-8"))
    assert [c["name"] for c in config["collections"]][:2] == [cms.MEETINGS, cms.ACTIONS]
    assert admin.cdn_hosts_in((folder / admin.BUNDLE).read_bytes()) == []
    assert (folder / "locales" / "fr.json").is_file() and len(list((folder / "fonts").glob("*.woff2"))) == 3
    # A plain file, not a page: no theme, no search entry, no sanitizer pass.
    assert "data-pagefind-body" not in (folder / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("github:clsm-exemple/site", ("github", "clsm-exemple/site", None)),
        ("gitlab:groupe/sous-groupe/site", ("gitlab", "groupe/sous-groupe/site", None)),
        ("https://github.com/clsm-exemple/site.git", ("github", "clsm-exemple/site", None)),
        ("git@github.com:clsm-exemple/site.git", ("github", "clsm-exemple/site", None)),
        ("https://gitlab.com/groupe/site", ("gitlab", "groupe/site", None)),
        ("ssh://git@gitlab.exemple.fr:2222/groupe/site.git", ("gitlab", "groupe/site", "https://gitlab.exemple.fr")),
        ("gitlab:https://forge.exemple.fr/groupe/site", ("gitlab", "groupe/site", "https://forge.exemple.fr")),
        ("https://forge.exemple.fr/groupe/site", None),  # which forge: nothing says
        ("https://github.com/clsm-exemple", None),
        ("gitub:clsm-exemple/site", None),
        ("/home/coordination/site", None),
    ],
)
def test_the_repository_is_read_from_its_address(address, expected):
    from releve.commands.creer import repository_from_address

    found = repository_from_address(address)
    assert (found and (found.forge, found.project, found.base_url)) == expected


def _created_repository(target: Path) -> dict:
    config = cms.form(pipeline.load(target, dt.date(2022, 4, 1)).site.referential).config
    return config["backend"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git absent")
def test_creer_fills_the_repository_of_a_fresh_clone_and_the_option_wins(tmp_path):
    clone = tmp_path / "site"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "remote", "add", "origin", "git@gitlab.exemple.fr:clsm/site.git"], check=True)
    created = run_releve("creer", str(clone), "--nom", "Conseil local de santé mentale de Valmont")
    assert created.returncode == 0, created.output
    assert "Dépôt du site : gitlab clsm/site, d'après l'adresse « origin » du dépôt git" in created.stdout
    assert run_releve("verifier", "--site", str(clone)).returncode == 0
    assert _created_repository(clone) | {"app_id": None} == {
        "name": "gitlab", "repo": "clsm/site", "branch": "main", "auth_type": "pkce", "app_id": None,
        "base_url": "https://gitlab.exemple.fr", "api_root": "https://gitlab.exemple.fr/api/v4",
    }
    # A folder inside another repository is not that repository's site; --depot says which one it is.
    nested = clone / "autre"
    created = run_releve("creer", str(nested), "--nom", "Autre conseil", "--depot", "https://github.com/clsm-autre/site")
    assert created.returncode == 0, created.output
    assert _created_repository(nested)["repo"] == "clsm-autre/site"


def test_creer_without_a_repository_leaves_it_to_fill_and_refuses_a_wrong_one(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    created = run_releve("creer", str(tmp_path / "a"), "--nom", "Conseil A")
    assert "Dépôt du site inconnu : indiquez-le dans referentiel.yaml (depot)" in created.stdout
    referential = tmp_path / "a" / "referentiel.yaml"
    assert pipeline.load(tmp_path / "a", dt.date(2022, 4, 1)).site.referential.repository is None
    # The README's step: « retirez les # de ces lignes », the project written in: the form knows its repository.
    text = re.sub(r"^#(?=.*(?:depot:|forge: github|projet: compte/depot|application: …))", "", referential.read_text(encoding="utf-8"), flags=re.MULTILINE)
    referential.write_text(text.replace("compte/depot", "clsm-a/site"), encoding="utf-8")
    assert run_releve("verifier", "--site", str(tmp_path / "a")).returncode == 0
    assert _created_repository(tmp_path / "a")["repo"] == "clsm-a/site"
    # On GitLab, the application's line too, its second « # » taken off (README, « application OAuth »).
    gitlab = text.replace("compte/depot", "clsm-a/site").replace("forge: github", "forge: gitlab").replace("# application: …", "application: 1a2b3c")
    referential.write_text(gitlab, encoding="utf-8")
    assert run_releve("verifier", "--site", str(tmp_path / "a")).returncode == 0
    assert pipeline.load(tmp_path / "a", dt.date(2022, 4, 1)).site.referential.repository.app_id == "1a2b3c"
    wrong = run_releve("creer", str(tmp_path / "b"), "--nom", "Conseil B", "--depot", "gitub:clsm/site")
    assert wrong.returncode == 1 and "--depot : « gitub:clsm/site » n'est pas un dépôt reconnu" in wrong.stderr
    assert not (tmp_path / "b").exists()
    # In a GitHub Actions job, the repository checked out in the folder is the site's.
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "c"))
    monkeypatch.setenv("GITHUB_REPOSITORY", "clsm-exemple/site")
    assert run_releve("creer", str(tmp_path / "c"), "--nom", "Conseil C").returncode == 0
    assert _created_repository(tmp_path / "c")["repo"] == "clsm-exemple/site"


def _form_fields(fields: list[dict], path: str = ""):
    """Every field of the form, nested ones included, with its path."""
    for field in fields:
        yield path + field["name"], field
        yield from _form_fields(field.get("fields", []), f"{path}{field['name']}.")
        if "field" in field:
            yield from _form_fields([field["field"]], f"{path}{field['name']}.")


def _all_fields(config: dict):
    for collection in config["collections"]:
        yield from _form_fields(collection["fields"] if "fields" in collection else collection["files"][0]["fields"], collection["name"] + "/")


def test_an_empty_vocabulary_leaves_its_fields_out_of_the_form(tmp_path):
    """The form refuses a choice with no option as an error of its whole configuration (a new
    site's referential has no thématique and no secteur yet; the browser test opens one)."""
    from dataclasses import replace

    referential = pipeline.load(_project(tmp_path), dt.date(2022, 4, 1)).site.referential
    config = cms.form(replace(referential, themes=(), sectors=())).config
    fields = dict(_all_fields(config))
    assert [path for path, field in fields.items() if field.get("widget") == "select" and not field.get("options")] == []
    for absent in ("comptes-rendus/thematiques", "fiches-actions/thematiques", "annuaire/structures.secteur"):
        assert absent not in fields
    # The lists themselves stay in the referential's form, to be filled there.
    assert fields["referentiel/thematiques"]["widget"] == "list" and "referentiel/secteurs.id" in fields
    full = dict(_all_fields(_config(tmp_path / "plein")))
    assert [o["value"] for o in full["annuaire/structures.secteur"]["options"]] == ["soins-prevention", "accompagnement-social"]


FILE_WORDS = re.compile(
    r"\.ya?ml\b|\.md\b|\bids?\b|identifiant|\btrue\b|\bfalse\b|\bclé|YAML|minutes/|actions/|partners|referentiel|AAAA|« nom »|slug",
    re.IGNORECASE,
)
"""What a coordinator filling a form should never have to know: file names, ids, YAML's words."""


def test_no_label_or_hint_of_the_form_speaks_of_files_ids_or_yaml(tmp_path):
    form = _form(tmp_path, commitments=(("engagement-0", "Un engagement (une structure, réunion du 1er mars 2022)"),))
    config = form.config
    texts = [(c["name"], c["label"]) for c in config["collections"]] + [(c["name"], c.get("description", "")) for c in config["collections"]]
    for path, field in _all_fields(config):
        texts += [(path, field.get("label", "")), (path, field.get("hint", "")), (path, field.get("label_singular", ""))]
    settings = form.editor_settings
    for component in ("decision", "engagement", "fait"):
        texts += [(component, settings[component]["label"])]
        texts += [(f"{component}.{f['name']}", f"{f['label']} {f.get('hint', '')}") for f in settings[component]["fields"]]
    texts += [("lieu", text) for key, text in settings["lieu"].items() if key != "widget"]
    assert [(path, text) for path, text in texts if FILE_WORDS.search(text)] == []
    # Every CLSM reads these words: no example taken from the first one.
    assert [(path, text) for path, text in texts if re.search(r"Metz|messin|Jury|Bellecroix|Winnicott|Moselle|\b57", text)] == []
    # Fields shown in words the form speaks: the place's hint, an id field named for what it does.
    fields = dict(_all_fields(config))
    assert fields["comptes-rendus/lieu"]["hint"] == "Une structure de l'annuaire, ou un autre lieu écrit en toutes lettres."
    assert fields["annuaire/structures.id"]["label"] == "Adresse de sa page"
    assert fields["annuaire/structures.adresse"]["label"] == "Adresse"
    # The repository is set once by whoever installs the site; a slip in the form would lock the
    # form: kept as written (a hidden field), never offered.
    assert fields["referentiel/depot"] == {"name": "depot", "label": "Dépôt du site", "widget": "hidden"}


def test_a_place_is_a_structure_of_the_annuaire_or_a_text(tmp_path):
    linked = pipeline.load(_project(tmp_path), dt.date(2022, 4, 1))
    config = cms.form(linked.site.referential, linked.site.structures).config
    fields = dict(_all_fields(config))
    for path in ("comptes-rendus/lieu", "comptes-rendus/prochaine_reunion.lieu", "evenements/evenements.lieu"):
        assert fields[path]["widget"] == cms.PLACE_WIDGET
    # By name, in French alphabetical order; the id is what the file holds.
    assert fields["comptes-rendus/lieu"]["options"] == [
        {"label": "Centre hospitalier de Jury", "value": "ch-jury"},
        {"label": "Centre psychothérapeutique Winnicott", "value": "cmp-winnicott"},
        {"label": "EPE 57", "value": "epe-57"},
    ]


def test_the_body_offers_the_decision_and_engagement_buttons_and_no_preview(tmp_path):
    form = _form(tmp_path)
    config = form.config
    assert config["editor"] == {"preview": False}
    assert _fields(_collection(config, cms.MEETINGS))["body"]["editor_components"] == ["decision", "engagement", "image"]
    # A fiche's décisions are written in the compte rendu of the meeting that took them.
    assert _fields(_collection(config, cms.ACTIONS))["body"]["editor_components"] == ["image"]
    settings = form.editor_settings
    decision = {f["name"]: f for f in settings["decision"]["fields"]}
    assert (decision["fiches"]["collection"], decision["fiches"]["multiple"]) == (cms.ACTIONS, True)
    engagement = {f["name"]: f for f in settings["engagement"]["fields"]}
    assert engagement["structure"]["value_field"] == "structures.*.id" and engagement["echeance"]["format"] == "YYYY-MM-DD"
    # One structure, as a list of one: Sveltia CMS kept a single relation's choice in a button of the text
    # only until another field of the button was edited (test_admin_browser).
    assert (engagement["structure"]["multiple"], engagement["structure"]["min"], engagement["structure"]["max"]) == (True, 1, 1)
    assert [name for name, f in engagement.items() if f["required"]] == ["texte", "structure"]


def test_the_engagement_realise_button_is_named_where_its_settings_are(tmp_path):
    # The engagements are given once: the text's buttons name « fait » exactly when the script has its fields.
    for commitments in ((), (("engagement-0", "Un engagement (une structure, réunion du 1er mars 2022)"),)):
        form = _form(tmp_path / str(len(commitments)), commitments=commitments)
        named = cms.CLOSURE_COMPONENT in _fields(_collection(form.config, cms.MEETINGS))["body"]["editor_components"]
        assert named == (cms.CLOSURE_COMPONENT in form.editor_settings) == bool(commitments)


def _editor_settings(site: Path) -> dict:
    """The settings ``releve-composants.js`` was written with, as the built site holds them."""
    script = (site / "admin" / admin.COMPONENTS).read_text(encoding="utf-8")
    return json.loads(re.search(r"var settings = (.*);\n", script).group(1))


def test_the_engagement_realise_button_offers_the_sites_open_engagements_first(agenda_site, base_site):
    settings = _editor_settings(agenda_site.site)
    config = read_yaml((agenda_site.site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert _fields(_collection(config, cms.MEETINGS))["body"]["editor_components"] == ["decision", "engagement", "fait", "image"]
    fields = {f["name"]: f for f in settings["fait"]["fields"]}
    assert settings["fait"]["label"] == "Engagement réalisé" and fields["engagement"]["widget"] == "select"
    # Labelled as the coordinator knows them, without the text's full stop before the parenthesis
    # (« salles. (Centre… » read as a slip); the file gets the anchor « !!! fait » names. The draft's
    # engagement is nowhere, nor does the draft's « !!! fait » close the first one.
    assert fields["engagement"]["options"] == [
        {"label": "Réserver les salles (Centre hospitalier de Jury, réunion du 1er mars 2022)", "value": "engagement-9799e556"},
        {"label": "Diffuser l'invitation (EPE 57, réunion du 1er mars 2022)", "value": fields["engagement"]["options"][1]["value"]},
    ]
    assert fields["engagement"]["options"][1]["value"].startswith("engagement-")
    assert "Engagement-secret-4242" not in (agenda_site.site / "admin" / admin.COMPONENTS).read_text(encoding="utf-8")
    assert [name for name, f in fields.items() if f["required"]] == ["engagement", "texte"]
    # A site without any engagement has no such button, rather than an empty list.
    assert "fait" not in _editor_settings(base_site.site)
    config = read_yaml((base_site.site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert _fields(_collection(config, cms.MEETINGS))["body"]["editor_components"] == ["decision", "engagement", "image"]


def test_engagements_already_done_come_last_in_the_list(tmp_path):
    files = {
        "minutes/2022-04-10-copil.md": MEETING.replace("2021-02-19", "2022-04-10").replace("titre: Réunion du groupe enfance", "titre: COPIL d'avril")
        + "\n!!! engagement epe-57\n    Préparer le forum.\n\n!!! fait engagement-9799e556\n    Les salles sont réservées.\n",
        "minutes/2022-03-01-copil.md": MEETING.replace("2021-02-19", "2022-03-01").replace("titre: Réunion du groupe enfance", "titre: COPIL de mars")
        + "\n!!! engagement ch-jury\n    Réserver les salles.\n",
    }
    linked = pipeline.load(_project(tmp_path, files), dt.date(2022, 5, 1))
    assert [label for _, label in admin.closable_commitments(linked)] == [
        "Préparer le forum (EPE 57, réunion du 10 avril 2022)",
        "Réserver les salles (Centre hospitalier de Jury, réunion du 1er mars 2022, réalisé)",
    ]


def test_a_sign_in_title_s_own_quotes_take_the_second_rank_s_marks(tmp_path):
    # As everywhere the engine quotes a name (text.quoted): « Réseau « Bien-être » » closed twice.
    config = _config(tmp_path, {"referentiel.yaml": REFERENTIAL.replace("sigle: CLSM test", "sigle: Réseau « Bien-être »")})
    assert config["app_title"] == "Modifier le site « Réseau “Bien-être” »"


def test_the_sign_in_screen_names_the_site_and_says_how_to_set_the_repository(build_site):
    build = build_site({"referentiel.yaml": REFERENTIAL.replace("sigle: CLSM test", "sigle: CLSM de Valmont")})
    assert build.returncode == 0, build.output
    folder = build.site / "admin"
    config = read_yaml((folder / "config.yml").read_text(encoding="utf-8"))
    assert config["app_title"] == "Modifier le site du CLSM de Valmont"
    assert "<title>Modifier le site du CLSM de Valmont</title>" in (folder / "index.html").read_text(encoding="utf-8")
    french = json.loads((folder / "locales" / "fr.json").read_text(encoding="utf-8"))
    # Under « Travailler avec un dépôt local », in place of the placeholder's name.
    assert french["work_with_local_repo_description"] == admin.NO_REPOSITORY and "{$repo}" not in admin.NO_REPOSITORY
    # French spacing: no line may break before « : » or « » », nor after « « ».
    assert "«\u202fdepot\u202f»" in admin.NO_REPOSITORY and not re.search(r" (?=[:;!?»])|« ", admin.NO_REPOSITORY)
    assert 'var hidden = ["Se connecter avec un jeton d’accès"];' in (folder / "releve.js").read_text(encoding="utf-8")
    shipped = json.loads((admin.ADMIN_DATA / "locales" / "fr.json").read_text(encoding="utf-8"))
    ours = ("work_with_local_repo_description", "welcome_message")
    assert french["welcome_message"] == "{$name}"  # the title alone: « Modifier le site du CLSM de Valmont »
    assert {k: v for k, v in french.items() if k not in ours} == {k: v for k, v in shipped.items() if k not in ours}
    # With a repository, signing in is offered and the bundle's own words stay.
    linked = pipeline.load(_project(build.root.parent / "avec-depot", {"referentiel.yaml": REFERENTIAL + GITLAB}), dt.date(2022, 4, 1))
    files = {file.path: file.content.decode() for file in admin.admin_files(linked) if file.path.endswith((".js", ".json"))}
    assert "var hidden = [];" in files["admin/releve.js"]
    assert json.loads(files["admin/locales/fr.json"]) == {**shipped, "welcome_message": "{$name}"}
