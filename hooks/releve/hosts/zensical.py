"""Zensical as a host: the tree written by ``releve generer`` names this module among its Markdown
extensions (``tree.engine_config``), so that Zensical converts every page through the engine's
HTML stage; ``releve generer --construire`` then runs the finish pass over what it wrote.

Zensical keeps the page it converts in a preprocessor of each Markdown instance (its
``rendering_context``, whose ``page.path`` is the source path relative to the docs folder).
"""

from __future__ import annotations

from markdown import Markdown

from .. import engine


def page_of(md: Markdown) -> str | None:
    context = next((processor for processor in md.preprocessors if getattr(processor, "name", None) == "rendering_context"), None)
    page = getattr(context, "page", None)
    return getattr(page, "path", None)


def makeExtension(**kwargs) -> engine.HtmlStage:  # noqa: N802 (Python-Markdown's name)
    return engine.html_stage(page_of)
