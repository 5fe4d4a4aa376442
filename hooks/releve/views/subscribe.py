"""« S'abonner »: what a calendar subscription and a news feed are, and how to follow the CLSM with
each. Every « s'abonner » link of the site leads here, never to raw XML a browser would show as
code under an English banner."""

from __future__ import annotations

from .. import urls
from ..link import LinkedSite
from . import GeneratedPage, render_page
from .agenda import file_href


def subscribe_pages(linked: LinkedSite) -> list[GeneratedPage]:
    whole, *others = [(c.name, file_href(linked, c.path, urls.SUBSCRIBE), len(c.items)) for c in linked.agenda.calendars]
    return [
        render_page(
            urls.SUBSCRIBE,
            "subscribe.md.j2",
            site=linked,
            whole_calendar=whole,
            other_calendars=others,
            feed_url=urls.on_site(linked.site.public_url, urls.FEED),
            feed_href=file_href(linked, urls.FEED, urls.SUBSCRIBE)[0],
            # The letters' feed is written when there is a letter (outputs/feed.py).
            has_letters=bool(linked.letters),
            letters_feed_url=urls.on_site(linked.site.public_url, urls.LETTERS_FEED),
            letters_feed_href=file_href(linked, urls.LETTERS_FEED, urls.SUBSCRIBE)[0],
        )
    ]
