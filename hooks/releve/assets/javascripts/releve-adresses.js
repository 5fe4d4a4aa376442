// A feed's address to paste into a feed reader. When the site's public address is not known at
// build time (mkdocs.yml's site_url, or RELEVE_URL_PUBLIQUE set by the Pages workflows), the page
// says it in words (« l'adresse de ce site suivie de flux.xml ») around the feed's relative address;
// the reader's browser knows where the page is, so the words become the address itself. Text only,
// never a link (a feed opened in a browser shows as code), and only an address of this site: the
// attribute is allowed in content too.
document.querySelectorAll("span[data-releve-adresse]").forEach((span) => {
  const url = new URL(span.dataset.releveAdresse, document.baseURI);
  if (url.origin !== location.origin) return;
  const code = document.createElement("code");
  code.textContent = url.href;
  span.replaceChildren(code);
});
