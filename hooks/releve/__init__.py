"""Relevé: the engine that turns a CLSM's minutes, fiches actions and directory into a site.

The pipeline reads top to bottom (see ``pipeline.py``): load → validate → model → link → views.
Nothing in this package imports MkDocs; ``hooks/mkdocs_adapter.py`` is the only bridge.
"""
