"""Relevé: the engine that turns a CLSM's minutes, fiches actions and directory into a site.

The pipeline reads top to bottom (see ``pipeline.py``): load → validate → model → link → views;
then every host converts the pages through the HTML stage (``html_stage.py``) and hands the written
site to the finish pass (``finish.py``). A host reaches the engine through ``engine.py`` only, and
only ``hosts/`` imports a host (MkDocs, ProperDocs, Zensical).
"""

__version__ = "1.0.0.dev0"
