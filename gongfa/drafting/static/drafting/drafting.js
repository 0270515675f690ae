// 文书代书: hide a question while the answer it depends on (on the same page) says it does not
// apply. Without JavaScript every question shows, and the server ignores the ones that do not apply.
(function () {
  "use strict";
  function valueOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if ((input.type === "radio" || input.type === "checkbox")) { if (input.checked) return input.value; }
      else return input.value;
    }
    return "";
  }
  function update(form) {
    var dependants = form.querySelectorAll("[data-when-field]");
    for (var i = 0; i < dependants.length; i++) {
      var input = dependants[i];
      var field = input.closest(".field");
      if (!field) continue;
      var source = input.getAttribute("data-when-field");
      if (!form.querySelector('[name="' + source + '"]')) continue;  // answered on another step
      var value = valueOf(form, source);
      var expected = input.getAttribute("data-when-value");
      var shown = expected === null ? value !== "" && value !== "false" : value === expected;
      if (shown) field.removeAttribute("data-when-hidden"); else field.setAttribute("data-when-hidden", "");
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".drafting-form");
    if (!form) return;
    form.addEventListener("change", function () { update(form); });
    update(form);
  });
})();
