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
})();
