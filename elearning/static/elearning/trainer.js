// Copy buttons for the attendance paste lists: copy the list, say so. Without
// this script the buttons stay hidden and the list is selected and copied by hand.
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    if (!field) { return; }
    var status = button.parentNode.querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) { status.textContent = button.dataset.copiedText || "✓"; }
      }, function () {
        // The browser refused (no permission): the list can still be copied by hand.
        field.select();
        if (status) { status.textContent = button.dataset.copyFailedText || ""; }
      });
    });
  });
})();
