"""Hostile input, round 2 (issue 23, item 3): ``mkdocs.yml`` is guarded.

A setting that would run code, load from another site, print markup or empty another folder is
refused in French at its line by ``config_guard`` (the plugin's ``on_config`` and ``releve
generer``), unless a maintainer allows it by name; the output folder and the docs folder have no
opt-in. The builds here stop in ``on_config``, before any page is rendered.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import BASE_FILES, REFERENTIAL, build_in_process, content_problems, project_config, run_mkdocs, run_releve, tree_state, write_project

from releve import config_guard

HOSTILE = """\
site_name: "CLSM <script>alert(1)</script>"
site_dir: minutes
docs_dir: .
copyright: 'x" onmouseover="alert(1)'
hooks:
  - evil.py
INHERIT: ../base.yml
dev_addr: 0.0.0.0:8000
theme:
  name: material
  custom_dir: overrides
  logo: https://autre.example/logo.png
plugins:
  - releve
  - macros
markdown_extensions:
  - toc
  - pymdownx.snippets:
      base_path: /
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra_javascript:
  - https://autre.example/x.js
  - path: //cdn.example/y.js
extra_css: [stylesheets/ok.css]
nav:
  - "<img src=x onerror=alert(1)>": index.md
  - Lien: "javascript:alert(1)"
extra:
  token: !ENV GITHUB_TOKEN
  homepage: " java script:alert(1)"
  analytics:
    provider: google
  releve:
    autoriser: [hook]
    forge: "https://gitlab.exemple.fr; script-src *"
