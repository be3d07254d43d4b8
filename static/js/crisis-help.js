/* The crisis panel under a writer's post (templates/community/_crisis_panel.html).
   Right after posting, the page opens at #crisis-help: give the panel focus, so
   keyboard and screen-reader users start there. Closing it needs no reload.
   Without this script the anchor still scrolls to the panel and the form still
   closes it. */
(function () {
  "use strict";

  var panel = document.getElementById("crisis-help");
  if (!panel) { return; }
  if (window.location.hash === "#crisis-help") {
    // A reload of this address comes back to the help, not to wherever the page was scrolled.
    if ("scrollRestoration" in window.history) { window.history.scrollRestoration = "manual"; }
    panel.focus();
  }

  var form = panel.querySelector("form.crisis-help-dismiss");
  if (!form || !window.fetch) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, { method: "POST", credentials: "same-origin", body: new FormData(form) })
      .then(function (response) {
        if (!response.ok) { throw new Error("not closed"); }
        var post = panel.previousElementSibling;
        var landing = post && post.matches("article.post") ? post : document.getElementById("main");
        panel.remove();
        if (window.location.hash === "#crisis-help") {
          window.history.replaceState(null, "", window.location.pathname + window.location.search);
        }
        landing.setAttribute("tabindex", "-1");
        landing.focus();
        var status = document.getElementById("live-status");
        if (status) { status.textContent = "Closed. Help is always under Need help now, at the top of every page."; }
      })
      .catch(function () { form.submit(); });
  });
})();
