"""What the views and outputs hand to a host: files that are not pages (calendars, feeds, data)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GeneratedFile:
    """A non-page output (calendar, feed…), written as bytes at a site-relative path."""

    path: str
    content: bytes
