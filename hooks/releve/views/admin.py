"""The site's ``/admin/`` page: the web form (Sveltia CMS) served from the site itself.

Plain files, never MkDocs pages: the bundle, its French strings and fonts come from the package
data vendored by ``scripts/vendor_cms.py``; ``config.yml`` is made from the schema
(``releve.cms``); ``index.html`` carries a Content-Security-Policy that lets the page reach its
own origin and the forge's API only, so nothing the bundle might still try reaches a third party.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import yaml

from .. import cms
from ..link import LinkedSite
from ..problems import ContentError, Problem
from . import GeneratedFile

ADMIN_DATA = Path(__file__).resolve().parent.parent / "admin"
"""The vendored files, copied as they are under ``admin/`` of the built site."""
BUNDLE = "sveltia-cms.js"
SETUP = "releve.js"
"""Our own script, run before the bundle: the form speaks French whatever the browser's language,
and new comptes rendus and fiches start as drafts."""

CDN_HOSTS = (
    "unpkg.com",
    "cdn.jsdelivr.net",
    "esm.sh",
    "cdnjs.cloudflare.com",
    "cdn.skypack.dev",
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "fonts.bunny.net",
)
"""Public CDNs a bundle may load code, fonts or strings from; none may remain in ours."""


def cdn_hosts_in(bundle: bytes) -> list[str]:
    return [host for host in CDN_HOSTS if host.encode() in bundle]


def content_security_policy(linked: LinkedSite) -> str:
    forge = " ".join(cms.api_origins(linked.site.referential.repository))
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            # The bundle's components insert their own <style> elements.
            "style-src 'self' 'unsafe-inline'",
            "font-src 'self'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            # data: and blob: are the page's own images (its logo is read with fetch()).
            f"connect-src 'self' data: blob: {forge}",
            "frame-src 'self' blob:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        )
    )


def _index(linked: LinkedSite) -> bytes:
    title = html.escape(f"Modifier le site · {linked.site.referential.clsm_short_name}")
    csp = html.escape(content_security_policy(linked))
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>{title}</title>
<link href="config.yml" type="application/yaml" rel="cms-config-url">
<script src="{SETUP}"></script>
<script src="{BUNDLE}"></script>
</head>
<body></body>
</html>
""".encode()


_SETUP_SCRIPT = r"""// The form speaks French unless its user chose another language in its settings.
(function () {
  var key = "sveltia-cms.prefs";
  try {
    var prefs = JSON.parse(localStorage.getItem(key) || "{}") || {};
    if (!prefs.locale) {
      prefs.locale = "fr";
      localStorage.setItem(key, JSON.stringify(prefs));
    }
  } catch (error) {}
})();

// A new entry's page (#/collections/NAME/new) gets its starting values as URL parameters
// (releve.cms.new_entry_values). Registered before the form's own listener, this one adds them
// before the form reads the address, whether it comes from the « Nouveau » button or a link.
(function () {
  var values = @VALUES@;
  function startValues() {
    var hash = location.hash, at = hash.indexOf("?");
    var path = at < 0 ? hash : hash.slice(0, at);
    var match = /^#\/collections\/([^/]+)\/new\/?$/.exec(path);
    if (!match || !values[match[1]]) return;
    var query = new URLSearchParams(at < 0 ? "" : hash.slice(at + 1)), added = false;
    for (var name in values[match[1]]) {
      if (!query.has(name)) {
        query.set(name, values[match[1]][name]);
        added = true;
      }
    }
    if (added) history.replaceState(history.state, "", path + "?" + query.toString());
  }
  startValues();
  addEventListener("hashchange", startValues);
})();
"""


def _setup_script(config: dict) -> bytes:
    return _SETUP_SCRIPT.replace("@VALUES@", json.dumps(cms.new_entry_values(config), sort_keys=True)).encode()


def _vendored() -> list[GeneratedFile]:
    bundle = ADMIN_DATA / BUNDLE
    shown = f"releve/admin/{BUNDLE}"
    if not bundle.is_file():
        raise ContentError([Problem(shown, 1, "module d'édition en ligne absent", "lancez python scripts/vendor_cms.py")])
    hosts = cdn_hosts_in(bundle.read_bytes())
    if hosts:
        names = ", ".join(f"« {host} »" for host in hosts)
        raise ContentError(
            [Problem(shown, 1, f"le module d'édition en ligne charge encore des fichiers depuis {names}", "relancez python scripts/vendor_cms.py")]
        )
    paths = sorted(path for path in ADMIN_DATA.rglob("*") if path.is_file())
    return [GeneratedFile(f"admin/{path.relative_to(ADMIN_DATA).as_posix()}", path.read_bytes()) for path in paths]


class _Dumper(yaml.SafeDumper):
    """Writes shared option lists in full: the form's YAML reader need not know anchors."""

    def ignore_aliases(self, data) -> bool:
        return True


def admin_files(linked: LinkedSite) -> list[GeneratedFile]:
    """``/admin/``: the form's page, its generated configuration and the vendored bundle."""
    settings = cms.config(linked.site.referential)
    config = yaml.dump(settings, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    notice = "# Généré par Relevé depuis hooks/releve/schema.py et referentiel.yaml : ne pas modifier.\n"
    return [
        GeneratedFile("admin/index.html", _index(linked)),
        GeneratedFile("admin/config.yml", (notice + config).encode()),
        GeneratedFile(f"admin/{SETUP}", _setup_script(settings)),
        *_vendored(),
    ]
