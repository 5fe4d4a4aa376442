// Run after the form's bundle (outputs/admin.py writes it to the site's /admin/): the parts of the
// form that Relevé adds through the bundle's public API (CMS.registerWidget,
// CMS.registerEditorComponent). Their fields come from releve.cms, the same declarations as the
// rest of the form.
(function () {
  var CMS = window.CMS;
  var React = window.__SVELTIA_CMS_REACT__;
  var settings = @SETTINGS@;
  if (!CMS) return;

  // « Lieu »: a structure of the annuaire, chosen by its name, or a place written in full. The
  // file holds the structure's id or the text, as the validator reads it (schema.PlaceRef).
  // A class made by the bundle's createClass, not a function with hooks: the renderer the bundle
  // loads carries its own copy of React, whose hooks a function written here could not reach.
  var OTHER = "\u0000autre";
  var h = React.createElement;
  var Place = window.createClass({
    options: function () {
      var options = this.props.field && this.props.field.get("options");
      return options ? options.toJS() : [];
    },
    known: function (value) {
      return this.options().some(function (option) { return option.value === value; });
    },
    getInitialState: function () {
      var value = this.props.value || "";
      return {other: !!value && !this.known(value)};
    },
    choose: function (event) {
      var picked = event.target.value, value = this.props.value || "";
      this.setState({other: picked === OTHER});
      this.props.onChange(picked === OTHER ? (this.known(value) ? "" : value) : picked);
    },
    render: function () {
      var value = this.props.value || "", known = this.known(value), other = this.state.other;
      var select = h(
        "select",
        {id: this.props.forID, className: "releve-lieu__choix", value: other ? OTHER : value, onChange: this.choose},
        h("option", {value: ""}, settings.lieu.aucun),
        h(
          "optgroup",
          {label: settings.lieu.annuaire},
          this.options().map(function (option) { return h("option", {key: option.value, value: option.value}, option.label); })
        ),
        h("option", {value: OTHER}, settings.lieu.autre)
      );
      var onChange = this.props.onChange;
      return h(
        "div",
        {className: "releve-lieu"},
        select,
        other
          ? h("input", {
              type: "text",
              className: (this.props.classNameWrapper || "") + " releve-lieu__texte",
              "aria-label": settings.lieu.texte,
              placeholder: settings.lieu.exemple,
              value: known ? "" : value,
              onChange: function (event) { onChange(event.target.value); },
            })
          : null
      );
    },
  });
  CMS.registerWidget(settings.lieu.widget, Place);

  // The buttons of a compte rendu's text: a décision and an engagement in the syntax the engine
  // reads (releve.body), with the fiches and the structure chosen from lists.
  function indent(text) {
    return String(text || "").trim().split("\n").map(function (line) { return line.trim() ? "    " + line : ""; }).join("\n");
  }
  function dedent(text) {
    return String(text || "").split("\n").map(function (line) { return line.replace(/^(?: {4}|\t)/, ""); }).join("\n").trim();
  }
  function escape(text) {
    return String(text || "").replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; });
  }
  function words(value) {
    return (Array.isArray(value) ? value : value ? [value] : []).filter(Boolean);
  }
  // The block's first line, then its indented lines (blank lines inside it included).
  var BODY = "((?:(?: {4}|\\t)[^\\n]*(?:\\n|$)|[ \\t]*\\n(?=(?: {4}|\\t)))*)";

  CMS.registerEditorComponent({
    id: "decision",
    label: settings.decision.label,
    icon: "gavel",
    fields: settings.decision.fields,
    pattern: new RegExp("^!!![ \\t]+d[ée]cision\\b([^\\n]*)\\n" + BODY, "im"),
    fromBlock: function (match) {
      return {fiches: match[1].trim().split(/\s+/).filter(Boolean), texte: dedent(match[2])};
    },
    toBlock: function (data) {
      var fiches = words(data.fiches);
      return "!!! decision" + (fiches.length ? " " + fiches.join(" ") : "") + "\n" + indent(data.texte) + "\n";
    },
    toPreview: function (data) {
      return "<p><strong>" + escape(settings.decision.label) + "</strong> : " + escape(data.texte) + "</p>";
    },
  });

  var ARGS = /^\s*(\S+)(?:\s+"((?:[^"\\]|\\.)*)"|\s+'([^']*)')?(?:\s+(\d{4}-\d{2}-\d{2}))?\s*$/;
  CMS.registerEditorComponent({
    id: "engagement",
    label: settings.engagement.label,
    icon: "assignment_ind",
    fields: settings.engagement.fields,
    pattern: new RegExp("^!!![ \\t]+engagement\\b([^\\n]*)\\n" + BODY, "im"),
    fromBlock: function (match) {
      var args = ARGS.exec(match[1]) || [];
      var person = args[2] !== undefined ? args[2].replace(/\\(.)/g, "$1") : args[3];
      // The structure as a list of one (the field is a list of at most one: cms.form's editor settings).
      return {structure: args[1] ? [args[1]] : [], personne: person || "", echeance: args[4] || "", texte: dedent(match[2])};
    },
    toBlock: function (data) {
      var line = "!!! engagement " + (words(data.structure)[0] || "");
      if (data.personne) line += ' "' + String(data.personne).replace(/["\\]/g, "\\$&") + '"';
      if (data.echeance) line += " " + String(data.echeance).slice(0, 10);
      return line + "\n" + indent(data.texte) + "\n";
    },
    toPreview: function (data) {
      return "<p><strong>" + escape(settings.engagement.label) + "</strong> : " + escape(data.texte) + "</p>";
    },
  });

  // « Engagement réalisé »: the engagement chosen in the list of the site's own (cms.form's editor settings,
  // absent while the site holds none), written as the « !!! fait » block that closes it.
  if (settings.fait) {
    CMS.registerEditorComponent({
      id: "fait",
      label: settings.fait.label,
      icon: "task_alt",
      fields: settings.fait.fields,
      pattern: new RegExp("^!!![ \\t]+fait\\b([^\\n]*)\\n" + BODY, "im"),
      fromBlock: function (match) {
        return {engagement: match[1].trim(), texte: dedent(match[2])};
      },
      toBlock: function (data) {
        return "!!! fait " + String(data.engagement || "").trim() + "\n" + indent(data.texte) + "\n";
      },
      toPreview: function (data) {
        return "<p><strong>" + escape(settings.fait.label) + "</strong> : " + escape(data.texte) + "</p>";
      },
    });
  }
})();
