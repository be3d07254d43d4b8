/* When something ends (sanctions, pins, announcements): typing or picking a
   date and time chooses "On a date and time", and choosing it moves focus to
   the picker. Without this script the server reads a typed date the same way
   unless a duration was chosen. */
(function () {
  "use strict";

  document.querySelectorAll("[data-ends-field]").forEach(function (fieldset) {
    var at = fieldset.querySelector("input[type=radio][value=at]");
    var picker = fieldset.querySelector("input[type=datetime-local]");
    if (!at || !picker) { return; }
    picker.addEventListener("input", function () {
      if (picker.value) { at.checked = true; }
    });
    at.addEventListener("change", function () {
      if (at.checked) { picker.focus(); }
    });
  });
})();
