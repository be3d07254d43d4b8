/* Message templates on a queue item: choosing one fills the message box at
   once. Without this script the "Use template" button does the same by
   reloading the page. Words already typed are never thrown away: the
   template goes after them. */
(function () {
  "use strict";

  document.querySelectorAll("select[data-fills]").forEach(function (select) {
    var box = document.getElementById(select.dataset.fills);
    var templateWords = [];
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.dataset.words) { templateWords.push(option.dataset.words); }
    });
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var words = option && option.dataset.words;
      if (!box || !words) { return; }
      var typed = box.value.trim();
      box.value = typed === "" || templateWords.indexOf(typed) !== -1 ? words : typed + "\n\n" + words;
      box.focus();
    });
  });
})();
