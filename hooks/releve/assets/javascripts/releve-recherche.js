// The site search (theme/partials/recherche.html): a dialog over Pagefind's search library. Nothing
// of Pagefind is loaded until the reader opens the search; then only its library, its index for
// the words typed and the excerpts of the results shown, a few at a time: a phone pays a few
// hundred kilobytes for a search whatever the size of the site.
(() => {
  const root = document.querySelector("[data-releve-recherche]");
  const dialog = document.querySelector(".releve-recherche__dialogue");
  if (!root || !dialog) return;
  const field = dialog.querySelector("input");
  const status = dialog.querySelector("[role=status]");
  const list = dialog.querySelector("ol");
  const more = dialog.querySelector(".releve-recherche__plus");
  const BATCH = 5; // results whose excerpt is fetched at once
  const quoted = (text) => `«\u202f${text}\u202f»`;
  let library = null;
  let results = [];
  let shown = 0;
  let round = 0; // bumped by every keystroke: an older search never overwrites a newer one

  // The main thread rather than a worker: one script less to download, for a search of a few milliseconds.
  const load = () =>
    (library ??= import(new URL(root.dataset.releveRecherche, document.baseURI).href).then(async (pagefind) => {
      await pagefind.options({ noWorker: true });
      return pagefind;
    }));

  // Pagefind indexes the page's text with its unbreakable spaces made ordinary ones: those French
  // needs are put back as the site puts them (typography.py), so that no line of an excerpt starts
  // with « : », « ; », « ! », « ? » or « » », nor ends with « «.
  const french = (text) =>
    text.replace(/ (?=:(?!\/\/))/g, "\u00a0").replace(/ (?=[;!?»])/g, "\u202f").replace(/« /g, "«\u202f");

  // Pagefind's excerpt is HTML (the page's text, escaped, with <mark> around the words found):
  // parsed in an inert document and rebuilt from its text and its marks only.
  const excerpt = (html) =>
    Array.from(new DOMParser().parseFromString(html, "text/html").body.childNodes, (node) => {
      if (node.nodeName !== "MARK") return document.createTextNode(french(node.textContent));
      const mark = document.createElement("mark");
      mark.textContent = french(node.textContent);
      return mark;
    });

  // A match near the top of a page gives an excerpt that opens on the page's title (after a
  // structure's acronym, indexed first), or on its last words: the result shows the title just
  // above, so that opening is left out and the excerpt starts with what the title does not say.
  const opening = (text, title) => {
    const whole = text.indexOf(`${title}.`);
    if (title && whole !== -1 && whole <= 40) {
      // « ANCT. ANCT. Avec le CCOMS… »: an acronym that is the whole name comes twice.
      const end = whole + title.length + 1;
      const again = text.slice(end).trimStart();
      return again.startsWith(`${title}.`) ? text.length - again.length + title.length + 1 : end;
    }
    for (let start = title.indexOf(" ") + 1; start > 0; start = title.indexOf(" ", start) + 1) {
      if (text.startsWith(`${title.slice(start)}.`)) return title.length - start + 1;
    }
    return 0;
  };

  const withoutOpening = (nodes, title) => {
    let cut = opening(nodes.map((node) => node.textContent).join(""), title);
    if (cut === 0) return nodes;
    const kept = [];
    for (const node of nodes) {
      const length = node.textContent.length;
      if (cut >= length) {
        cut -= length;
        continue;
      }
      if (cut > 0) {
        node.textContent = node.textContent.slice(cut);
        cut = 0;
      }
      kept.push(node);
    }
    if (kept.length === 0) return nodes; // nothing but the title: shown as it is
    if (kept[0].nodeName !== "MARK") kept[0].textContent = kept[0].textContent.trimStart();
    return kept;
  };

  // What each result is and its date, from the page's card (data-pagefind-meta): « Fiche action ·
  // 22 octobre 2021 ». Text only: the values come from the index, never parsed as HTML.
  const item = (data) => {
    const entry = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    entry.append(link);
    const what = [data.meta.type, data.meta.date].filter(Boolean).join(" · ");
    if (what) {
      const kind = document.createElement("p");
      kind.className = "releve-recherche__quoi";
      kind.textContent = what;
      entry.append(kind);
    }
    const text = document.createElement("p");
    text.append(...withoutOpening(excerpt(data.excerpt), data.meta.title || ""));
    entry.append(text);
    return entry;
  };

  const showMore = async () => {
    const mine = round;
    const batch = await Promise.all(results.slice(shown, shown + BATCH).map((result) => result.data()));
    if (mine !== round) return null;
    const entries = batch.map(item);
    list.append(...entries);
    shown += entries.length;
    more.hidden = shown >= results.length;
    return entries[0] || null;
  };

  const search = async () => {
    const mine = ++round;
    const term = field.value.trim();
    results = [];
    shown = 0;
    if (!term) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    let found;
    try {
      const pagefind = await load();
      found = await pagefind.debouncedSearch(term, {}, 200);
      if (found !== null && /oe/i.test(term)) {
        // « oeuvre », « coeur » as a keyboard types them: Pagefind folds accents, not « œ ».
        const ligature = await pagefind.search(term.replace(/oe/gi, "œ"));
        const known = new Set(found.results.map((result) => result.id));
        const extra = ligature.results.filter((result) => !known.has(result.id));
        found = { results: [...found.results, ...extra].sort((a, b) => b.score - a.score) };
      }
    } catch {
      status.textContent = "La recherche n'a pas pu être chargée : vérifiez la connexion, puis réessayez.";
      library = null;
      return;
    }
    if (found === null || mine !== round) return; // a later keystroke took over
    results = found.results;
    list.replaceChildren();
    await showMore();
    if (mine !== round) return;
    // Announced once the first results are there, so a screen reader can go on to them.
    const count = results.length;
    status.textContent =
      count === 0 ? `Aucun résultat pour ${quoted(term)}` : `${count.toLocaleString("fr-FR")} résultat${count > 1 ? "s" : ""} pour ${quoted(term)}`;
  };

  const open = () => {
    if (dialog.open) return;
    dialog.showModal();
    field.focus();
    field.select();
    load().catch(() => {}); // fetched while the reader types; a failure is reported by the search
  };

  root.hidden = false; // without JavaScript, no button that would do nothing
  root.querySelector("button").addEventListener("click", open);
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
      event.preventDefault();
      open();
    }
  });
  dialog.querySelector(".releve-recherche__fermer").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  field.addEventListener("input", search);
  // Enter opens the first result.
  dialog.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) first.click();
  });
  more.addEventListener("click", async () => {
    const first = await showMore();
    if (first) first.querySelector("a").focus();
  });
  // The arrow keys go from the field to the results and back.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const stops = [field, ...list.querySelectorAll("a")];
    const at = stops.indexOf(document.activeElement);
    if (at < 0) return;
    const next = at + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0 || next >= stops.length) return;
    event.preventDefault();
    stops[next].focus();
  });
})();
