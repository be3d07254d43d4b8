/* Hearth: offering a content warning while a member writes. The composer's
   check (POST /api/v1/safety/crisis-check, asked by live.js) says when the
   text touches a topic readers filter out; this shows a button that fills the
   content-warning field. Nothing is forced: ignoring it posts as written, and
   the server then doesn't ask again. Without this script the server offers
   the warning once on submit (forum/community/filters.py). */
(function () {
  "use strict";

  function partsOf(form) {
    return {
      offer: form.querySelector("[data-warning-offer]"),
      warning: form.querySelector('[name="content_warning"]'),
      offered: form.querySelector('[name="warning_offered"]')
    };
  }

  document.addEventListener("hearth:composer-checked", function (event) {
    var body = document.getElementById("body");
    var form = body && body.form;
    if (!form) { return; }
    var parts = partsOf(form);
    if (!parts.offer || !parts.warning) { return; }
    var suggested = event.detail && event.detail.suggested_warning;
    if (!suggested || parts.warning.value.trim()) { parts.offer.hidden = true; return; }
    parts.offer.querySelector("[data-warning-topic]").textContent = suggested;
    parts.offer.querySelector("[data-warning-label]").textContent = suggested;
    parts.offer.dataset.suggested = suggested;
    parts.offer.hidden = false;
    if (parts.offered) { parts.offered.value = "1"; }  // offered here: posting goes ahead as written
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-warning-add]");
    if (!button) { return; }
    var offer = button.closest("[data-warning-offer]");
    var parts = partsOf(button.form || offer.closest("form"));
    if (!parts.warning) { return; }
    parts.warning.value = offer.dataset.suggested || "";
    offer.hidden = true;
    parts.warning.focus();
  });
}());
