"""schema.org JSON-LD for structure pages (``Organization``) and meeting pages (``Event``).

Made from the same model as the pages. The JSON goes into the page's front matter
(``releve_jsonld``) and the theme prints it in the page head (``overrides/main.html``): in the
body, the HTML sanitizer would rightly remove a ``<script>``. The text is escaped for a
``<script>`` element here (``<``, ``>`` and ``&`` as ``\\u`` escapes, which JSON reads back
unchanged), so no content can close the element, whatever the theme does with it.
"""

from __future__ import annotations

import json
from typing import Any

from .. import urls
from ..link import LinkedSite
from ..model import Meeting, Place, Structure
from ..hours import time_range
from ..opendata import international_phone

def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _page_url(linked: LinkedSite, uri: str) -> str | None:
    return urls.on_site(linked.site.public_url, urls.public(uri))


def _address(structure: Structure) -> dict[str, Any] | None:
    address = structure.address
    if address is None:
        return None
    fields = {
        "streetAddress": ", ".join(part for part in (address.street, address.complement) if part) or None,
        "postalCode": address.postcode,
        "addressLocality": address.city,
    }
    return {"@type": "PostalAddress", **{k: v for k, v in fields.items() if v}, "addressCountry": "FR"}


def organization(linked: LinkedSite, structure: Structure) -> dict[str, Any]:
    parent = linked.structures.get(structure.parent) if structure.parent else None
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": structure.name,
        "alternateName": structure.acronym,
        "description": structure.description,
        "url": structure.website or _page_url(linked, urls.structure(structure.id)),
        "telephone": structure.phone and international_phone(structure.phone),
        "email": structure.email,
        "address": _address(structure),
        "taxID": structure.siret,
        "parentOrganization": {"@type": "Organization", "name": parent.name} if parent else None,
    }
    return {key: value for key, value in data.items() if value}


def _location(linked: LinkedSite, place: Place) -> list[dict[str, Any]]:
    where: list[dict[str, Any]] = []
    if place.structure:
        structure = linked.structures[place.structure]
        where.append({"@type": "Place", "name": structure.name, **({"address": _address(structure)} if structure.address else {})})
    elif place.text:
        where.append({"@type": "Place", "name": place.text})
    if place.online:
        where.append({"@type": "VirtualLocation", "name": "Visioconférence"})
    return where


def event(linked: LinkedSite, meeting: Meeting) -> dict[str, Any]:
    hours = time_range(meeting.time_range)
    start = meeting.date.isoformat() + (f"T{hours[0].isoformat('minutes')}" if hours else "")
    end = meeting.date.isoformat() + f"T{hours[1].isoformat('minutes')}" if hours and hours[1] else None
    location = _location(linked, meeting.place)
    modes = {True: "https://schema.org/OnlineEventAttendanceMode", False: "https://schema.org/OfflineEventAttendanceMode"}
    if meeting.place.online and (meeting.place.structure or meeting.place.text):
        mode = "https://schema.org/MixedEventAttendanceMode"
    else:
        mode = modes[meeting.place.online]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "startDate": start,
        "endDate": end,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": mode if location else None,
        "location": (location[0] if len(location) == 1 else location) or None,
        "organizer": {"@type": "Organization", "name": linked.site.referential.clsm_name},
        "url": _page_url(linked, urls.meeting(meeting.id)),
    }
    return {key: value for key, value in data.items() if value}
