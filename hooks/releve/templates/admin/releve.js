// Run before the form's bundle (outputs/admin.py writes it to the site's /admin/).

// The form speaks French unless its user chose another language in its settings. It shows its
// first screens (loading, signing in) in English until its French strings are in, a moment later:
// index.html keeps it hidden under a French line until one of those screens speaks French and none
// speaks English (after ten seconds, it is shown whatever happens).
(function () {
  var key = "sveltia-cms.prefs", root = document.documentElement, texts = @FIRST_SCREENS@;
  function show() {
    root.removeAttribute("data-releve-chargement");
  }
  try {
    var prefs = JSON.parse(localStorage.getItem(key) || "{}") || {};
    if (!prefs.locale) {
      prefs.locale = "fr";
      localStorage.setItem(key, JSON.stringify(prefs));
    }
    if (prefs.locale !== "fr") return show();  // another language, chosen in the form's settings
  } catch (error) {}
  function found(list, text) {
    for (var i = 0; i < list.length; i++) if (text.indexOf(list[i]) >= 0) return true;
    return false;
  }
  var watching = new MutationObserver(check);
  function check() {
    var text = document.body ? document.body.textContent : "";
    if (found(texts.french, text) && !found(texts.english, text)) {
      watching.disconnect();
      show();
    }
  }
  addEventListener("DOMContentLoaded", function () {
    watching.observe(document.body, {childList: true, subtree: true, characterData: true});
    check();
  });
  setTimeout(function () {
    watching.disconnect();
    show();
  }, 10000);
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

// The bundle adds its own viewport with « maximum-scale=1 », which forbids zooming on a phone
// (WCAG 1.4.4): the limit is taken out of every viewport the page is given, whenever it is set.
(function () {
  var limits = /\s*,?\s*(maximum-scale|user-scalable)\s*=\s*[^,]*/gi;
  function allowZoom() {
    var metas = document.querySelectorAll('meta[name="viewport"]');
    for (var i = 0; i < metas.length; i++) {
      var content = metas[i].getAttribute("content") || "";
      if (limits.test(content)) {
        limits.lastIndex = 0;
        metas[i].setAttribute("content", content.replace(limits, "").replace(/^\s*,\s*/, ""));
      }
      limits.lastIndex = 0;
    }
  }
  new MutationObserver(allowZoom).observe(document.head, {childList: true, subtree: true, attributes: true, attributeFilter: ["content"]});
})();

// Buttons that cannot work on this site (signing in to a repository it does not know yet): marked,
// and hidden by index.html's stylesheet. A mark, not a style of the button: the bundle sets its
// buttons' own attributes again when it renders them, never an attribute it does not know.
(function () {
  var hidden = @HIDDEN@;
  if (!hidden.length) return;
  function mark() {
    var buttons = document.querySelectorAll("button:not([data-releve-masque])");
    for (var i = 0; i < buttons.length; i++) {
      if (hidden.indexOf(buttons[i].textContent.trim()) >= 0) buttons[i].setAttribute("data-releve-masque", "");
    }
  }
  addEventListener("DOMContentLoaded", function () {
    new MutationObserver(mark).observe(document.body, {childList: true, subtree: true, characterData: true});
    mark();
  });
})();
