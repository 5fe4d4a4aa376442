"""Relevé: the engine that turns a CLSM's minutes, fiches actions and directory into a site.

The pipeline reads top to bottom (see ``pipeline.py``): load → validate → model → link → views.
Only ``mkdocs_plugin.py`` imports MkDocs: it is the one bridge to the site generator.
"""

__version__ = "0.1.0"
