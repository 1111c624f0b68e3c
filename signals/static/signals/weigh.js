// Progressive enhancement for "Signalen wegen" and the wizard's signal step:
// filter the picker as you type (opening the groups that match), keep the
// counts per group current, and refresh the profile panel and its compact
// summary after every change. Without this script the page works through
// its submit buttons, and the groups open and close as plain <details>.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setupPicker(picker, form) {
    var filter = picker.querySelector("[data-picker-filter]");
    var status = picker.querySelector("[data-picker-status]");
    var groups = picker.querySelectorAll("[data-picker-group]");

    function updateCounts() {
      groups.forEach(function (group) {
        var boxes = group.querySelectorAll("input[name='signals']");
        var chosen = 0;
        boxes.forEach(function (box) { if (box.checked) { chosen += 1; } });
        var count = group.querySelector("[data-picker-count]");
        var template = picker.dataset.countTemplate;
        if (count && template) {
          count.textContent = template.replace("{chosen}", chosen).replace("{total}", boxes.length);
        }
      });
    }

    function applyFilter() {
      var needle = fold(filter.value.trim());
      var shown = 0;
      groups.forEach(function (group) {
        var visible = 0;
        group.querySelectorAll("[data-search]").forEach(function (item) {
          var match = !needle || item.dataset.search.indexOf(needle) !== -1;
          item.hidden = !match;
          if (match) { visible += 1; }
        });
        group.hidden = visible === 0;
        // A filter that finds something shows it; closing is left to the user.
        if (needle && visible > 0) { group.open = true; }
        shown += visible;
      });
      if (status) {
        status.textContent = needle ? picker.dataset.shownTemplate.replace("{count}", shown) : "";
      }
    }

    if (filter) {
      filter.addEventListener("input", applyFilter);
      // Enter in the filter box filters; it must not submit the whole form.
      filter.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); applyFilter(); }
      });
    }
    picker.addEventListener("change", updateCounts);
    updateCounts();
    // On a wide screen the profile sits beside the picker: show every group.
    // In a case the groups stay as the server opened them: the step has more below.
    if (!picker.hasAttribute("data-picker-compact") && window.matchMedia &&
        window.matchMedia("(min-width: 60rem)").matches) {
      groups.forEach(function (group) { group.open = true; });
    }
  }

  function setupLiveProfile(form) {
    var panel = form.querySelector("[data-profile]");
    var summary = form.querySelector("[data-profile-summary]");
    var status = form.querySelector("[data-profile-status]");
    if (!panel || !window.fetch) { return; }
    var pending = null;
    var sequence = 0;

    function refresh() {
      var mine = ++sequence;
      var body = new FormData(form);
      // form.action would be the button named "action"; read the attribute.
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Meldwijzer-Partial": "profile" }
      }).then(function (response) {
        // An expired session ends on the login page: reload to go there.
        if (response.redirected) { window.location.reload(); return null; }
        // A refused selection (400) comes with its message; anything else
        // keeps the last profile, and the update button still works.
        if (!response.ok && response.status !== 400) { return null; }
        return response.text();
      }).then(function (html) {
        // An older answer that arrives late must not overwrite a newer one.
        if (html === null || mine !== sequence) { return; }
        var parts = document.createElement("div");
        parts.innerHTML = html;
        var newPanel = parts.querySelector("[data-part='profile']");
        var newSummary = parts.querySelector("[data-part='summary']");
        if (newPanel) { panel.innerHTML = newPanel.innerHTML; }
        if (summary && newSummary) { summary.innerHTML = newSummary.innerHTML; }
        var newStatus = parts.querySelector("[data-part='status']");
        if (status && newStatus) { status.textContent = newStatus.textContent.trim(); }
      }).catch(function () { /* keep the last profile; the button still works */ });
    }

    form.addEventListener("change", function (event) {
      if (!event.target.matches("[data-weigh-input]")) { return; }
      window.clearTimeout(pending);
      pending = window.setTimeout(refresh, 150);
    });
  }

  document.querySelectorAll("[data-weigh-form]").forEach(function (form) {
    var picker = form.querySelector("[data-picker]");
    if (picker) { setupPicker(picker, form); }
    setupLiveProfile(form);
  });
})();
