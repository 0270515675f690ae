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
  // Workbench queue keyboard use: j / k move between rows, Enter opens (the row's link has the
  // focus), "/" jumps to the search box. Single-key shortcuts can be switched off (WCAG 2.1.4);
  // they never fire while typing in a field or with a modifier key.
  (function keyboardQueue() {
    var toggle = document.querySelector("[data-kbd-toggle]");
    var box = document.getElementById("kbd-enabled");
    var KEY = "gongfa.kbd";
    if (!toggle || !box) { return; }
    toggle.hidden = false;
    try { box.checked = window.localStorage.getItem(KEY) !== "off"; } catch (e) { /* storage blocked */ }
    box.addEventListener("change", function () {
      try { window.localStorage.setItem(KEY, box.checked ? "on" : "off"); } catch (e) { /* ignore */ }
    });
    function links() { return Array.prototype.slice.call(document.querySelectorAll("[data-keyboard-list] [data-row-link]")); }
    function mark(link) {
      document.querySelectorAll("[data-keyboard-list] tr.is-current").forEach(function (row) { row.classList.remove("is-current"); });
      var row = link.closest("tr");
      if (row) { row.classList.add("is-current"); }
    }
    document.addEventListener("keydown", function (event) {
      if (!box.checked || event.altKey || event.ctrlKey || event.metaKey) { return; }
      var target = event.target;
      var tag = target && target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) { return; }
      if (event.key === "/") {
        var search = document.getElementById("id_q");
        var fold = search && search.closest("details");
        if (fold) { fold.open = true; }
        if (search) { event.preventDefault(); search.focus(); search.select(); }
        return;
      }
      if (event.key !== "j" && event.key !== "k") { return; }
      var all = links();
      if (!all.length) { return; }
      var index = all.indexOf(document.activeElement);
      var next = index < 0 ? 0 : index + (event.key === "j" ? 1 : -1);
      next = Math.max(0, Math.min(all.length - 1, next));
      event.preventDefault();
      all[next].focus();
      mark(all[next]);
    });
    document.addEventListener("focusin", function (event) {
      if (event.target.matches && event.target.matches("[data-keyboard-list] [data-row-link]")) { mark(event.target); }
    });
  })();
  // Queue filters: folded behind their "筛选" button on phones (the <details> is open in the HTML,
  // so without this file every filter stays visible), always open on wider screens.
  (function foldFilters() {
    var fold = document.querySelector("[data-filters-fold]");
    if (!fold || !window.matchMedia) { return; }
    var phone = window.matchMedia("(max-width: 39.99rem)");
    function apply() { fold.open = !phone.matches; }
    apply();
    if (phone.addEventListener) { phone.addEventListener("change", apply); }
  })();
  // The page's own words for the counter (base.html puts them, translated, on the script tag).
  var script = document.getElementById("site-js");
  function words(name, fallback) { return (script && script.getAttribute(name)) || fallback; }
  // Character counter for text areas with a maxlength hint.
  document.querySelectorAll("textarea[data-max-chars]").forEach(function (area) {
    var max = parseInt(area.getAttribute("data-max-chars"), 10);
    var counter = document.createElement("p");
    counter.className = "hint";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    function update() {
      var left = max - area.value.length;
      counter.textContent = left >= 0
        ? words("data-chars-left", "还可以输入 %s 个字").replace("%s", left)
        : words("data-chars-over", "已超出 %s 个字").replace("%s", -left);
    }
    area.addEventListener("input", update);
    update();
  });
  // Answer templates (workbench/answers/picker.html): choosing one fills the answer and the form's
  // template field at once; the "填入答复" button is only for pages without JavaScript.
  document.querySelectorAll("[data-answer-template-picker]").forEach(function (picker) {
    var select = picker.querySelector("select");
    var answer = document.getElementById(picker.getAttribute("data-answer"));
    var field = document.getElementById(picker.getAttribute("data-template"));
    var status = document.getElementById(picker.getAttribute("data-status"));
    if (!select || !answer) { return; }
    picker.querySelectorAll("[data-no-js-only]").forEach(function (button) { button.hidden = true; });
    var filled = answer.value;
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      if (!option || !option.value) { return; }
      var written = answer.value.trim() && answer.value !== filled;
      if (written && !window.confirm(picker.getAttribute("data-confirm"))) { return; }
      answer.value = option.getAttribute("data-body") || "";
      filled = answer.value;
      answer.dispatchEvent(new Event("input"));  // the character counter
      if (field) { field.value = option.value; }
      if (status) { status.textContent = picker.getAttribute("data-filled").replace("%s", option.textContent.trim()); }
    });
  });
})();
