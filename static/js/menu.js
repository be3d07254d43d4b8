/* Hearth's header menus. Loaded in <head>, before the page is drawn: it marks
   the page as scripted (the "js" class), so on a narrow screen the navigation
   starts collapsed behind the Menu button instead of flashing open. Without
   this script the navigation simply shows, and the grouped menus (<details>)
   still open and close by themselves. Everything listens on the document, so
   a navigation swapped in live (live.js, after a role change) keeps working. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function header() { return document.querySelector(".site-header"); }
  function toggleButton() { return document.querySelector(".menu-toggle"); }

  function setMenuOpen(open) {
    var button = toggleButton();
    var bar = header();
    if (!button || !bar) { return; }
    button.setAttribute("aria-expanded", open ? "true" : "false");
    bar.classList.toggle("menu-open", open);
    if (!open) { closeGroups(null); }
  }

  function menuOpen() {
    var button = toggleButton();
    return !!button && button.getAttribute("aria-expanded") === "true";
  }

  /* One grouped menu open at a time. */
  function closeGroups(except) {
    document.querySelectorAll("details.nav-menu[open]").forEach(function (group) {
      if (group !== except) { group.open = false; }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".menu-toggle");
    if (button) {
      setMenuOpen(!menuOpen());
      return;
    }
    var group = event.target.closest("details.nav-menu");
    closeGroups(group);
  });

  /* The toggle event doesn't bubble: listen while it travels down. */
  document.addEventListener("toggle", function (event) {
    var group = event.target;
    if (group.matches && group.matches("details.nav-menu") && group.open) { closeGroups(group); }
  }, true);

  /* Escape closes the innermost open menu and gives focus back to what opened it. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    var group = event.target.closest ? event.target.closest("details.nav-menu[open]") : null;
    if (!group) { group = document.querySelector("details.nav-menu[open]"); }
    if (group) {
      group.open = false;
      group.querySelector("summary").focus();
      event.preventDefault();
      return;
    }
    var nav = document.getElementById("site-nav");
    var button = toggleButton();
    if (menuOpen() && button && (nav.contains(event.target) || event.target === button)) {
      setMenuOpen(false);
      button.focus();
      event.preventDefault();
    }
  });

  /* A grouped menu closes when the keyboard moves focus on past it, so it never
     covers the page unseen. (A tap elsewhere closes it on click instead: closing
     it as the finger goes down would move what the finger lands on.) */
  var pointerDown = false;
  document.addEventListener("pointerdown", function () { pointerDown = true; }, true);
  document.addEventListener("pointerup", function () {
    window.setTimeout(function () { pointerDown = false; }, 0);
  }, true);
  document.addEventListener("focusout", function (event) {
    if (pointerDown) { return; }
    var group = event.target.closest ? event.target.closest("details.nav-menu[open]") : null;
    if (group && event.relatedTarget && !group.contains(event.relatedTarget)) { group.open = false; }
  });
})();
