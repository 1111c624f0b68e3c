// The wizard: warn before leaving a step with unsaved changes through a
// link (the step's own buttons save first), and move focus to the error
// summary after a refused save. Without this script nothing is lost either:
// every button of the step saves what validates.
(function () {
  "use strict";
  var form = document.querySelector("[data-wizard-form]");
  if (!form) { return; }
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  var errors = document.getElementById("step-errors");
  if (errors) { errors.focus(); }
})();

// Show a part only while a choice asks for it (data-reveal-if="name=value");
// without this script the part shows after saving with that choice.
(function () {
  "use strict";
  document.querySelectorAll("[data-reveal-if]").forEach(function (part) {
    var rule = part.dataset.revealIf.split("=");
    var form = part.closest("form");
    function update() {
      var field = form.elements[rule[0]];
      part.hidden = !field || field.value !== rule[1];
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === rule[0]) { update(); }
    });
  });
})();
