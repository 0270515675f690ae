// "Near me" for the legal-service directory (法律服务名录): progressive enhancement only. With the
// visitor's leave, the browser's position fills the hidden lat/lng fields and the search form is
// sent again; without JavaScript or permission the page still works (choose your village instead).
(function () {
  "use strict";
  var form = document.querySelector("[data-directory-form]");
  if (!form || !("geolocation" in navigator)) { return; }
  var button = form.querySelector("[data-near-me]");
  var status = form.querySelector("[data-near-status]");
  var lat = form.querySelector("input[name=lat]");
  var lng = form.querySelector("input[name=lng]");
  if (!button || !status || !lat || !lng) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = button.getAttribute("data-msg-locating") || "";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lng.value = position.coords.longitude.toFixed(6);
        form.submit();
      },
      function (error) {
        button.disabled = false;
        status.textContent = button.getAttribute(error.code === 1 ? "data-msg-denied" : "data-msg-failed") || "";
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
