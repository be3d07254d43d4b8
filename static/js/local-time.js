/* Hearth times: keeps "3 min ago" labels current, as the server words them
   (forum/times.py), in the member's time zone; and, the first time a member
   with no zone chosen signs in, tells Hearth the browser's zone. Pages show
   correct times without this script; it only keeps them fresh. */
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="hearth-time-zone"]');
  if (!meta || typeof Intl !== "object") { return; }
  var zone = meta.content;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var dateParts;
  try {
    dateParts = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "numeric", day: "numeric" });
  } catch (error) { return; }

  function localDay(moment) {
    var parts = {};
    dateParts.formatToParts(moment).forEach(function (part) { parts[part.type] = part.value; });
    var year = parseInt(parts.year, 10), month = parseInt(parts.month, 10), day = parseInt(parts.day, 10);
    return { year: year, month: month, day: day, number: Date.UTC(year, month - 1, day) / 86400000 };
  }

  /* The same rule as the server's `relative()`; null: leave the label as it is. */
  function relative(moment, now) {
    var seconds = (now - moment) / 1000;
    if (isNaN(seconds) || seconds < -60) { return null; }
    if (seconds < 60) { return "just now"; }
    if (seconds < 3600) { return Math.floor(seconds / 60) + " min ago"; }
    var local = localDay(moment), today = localDay(now);
    if (local.number === today.number || seconds < 6 * 3600) { return Math.floor(seconds / 3600) + " h ago"; }
    if (local.number === today.number - 1) { return "yesterday"; }
    return local.day + " " + MONTHS[local.month - 1] + (local.year === today.year ? "" : " " + local.year);
  }

  function refresh(root) {
    var now = new Date();
    (root || document).querySelectorAll("time[data-relative]").forEach(function (element) {
      var label = relative(new Date(element.getAttribute("datetime")), now);
      var text = element.firstChild;
      if (label && text && text.nodeType === Node.TEXT_NODE && text.nodeValue !== label) { text.nodeValue = label; }
    });
  }

  refresh();
  window.setInterval(refresh, 60000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { refresh(); }
  });

  /* No zone chosen yet: take the browser's, once (the preferences page changes it). */
  var csrf = document.querySelector('meta[name="csrf-token"]');
  if (!meta.hasAttribute("data-unset") || !csrf || !window.fetch) { return; }
  var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var KEY = "hearth-time-zone-sent";
  try {
    if (!browserZone || window.sessionStorage.getItem(KEY)) { return; }
    window.sessionStorage.setItem(KEY, "1");
  } catch (error) { return; }
  fetch("/api/v1/me/preferences", {
    method: "PATCH", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf.content, Accept: "application/json" },
    body: JSON.stringify({ time_zone: browserZone })
  });
})();
