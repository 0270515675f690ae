// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen-reader and keyboard users hear the problem first.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrorSummary(event.target); });
  // Error-summary links: focus the field itself (not just scroll to it).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary__list a");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) { event.preventDefault(); target.focus(); target.scrollIntoView({ block: "center" }); }
  });
  // Character counter for text areas with a maxlength hint.
  document.querySelectorAll("textarea[data-max-chars]").forEach(function (area) {
    var max = parseInt(area.getAttribute("data-max-chars"), 10);
    var counter = document.createElement("p");
    counter.className = "hint";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    function update() {
      var left = max - area.value.length;
      counter.textContent = left >= 0 ? "还可以输入 " + left + " 个字" : "已超出 " + (-left) + " 个字";
    }
    area.addEventListener("input", update);
    update();
  });
})();