"""

ALLOW = "refusé, sauf si un responsable du site l'autorise par « extra: releve: autoriser: [{}] » dans mkdocs.yml"
MARKUP = "contient du balisage HTML (« < », « > » ou « \" ») que le thème afficherait tel quel : écrivez un texte simple"
SCRIPT = "une adresse « javascript: », « data: » ou « vbscript: » ferait exécuter du code au lecteur"
FORGE = (
    "mkdocs.yml:36: « extra: releve: forge » : attendu une adresse commençant par https:// suivie d'un nom d'hôte, "
    "par exemple https://gitlab.exemple.fr, pas « https://gitlab.exemple.fr; script-src * »"
)
ELSEWHERE = "un fichier que chaque page chargerait depuis un autre site ; " + ALLOW.format("autres_sites")


def checked(root: Path, text: str, site_dir: str | None = None) -> list[str]:
    (root / "mkdocs.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return sorted(str(problem) for problem in config_guard.check(root / "mkdocs.yml", site_dir))


def test_every_dangerous_setting_is_refused_at_its_line(tmp_path):
    assert checked(tmp_path, HOSTILE) == sorted(
        [
            "mkdocs.yml:1: « site_name » " + MARKUP,
            "mkdocs.yml:2: dossier de sortie « minutes » refusé (un autre dossier du projet) : MkDocs vide ce dossier "
            "avant d'y écrire le site ; le site se construit dans « site » du projet (retirez « site_dir »)",
            "mkdocs.yml:3: dossier des pages « . » refusé : Relevé vérifie et publie les pages de « docs » (retirez « docs_dir »)",
            "mkdocs.yml:4: « copyright » " + MARKUP,
            "mkdocs.yml:5: « hooks » : du code Python exécuté à chaque construction ; " + ALLOW.format("hooks"),
            "mkdocs.yml:7: « INHERIT » : la configuration d'un autre fichier, que rien ne vérifie ; " + ALLOW.format("heritage"),
            "mkdocs.yml:8: « dev_addr: 0.0.0.0:8000 » : l'aperçu (make site) servi à tout le réseau, brouillons compris ; " + ALLOW.format("reseau"),
            "mkdocs.yml:9: « theme: font » n'est pas « false » (les polices de Google Fonts) : " + ELSEWHERE,
            "mkdocs.yml:11: « theme: custom_dir » : des gabarits qui remplacent ceux du thème et écrivent chaque page sans filtre ; "
            + ALLOW.format("theme_personnel"),
            "mkdocs.yml:12: « theme: logo: https://autre.example/logo.png » : " + ELSEWHERE,
            "mkdocs.yml:15: module « macros » : un module de MkDocs que Relevé ne connaît pas (il connaît releve et search), "
            "qui exécute son propre code ; " + ALLOW.format("modules"),
            "mkdocs.yml:18: extension « pymdownx.snippets » : une extension Markdown dont Relevé ne connaît pas le résultat ; " + ALLOW.format("extensions"),
            "mkdocs.yml:20: extension « pymdownx.emoji » : une extension Markdown dont Relevé ne connaît pas le résultat ; " + ALLOW.format("extensions"),
            "mkdocs.yml:21: balise « !!python/name:material.extensions.emoji.twemoji » dans « markdown_extensions: [3]: pymdownx.emoji: emoji_index » : "
            "une balise qui fait exécuter du code Python ou lire l'environnement de la construction à MkDocs ; " + ALLOW.format("balises_yaml"),
            "mkdocs.yml:23: « https://autre.example/x.js » dans « extra_javascript » : " + ELSEWHERE,
            "mkdocs.yml:24: « //cdn.example/y.js » dans « extra_javascript » : " + ELSEWHERE,
            "mkdocs.yml:27: « nav: [1]: <img src=x onerror=alert(1)> » " + MARKUP,
            "mkdocs.yml:28: « nav: [2]: Lien » : " + SCRIPT,
            "mkdocs.yml:30: balise « !ENV » dans « extra: token » : une balise qui fait exécuter du code Python ou lire "
            "l'environnement de la construction à MkDocs ; " + ALLOW.format("balises_yaml"),
            "mkdocs.yml:31: « extra: homepage » : " + SCRIPT,
            "mkdocs.yml:32: « extra: analytics » (la mesure d'audience de Google) : " + ELSEWHERE,
            "mkdocs.yml:35: autorisation « hook » inconnue : les autorisations sont hooks, theme_personnel, modules, extensions, "
            "autres_sites, balises_yaml, heritage, reseau (vouliez-vous dire « hooks » ?)",
            FORGE,
        ]
    )


def test_a_maintainer_allows_a_setting_by_name_but_never_markup_or_another_output(tmp_path):
    allowed = HOSTILE.replace("autoriser: [hook]", "autoriser: [hooks, heritage, reseau, autres_sites, theme_personnel, modules, extensions, balises_yaml]")
    assert checked(tmp_path, allowed) == sorted(
        [
            "mkdocs.yml:1: « site_name » " + MARKUP,
            "mkdocs.yml:2: dossier de sortie « minutes » refusé (un autre dossier du projet) : MkDocs vide ce dossier "
            "avant d'y écrire le site ; le site se construit dans « site » du projet (retirez « site_dir »)",
            "mkdocs.yml:3: dossier des pages « . » refusé : Relevé vérifie et publie les pages de « docs » (retirez « docs_dir »)",
            "mkdocs.yml:4: « copyright » " + MARKUP,
            "mkdocs.yml:27: « nav: [1]: <img src=x onerror=alert(1)> » " + MARKUP,
            "mkdocs.yml:28: « nav: [2]: Lien » : " + SCRIPT,
            "mkdocs.yml:31: « extra: homepage » : " + SCRIPT,
            FORGE,
        ]
    )


def test_the_projects_own_configurations_pass(tmp_path):
    write_project(tmp_path, {})
    assert config_guard.check(tmp_path / "mkdocs.yml") == []
    assert config_guard.check(Path(__file__).resolve().parents[1] / "mkdocs.yml") == []


def test_an_alias_bomb_in_mkdocs_yml_is_walked_once(tmp_path):
    bomb = ['  a0: &a0 ["<", "<", "<", "<", "<", "<", "<", "<", "<", "<"]']
    bomb += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    problems = checked(tmp_path, "site_name: Site\ntheme: {name: material, font: false}\nextra:\n" + "\n".join(bomb) + "\n")
    # Each of the ten texts once, not once per alias that repeats it (a billion times).
    assert "mkdocs.yml:4: « extra: a0: [1] » " + MARKUP in problems and len(problems) == 10


def test_the_output_folder_is_the_projects_site_whatever_the_command_line(tmp_path):
    root = tmp_path / "projet"
    (root / "minutes").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: Site\ntheme: {name: material, font: false}\n", encoding="utf-8")
    refused = "MkDocs vide ce dossier avant d'y écrire le site ; le site se construit dans « site » du projet (retirez « site_dir »)"
    for folder, where in ((root / "minutes", "un autre dossier du projet"), (root, "le dossier du projet, ou un dossier qui le contient"), (tmp_path, "le dossier du projet, ou un dossier qui le contient")):
        assert [str(p) for p in config_guard.check(root / "mkdocs.yml", str(folder))] == [f"mkdocs.yml:1: dossier de sortie « {folder} » refusé ({where}) : {refused}"]
    # Outside the project (the content's own tests build into a temporary folder), or site/ itself.
    assert config_guard.check(root / "mkdocs.yml", str(tmp_path / "ailleurs")) == []
    assert config_guard.check(root / "mkdocs.yml", str(root / "site")) == []


def _stopped(root: Path, settings: str) -> str:
    """Build the fixture site with ``settings`` added to its mkdocs.yml; assert that the build
    stops in French having changed nothing around the project nor in it (no site/ either)."""
    root.mkdir(parents=True, exist_ok=True)
    write_project(root, BASE_FILES)
    (root / "mkdocs.yml").write_text(project_config(settings), encoding="utf-8")
    before = tree_state(root.parent)
    build = build_in_process(root)
    assert build.returncode == 1, build.output
    assert "Traceback" not in build.output
    assert tree_state(root.parent) == before
    return build.output


def test_site_dir_minutes_deletes_nothing(tmp_path):
    """The review's case: the minutes were all deleted right after validation had read them."""
    output = _stopped(tmp_path / "projet", "site_dir: minutes\n")
    line = len(project_config().splitlines()) + 1
    assert f"mkdocs.yml:{line}: dossier de sortie « minutes » refusé (un autre dossier du projet)" in output


