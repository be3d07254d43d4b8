/* Hearth: writing is safe. Drafts save themselves while a member writes
   (forum/community/drafts.py keeps them on the server, never in the browser);
   Quote inserts at the cursor without a reload; leaving a page with unsent
   text asks first; messages and error summaries placed where the member
   acted are focused, so they are seen and read out. Every page works without
   this script: the buttons it takes over post forms the server understands. */
(function () {
  "use strict";

  var SAVE_AFTER_MS = 1500;
  var liveStatus = document.getElementById("live-status");
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.content : "";

  function announce(text) {
    if (!liveStatus) { return; }
    liveStatus.textContent = "";
    window.setTimeout(function () { liveStatus.textContent = text; }, 50);
  }

  /* --- Messages where the member acted, and error summaries ---------------- */

  function focusOnLoad() {
    var target = document.querySelector(".error-summary[data-focus-on-load]") ||
      document.querySelector(".placed-message[id][data-focus-on-load]") ||
      document.querySelector("[data-focus-on-load]");
    if (!target) { return; }
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[data-field]");
    if (!link) { return; }
    var field = document.getElementById(link.dataset.field);
    if (!field) { return; }
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });

  /* An offer such as "Undo" lasts as long as the server allows it. */
  function expireOffers() {
    document.querySelectorAll(".message-action[data-until]").forEach(function (form) {
      var left = Date.parse(form.dataset.until) - Date.now();
      window.setTimeout(function () { form.remove(); }, Math.max(left, 0));
    });
  }

  /* --- Forms whose text must not be lost ----------------------------------- */

  function values(form) {
    var found = {};
    ["title", "body", "content_warning"].forEach(function (name) {
      var input = form.elements[name];
      if (input) { found[name] = input.value; }
    });
    return found;
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  var kept = new WeakMap();  // form → {saved: values, timer, submitting}

  function stateOf(form) {
    var state = kept.get(form);
    if (!state) {
      // Text the server sent back with errors was never kept: it counts as unsent.
      state = { saved: form.hasAttribute("data-unsent") ? null : values(form), timer: null, submitting: false,
                told: false };
      kept.set(form, state);
    }
    return state;
  }

  function keptForms() { return document.querySelectorAll("form[data-keep-text]"); }

  function statusOf(form) { return form.querySelector("[data-draft-status]"); }

  function showSaved(form, draft) {
    var status = statusOf(form);
    var discard = form.querySelector("[data-discard-draft]");
    if (discard) { discard.hidden = !draft; }
    if (!status) { return; }
    status.textContent = draft ? "Draft saved" : "";
  }

  /* Save now; `leaving` keeps the request alive while the page goes away. */
  function saveDraft(form, leaving) {
    var state = stateOf(form);
    window.clearTimeout(state.timer);
    var now = values(form);
    if (!form.dataset.draftUrl || same(now, state.saved)) { return Promise.resolve(); }
    state.saved = now;
    return fetch(form.dataset.draftUrl, {
      method: "PUT", credentials: "same-origin", keepalive: !!leaving,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify(now)
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (answer) {
        if (!response.ok) {
          state.saved = null;  // not kept: still unsent
          var status = statusOf(form);
          var message = answer && answer.error ? answer.error.message : "";
          if (status) { status.textContent = "Draft not saved" + (message ? ": " + message : "."); }
          return;
        }
        showSaved(form, answer && answer.draft);
        if (!state.told && answer && answer.draft) { state.told = true; announce("Draft saved."); }
      });
    }).catch(function () {
      state.saved = null;
      var status = statusOf(form);
      if (status && !leaving) { status.textContent = "Draft not saved: no connection."; }
    });
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (!form || !form.hasAttribute("data-keep-text") || !form.dataset.draftUrl) { return; }
    var state = stateOf(form);
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(function () { saveDraft(form); }, SAVE_AFTER_MS);
  });

  function unsent(form) {
    var state = stateOf(form);
    return !state.submitting && !same(values(form), state.saved);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var posting = !submitter || !submitter.hasAttribute("formaction");
    keptForms().forEach(function (kept) {
      if (kept === form && posting) { stateOf(kept).submitting = true; return; }
      // Another form on the page (a reaction, Withdraw...): the draft goes along.
      if (kept.dataset.draftUrl && unsent(kept)) { saveDraft(kept, true); }
      if (kept === form) { stateOf(kept).submitting = true; }
    });
  });

  window.addEventListener("pagehide", function () {
    keptForms().forEach(function (form) { if (form.dataset.draftUrl && unsent(form)) { saveDraft(form, true); } });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "hidden") { return; }
    keptForms().forEach(function (form) { if (form.dataset.draftUrl && unsent(form)) { saveDraft(form, true); } });
  });

  window.addEventListener("beforeunload", function (event) {
    var anyUnsent = Array.prototype.some.call(keptForms(), unsent);
    if (!anyUnsent) { return; }
    event.preventDefault();
    event.returnValue = "";
  });

  /* Discard: the text goes, and the stored draft with it. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-discard-draft]");
    if (!button || !button.form || !button.form.dataset.draftUrl) { return; }
    event.preventDefault();
    var form = button.form;
    var state = stateOf(form);
    window.clearTimeout(state.timer);
    fetch(form.dataset.draftUrl, {
      method: "DELETE", credentials: "same-origin", headers: { "X-CSRFToken": csrf }
    }).then(function (response) {
      if (!response.ok) { return; }
      ["title", "body", "content_warning"].forEach(function (name) {
        if (form.elements[name]) { form.elements[name].value = ""; }
      });
      state.saved = values(form);
      showSaved(form, null);
      var status = statusOf(form);
      if (status) { status.textContent = "Draft discarded"; }
      announce("Draft discarded.");
      if (form.elements.body) { form.elements.body.focus(); }
    });
  });

  /* --- Quote at the cursor ------------------------------------------------- */

  var cursor = null;  // where the member left the reply box: {start, end}
  document.addEventListener("focusout", function (event) {
    var box = event.target;
    if (box.form && box.form.id === "reply-form" && box.name === "body") {
      cursor = { start: box.selectionStart, end: box.selectionEnd };
    }
  });

  function insertQuote(box, quote) {
    var text = box.value;
    var start = cursor ? Math.min(cursor.start, text.length) : text.length;
    var end = cursor ? Math.min(cursor.end, text.length) : text.length;
    var before = text.slice(0, start);
    var after = text.slice(end);
    // A quote is its own paragraph: blank lines around it, none doubled.
    var lead = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
    var block = quote.replace(/\n+$/, "") + "\n\n";
    box.value = before + lead + block + after.replace(/^\n+/, "");
    var caret = (before + lead + block).length;
    box.focus();
    box.setSelectionRange(caret, caret);
    cursor = { start: caret, end: caret };
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-quote]");
    if (!button) { return; }
    var form = document.getElementById("reply-form");
    var box = form && form.elements.body;
    if (!box) { return; }
    event.preventDefault();
    fetch("/p/" + button.dataset.quote + "/quote", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (quote) {
        if (!quote) { announce("This post can't be quoted."); return; }
        box.scrollIntoView({ block: "center" });
        insertQuote(box, quote);
        announce("Quote added to your reply.");
      });
  });

  function start() {
    keptForms().forEach(function (form) {
      stateOf(form);
      // Drafts save by themselves here: the button is for pages without script.
      var save = form.querySelector("[data-save-draft]");
      if (save && form.dataset.draftUrl && csrf) { save.hidden = true; }
    });
    expireOffers();
    // After the browser has scrolled to the URL's #fragment, so the message wins.
    if (document.readyState === "complete") { focusOnLoad(); } else { window.addEventListener("load", focusOnLoad); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
