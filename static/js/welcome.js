/* The welcome on the home page closes without a reload: the same form is
   posted in the background, the panel goes, and focus moves to the page's
   heading so keyboard and screen-reader users aren't left nowhere. Without
   this script the form posts and the page reloads without the welcome. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-welcome-dismiss]");
  var panel = document.querySelector("[data-welcome]");
  if (!form || !panel || !window.fetch) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { form.submit(); return; }
      panel.remove();
      var heading = document.getElementById("home-heading");
      if (heading) { heading.focus(); }
    }).catch(function () { form.submit(); });
  });
})();
