/* Leergang's own script: small on purpose. Every page works without it; htmx does the rest. */
(function () {
  "use strict";
  // After htmx swaps in new feedback, move focus to it so screen-reader and keyboard users
  // hear the result and can press Enter for the next step.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (!target || !target.querySelector) return;
    var focus = target.querySelector("[data-focus]");
    if (focus) focus.focus();
  });
  // The progress grid polls only while the teacher can see it: a hidden tab costs the server
  // nothing, and the grid catches up as soon as the tab is shown again.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-poll-visible") && document.hidden) {
      event.preventDefault();
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden || !window.htmx) return;
    var grid = document.querySelector("[data-poll-visible]");
    if (grid) window.htmx.trigger(grid, "refresh");
  });
})();
