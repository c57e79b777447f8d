/* The exercise page: CodeMirror 5 (Python mode, 4-space indent on Tab), drafts kept in
   localStorage, tabs, a size check before submitting, and a busy state while grading. */
(function () {
  "use strict";
  var form = document.getElementById("submit-form");
  var textarea = document.getElementById("code");
  if (!form || !textarea || !window.CodeMirror) return;
  var slug = form.dataset.slug;
  var source = form.dataset.source;
  var key = "dlprep:draft:" + slug;

  var cm = window.CodeMirror.fromTextArea(textarea, {
    mode: { name: "python", version: 3, singleLineStringErrors: false },
    theme: "nord",
    lineNumbers: true,
    indentUnit: 4,
    tabSize: 4,
    indentWithTabs: false,
    smartIndent: true,
    matchBrackets: true,
    autoCloseBrackets: true,
    styleActiveLine: true,
    viewportMargin: Infinity,
    extraKeys: {
      Tab: function (cm) {
        if (cm.somethingSelected()) cm.indentSelection("add");
        else cm.replaceSelection("    ", "end", "+input");
      },
      "Shift-Tab": function (cm) { cm.indentSelection("subtract"); },
      "Ctrl-Enter": function () { submit(); },
      "Cmd-Enter": function () { submit(); },
      "Ctrl-/": "toggleComment",
      "Cmd-/": "toggleComment",
    },
  });
  window.dlprepEditor = cm;

  // Drafts: the page shows the attempt you asked for, else the code you were typing.
  var draft = null;
  try { draft = window.localStorage.getItem(key); } catch (e) { /* storage off */ }
  if (source !== "attempt" && source !== "submitted" && draft !== null && draft !== cm.getValue()) {
    cm.setValue(draft);
    var note = document.getElementById("draft-note");
    if (note) note.hidden = false;
  }
  cm.on("change", function () {
    try { window.localStorage.setItem(key, cm.getValue()); } catch (e) { /* storage off */ }
  });

  document.getElementById("reset-starter").addEventListener("click", function () {
    cm.setValue(document.getElementById("starter").value);
    cm.focus();
  });

  function bytes(text) { return new TextEncoder().encode(text).length; }

  function submit() {
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  form.addEventListener("submit", function (ev) {
    cm.save();
    var max = parseInt(form.dataset.maxBytes, 10);
    var size = bytes(cm.getValue());
    var old = document.getElementById("client-error");
    if (old) old.remove();
    if (max && size > max && !form.dataset.force) {
      ev.preventDefault();
      var div = document.createElement("div");
      div.className = "notice notice-error";
      div.id = "client-error";
      div.setAttribute("role", "alert");
      div.textContent = form.dataset.tooLarge + " (" + (size / 1024).toFixed(1) + " KB)";
      form.parentNode.insertBefore(div, form);
      return;
    }
    try { window.localStorage.setItem(key, cm.getValue()); } catch (e) { /* storage off */ }
    var btn = document.getElementById("submit-btn");
    btn.disabled = true;
    btn.classList.add("busy");
    btn.textContent = btn.dataset.busy;
  });

  // Tabs: problem / hints / history, chosen by the URL hash.
  var tabs = document.querySelectorAll(".tab");
  var panels = document.querySelectorAll(".tab-panel");
  function show(name) {
    var found = false;
    tabs.forEach(function (t) { var on = t.dataset.tab === name; t.classList.toggle("active", on); found = found || on; });
    if (!found) return show("problem");
    panels.forEach(function (p) { p.hidden = p.dataset.panel !== name; });
  }
  tabs.forEach(function (t) {
    t.addEventListener("click", function (ev) {
      ev.preventDefault();
      show(t.dataset.tab);
      history.replaceState(null, "", "#" + t.dataset.tab);
    });
  });
  var hash = window.location.hash.slice(1);
  show(hash === "hints" || hash === "history" ? hash : "problem");
  if (hash === "verdict") {
    var v = document.getElementById("verdict");
    if (v) v.scrollIntoView({ block: "start" });
  }
})();
