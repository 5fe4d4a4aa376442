"""The hosts that turn the engine's pages into a site: each maps its own events to ``engine`` and
to nothing else of it.

- ``mkdocs``: the ``releve`` plugin, for MkDocs 1.6 (the default) and ProperDocs (the same plugin);
- ``zensical``: the Markdown extension that the tree of ``releve generer`` names, for Zensical.
"""
