/* Behaviour every page shares, loaded by base.html (the Content-Security-Policy allows no
   inline script or event-handler attribute):
   - the language menu submits its form when the choice changes;
   - buttons marked data-print open the browser's print dialog. */
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