def test_site_dir_outside_the_project_empties_nothing(tmp_path):
    outside = tmp_path / "a-garder"
    outside.mkdir()
    (outside / "precieux.txt").write_text("à garder", encoding="utf-8")
    output = _stopped(tmp_path / "projet", f"site_dir: {outside}\n")
    assert f"dossier de sortie « {outside} » refusé (hors du projet)" in output
    assert (outside / "precieux.txt").read_text(encoding="utf-8") == "à garder"


def test_scripts_and_markup_in_the_configuration_stop_the_build(tmp_path):
    output = _stopped(tmp_path / "projet", "extra_javascript: [https://autre.example/x.js]\ncopyright: '<script>alert(1)</script>'\n")
    assert "« https://autre.example/x.js » dans « extra_javascript » : " + ELSEWHERE in output
    assert "« copyright » " + MARKUP in output


def test_the_clsm_s_names_which_replace_site_name_and_copyright_hold_no_markup(tmp_path):
    """referentiel.yaml is content: its « clsm » names become ``site_name`` and ``copyright``, which the
    theme prints as they are in every page's header, footer, title and logo's label: a « sigle » of
    « CLSM" onmouseover="… » ran a script on every page, where the web editor keeps its sign-in."""
    referential = REFERENTIAL.replace("sigle: CLSM test", "sigle: 'CLSM\" onmouseover=\"alert(1)'").replace(
        "nom: Conseil local de santé mentale de test", "nom: Conseil <img src=x onerror=alert(2)>"
    )
    assert content_problems(tmp_path, {"referentiel.yaml": referential}) == [
        f"referentiel.yaml:2: « clsm.nom » {MARKUP}",
        f"referentiel.yaml:3: « clsm.sigle » {MARKUP}",
    ]


def test_a_hook_stops_the_build_and_releve_generer_never_runs_it(tmp_path):
    hook = "from pathlib import Path\nPath(__file__).with_name('execute.txt').write_text('oui')\n"
    root = tmp_path / "projet"
    root.mkdir()
    write_project(root, {**BASE_FILES, "crochet.py": hook})
    (root / "mkdocs.yml").write_text(project_config("hooks: [crochet.py]\n"), encoding="utf-8")
    tree = run_releve("generer", str(tmp_path / "arbre"), "--site", str(root))
    assert tree.returncode == 1 and not (tmp_path / "arbre").exists()
    assert "« hooks » : du code Python exécuté à chaque construction" in tree.stderr
    assert not (root / "execute.txt").exists()  # generer reads mkdocs.yml without running anything
    # MkDocs imports a hook while it reads mkdocs.yml, before any plugin runs: the build stops
    # (README, « Qui peut changer quoi »: only a review keeps a hook out).
    build = run_mkdocs(root)
    assert build.returncode == 1 and "« hooks » : du code Python exécuté à chaque construction" in build.output
    assert not (root / "site").exists()


def test_a_configuration_that_is_not_yaml_is_said_in_french_at_its_line(tmp_path):
    """What the engine's reader cannot parse is said as for the content's YAML, never in PyYAML's English."""
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: CLSM\nnav:\n  - Accueil: index.md\n  - [Comptes rendus\n", encoding="utf-8")
    [problem] = config_guard.check(config)
    assert str(problem) == "mkdocs.yml:5: erreur de syntaxe YAML : « , » ou « ] » attendu (un crochet n'est pas fermé ?)"
