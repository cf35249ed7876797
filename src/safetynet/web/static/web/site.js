// The shell's behaviour, from a file: the Content-Security-Policy allows no inline script or
// handler (docs/serving.md).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // The language menu changes the language at once (its button shows only without script).
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
