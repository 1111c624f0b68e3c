// Copy buttons for the SOEP entries: copy the entry's text, say so, and let
// the server log the copy (NEN 7513). Without this script the text can be
// selected and copied by hand.
(function () {
  "use strict";
  var list = document.querySelector("[data-copied-url]");
  if (!list || !navigator.clipboard) { return; }
  var token = document.querySelector("input[name='csrfmiddlewaretoken']");
  list.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.copy).textContent;
      var status = button.parentNode.querySelector("[data-copy-status]");
      navigator.clipboard.writeText(text).then(function () {
        if (status) { status.textContent = list.dataset.copiedText || "✓"; }
        fetch(list.dataset.copiedUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": token ? token.value : "" }
        });
      }, function () {
        // The browser refused (no permission): say so, the text can be copied by hand.
        if (status) { status.textContent = list.dataset.copyFailedText || ""; }
      });
    });
  });
})();
