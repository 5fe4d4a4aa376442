// Filters of the « Avancement » frise by axe and by thématique. First-party and dependency-free:
// without JavaScript the form stays hidden and every entry of the frise is shown.
document.querySelectorAll("form[data-releve-filtres]").forEach((form) => {
  const lists = document.querySelectorAll("ol.releve-frise");
  const status = form.querySelector("[aria-live]");
  const matches = (values, wanted) => !wanted || values.split(" ").includes(wanted);

  const apply = () => {
    const axe = form.elements.axe.value;
    const theme = form.elements.thematique.value;
    let shown = 0;
    lists.forEach((list) => {
      let visible = 0;
      list.querySelectorAll(":scope > li").forEach((item) => {
        const match = matches(item.dataset.axes, axe) && matches(item.dataset.thematiques, theme);
        item.hidden = !match;
        visible += match ? 1 : 0;
      });
      // A year with nothing left to show loses its heading too.
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
