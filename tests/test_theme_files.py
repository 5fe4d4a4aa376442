"""The theme's files (``hosts/mkdocs_theme``): MkDocs copies the same ones as with its own listing,
the installed folders are listed once per process, and a site's own templates at every build."""

from __future__ import annotations

from conftest import BASE_FILES, project_config, write_project
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from releve.hosts import mkdocs_theme

OWN = """\
theme:
  custom_dir: gabarits
"""


def _configured(root):
    config = load_config(config_file=str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    return config.plugins.on_config(config)


def _copied(config, env) -> list[str]:
    files = Files([])
    files.add_files_from_theme(env, config)
    return sorted(file.src_uri for file in files)


def test_the_same_files_are_copied_and_the_installed_folders_are_listed_once(tmp_path):
    write_project(tmp_path, BASE_FILES)
    (tmp_path / "mkdocs.yml").write_text(
        project_config().replace("theme:\n", OWN).replace("  releve:\n", "  releve:\n    autoriser: [theme_personnel]\n"), encoding="utf-8"
    )
    (tmp_path / "gabarits" / "images").mkdir(parents=True)
    (tmp_path / "gabarits" / "images" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    config = _configured(tmp_path)
    try:
        theme = config.theme
        assert theme.custom_dir and str(tmp_path / "gabarits") in theme.dirs
        mkdocs_own = _copied(config, type(theme).get_env(theme))
        mkdocs_theme.copied.cache_clear()
        assert _copied(config, theme.get_env()) == mkdocs_own and "images/logo.svg" in mkdocs_own
        listed = mkdocs_theme.copied.cache_info()
        assert listed.misses == len(theme.dirs) - 1  # every folder but the site's own, once
    finally:
        config.plugins.on_shutdown()  # as MkDocs' command ends: Ctrl-C handled as before (hosts/mkdocs_console.py)

    # A file added to the site's templates (the preview runs on) is copied at the next build;
    # the installed folders are not listed again.
    (tmp_path / "gabarits" / "images" / "bandeau.svg").write_text("<svg/>", encoding="utf-8")
    again = _copied(config, theme.get_env())
    assert again == _copied(config, type(theme).get_env(theme)) and "images/bandeau.svg" in again
    assert mkdocs_theme.copied.cache_info().misses == listed.misses

