// Filters of the « Avancement » frise (axe, thématique) and of the annuaire (secteur, type, public,
// commune). First-party and dependency-free: without JavaScript the form stays hidden and every
// entry is shown. The form names the lists it filters (data-releve-filtres="css selector"); each
// select names the data- attribute of the items it compares (data-cle), a space-separated list.
// The choices are kept in the page's address (?axe=2&thematique=…): a link copied, a page reloaded
// or the back button shows the same selection.
document.querySelectorAll("form[data-releve-filtres]").forEach((form) => {
  const lists = document.querySelectorAll(form.dataset.releveFiltres || "ol.releve-frise");
  const selects = Array.from(form.querySelectorAll("select[data-cle]"));
  const status = form.querySelector("[aria-live]");
  const matches = (values, wanted) => !wanted || (values || "").split(" ").includes(wanted);

  const apply = () => {
    let shown = 0;
    lists.forEach((list) => {
      let visible = 0;
      list.querySelectorAll(":scope > li").forEach((item) => {
        const match = selects.every((select) => matches(item.dataset[select.dataset.cle], select.value));
        item.hidden = !match;
        visible += match ? 1 : 0;
      });
      // A group with nothing left to show loses its heading too.
      list.hidden = visible === 0;
      const heading = list.previousElementSibling;
      if (heading && /^H[1-6]$/.test(heading.tagName)) heading.hidden = visible === 0;
      shown += visible;
    });
    status.textContent = shown > 1 ? `${shown} éléments affichés` : `${shown} élément affiché`;
  };

  // The address's choices, when each names an option of its select (an old link may not).
  const read = () => {
    const params = new URLSearchParams(window.location.search);
    selects.forEach((select) => {
      const wanted = params.get(select.name) || "";
      select.value = Array.from(select.options).some((option) => option.value === wanted) ? wanted : "";
    });
  };

  const write = () => {
    const params = new URLSearchParams(window.location.search);
    selects.forEach((select) => (select.value ? params.set(select.name, select.value) : params.delete(select.name)));
    const query = params.toString();
    const address = window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.pushState(null, "", address);
    }
  };

  form.addEventListener("change", () => {
    write();
    apply();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  window.addEventListener("popstate", () => {
    read();
    apply();
  });
  read();
  if (window.location.search) apply();
  form.hidden = false;
});
