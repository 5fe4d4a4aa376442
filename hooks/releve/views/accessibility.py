"""The declaration of accessibility that French law asks every public site to publish (RGAA 4.1)."""

from __future__ import annotations

from .. import urls
from ..link import LinkedSite
from . import GeneratedPage, render_page

AUTOMATIC_CHECKS = (
    "aucune erreur détectée par axe-core selon les critères WCAG 2.1 niveaux A et AA, sur chaque type de page",
    "aucun défilement horizontal sur un écran de 360 pixels de large",
    "chaque lien et chaque bouton atteignable au clavier, avec un focus visible",
    "des comptes rendus imprimables sur papier A4",
)
"""What the project's tests check on every change of the engine (tests/test_browser.py)."""


def accessibility_pages(linked: LinkedSite) -> list[GeneratedPage]:
    referential = linked.site.referential
    contact = referential.accessibility_contact
    return [
        render_page(
            urls.ACCESSIBILITY,
            "accessibility.md.j2",
            site=linked,
            clsm=referential.clsm_name,
            contact=contact,
            contact_is_address=bool(contact) and "@" in contact,
            checks=AUTOMATIC_CHECKS,
        )
    ]
