"""A small SVG builder for the charts drawn at build time (no charting library, no request).

Elements are built as strings: every text and attribute value is escaped here, attributes
keep the order they are given in and numbers are rounded the same way each time, so the same
content always gives the same bytes. Each chart is one pass over its rows.
"""

from __future__ import annotations

from typing import Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

NAMESPACE = "http://www.w3.org/2000/svg"
FONT_SIZE = 12
CHAR_WIDTH = 6.8
"""Average width of a character at ``FONT_SIZE`` in the system sans-serif fonts, to size boxes."""


def number(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attribute(value: object) -> str:
    return quoteattr(number(value) if isinstance(value, float) else str(value))


def node(name: str, attributes: Mapping[str, object] | None = None, *children: str) -> str:
    """One element; ``children`` are elements already built, or ``text(...)``. ``None`` values are left out."""
    attrs = "".join(f" {key}={_attribute(value)}" for key, value in (attributes or {}).items() if value is not None)
    if not children:
        return f"<{name}{attrs}/>"
    return f"<{name}{attrs}>{''.join(children)}</{name}>"


def text(value: object) -> str:
    """Character data, escaped."""
    return escape(str(value))


def label(x: float, y: float, value: object, css: str | None = None, anchor: str | None = None) -> str:
    return node("text", {"x": float(x), "y": float(y), "class": css, "text-anchor": anchor}, text(value))


def text_width(value: str, size: float = FONT_SIZE) -> float:
    """The width of ``value`` written at ``size`` px, as boxes are sized (``CHAR_WIDTH``)."""
    return len(value) * CHAR_WIDTH * size / FONT_SIZE


def document(chart_id: str, width: float, height: float, title: str, description: str, *children: str, css: str = "releve-svg", image: bool = True) -> str:
    """An inline, accessible SVG named by its ``<title>`` and described by its ``<desc>``: an image
    (``role="img"``), or, when it holds links (``image=False``), a graphics document whose links
    assistive technologies still reach; ``css``, its classes (the stylesheet sizes maps and graphs
    apart from the charts)."""
    return node(
        "svg",
        {
            "xmlns": NAMESPACE,
            "id": chart_id,
            "class": css,
            "width": float(width),
            "height": float(height),
            "viewBox": f"0 0 {number(width)} {number(height)}",
            "role": "img" if image else None,
            "aria-labelledby": f"{chart_id}-titre {chart_id}-desc",
            "font-size": FONT_SIZE,
            "fill": "currentColor",
        },
        node("title", {"id": f"{chart_id}-titre"}, text(title)),
        node("desc", {"id": f"{chart_id}-desc"}, text(description)),
        *children,
    )


BAR_WIDTH = 240
ROW_HEIGHT = 34


def bar_chart(chart_id: str, title: str, description: str, rows: Sequence[tuple[str, int]]) -> str:
    """Horizontal bars, one per row, the label above its bar and the value after it.

    Labels sit above the bars rather than beside them so that the chart stays narrow enough
    for a phone.
    """
    largest = max((value for _, value in rows), default=0) or 1
    width = max(BAR_WIDTH + 48, max((text_width(name) for name, _ in rows), default=0) + 8)
    bars = []
    for index, (name, value) in enumerate(rows):
        top = index * ROW_HEIGHT
        length = BAR_WIDTH * value / largest
        bars.append(
            node(
                "g",
                {"class": "releve-barre"},
                node("title", None, text(f"{name} : {value}")),
                label(0, top + 13, name, "releve-libelle"),
                node("rect", {"x": 0, "y": top + 18, "width": float(length), "height": 12, "rx": 2}),
                label(length + 6, top + 29, value, "releve-valeur"),
            )
        )
    return document(chart_id, width, len(rows) * ROW_HEIGHT + 4, title, description, *bars)
