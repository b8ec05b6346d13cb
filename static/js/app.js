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

  // Picture password: keep the first taps in the browser and send only the whole secret.
  // Without this every tap is a round trip, and on slow school wifi a quick second tap can
  // overtake the first answer and get lost, which then counts as a wrong try.
  function pictureForm(button) {
    var form = button.closest("form[data-picture-form]");
    return form && button.name === "pick" ? form : null;
  }

  function showPicked(form, keys) {
    var slots = form.querySelector(".picked");
    var status = slots.querySelector("[data-picked-status]");
    var length = Number(form.dataset.secretLength);
    Array.prototype.slice.call(slots.children).forEach(function (child) {
      if (child !== status) child.remove();
    });
    for (var n = 0; n < length; n += 1) {
      var slot;
      if (n < keys.length) {
        var source = form.querySelector('button[name="pick"][value="' + keys[n] + '"]');
        slot = document.createElement("img");
        slot.src = source.querySelector("img").getAttribute("src");
        slot.alt = source.textContent.trim();
        slot.width = 40;
        slot.height = 40;
      } else {
        slot = document.createElement("span");
        slot.className = "slot";
        slot.setAttribute("aria-hidden", "true");
      }
      slots.insertBefore(slot, status);
    }
    status.textContent = status.getAttribute("data-said-" + keys.length);
    form.querySelector("[data-picture-clear]").hidden = keys.length === 0;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    if (!button) return;
    var form = button.closest("form[data-picture-form]");
    if (!form) return;
    var field = form.querySelector('input[name="picked"]');
    var keys = field.value ? field.value.split("-") : [];
    if (button.hasAttribute("data-picture-clear")) {
      event.preventDefault();
      field.value = "";
      showPicked(form, []);
      return;
    }
    if (!pictureForm(button)) return;
    var length = Number(form.dataset.secretLength);
    if (keys.length + 1 >= length) return; // the last tap submits the form with the whole secret
    event.preventDefault();
    keys.push(button.value);
    field.value = keys.join("-");
    showPicked(form, keys);
  }, true);
})();
