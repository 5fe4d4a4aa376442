// Filters of the « Avancement » frise (axe, thématique) and of the annuaire (secteur, type, public,
// commune). First-party and dependency-free: without JavaScript the form stays hidden and every
// entry is shown. The form names the lists it filters (data-releve-filtres="css selector"); each
// select names the data- attribute of the items it compares (data-cle), a space-separated list.
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

  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
});
