/* Leergang's own script: small on purpose. Every page works without it; htmx does the rest. */
(function () {
  "use strict";
  // After every htmx swap focus goes somewhere a screen reader announces and a keyboard pupil can
  // go on from: what the page marks with data-focus (feedback, a game's first option), else an
  // error, a flash message, the step's label or the page heading. Focus that survived the swap
  // stays where it is. The polling progress grid keeps its own focus (see below).
  var FOCUS_ORDER = [
    "[data-focus]",
    ".field-error, [role=alert], .alert",
    "#flashes .flash",
    ".step-label",
    "main h1",
  ];

  function focusable(element) {
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    return element;
  }

  function moveFocus(scope) {
    var main = document.querySelector("main");
    for (var n = 0; n < FOCUS_ORDER.length; n += 1) {
      var found = (scope && scope.querySelector(FOCUS_ORDER[n])) ||
        (main && main.querySelector(FOCUS_ORDER[n]));
      if (found && found.getClientRects().length) {
        focusable(found).focus();
        return;
      }
    }
    if (main) main.focus();
  }

  // A boosted page swap replaces <body> only: copy <html lang> and classes from the new page.
  function syncHtmlAttributes(xhr) {
    var text = xhr && typeof xhr.responseText === "string" ? xhr.responseText : "";
    var head = /<html\b([^>]*)>/i.exec(text.slice(0, 500));
    if (!head) return;
    var lang = /\slang="([^"]*)"/.exec(head[1]);
    var classes = /\sclass="([^"]*)"/.exec(head[1]);
    if (lang) document.documentElement.lang = lang[1];
    document.documentElement.className = classes ? classes[1] : "";
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    syncHtmlAttributes(event.detail && event.detail.xhr);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (target && target.hasAttribute && target.hasAttribute("data-poll-visible")) return;
    var scope = target && target.isConnected && target.querySelector ? target : null;
    var lost = !document.activeElement || document.activeElement === document.body ||
      !document.activeElement.isConnected;
    var marked = scope && scope.querySelector("[data-focus]");
    if (lost || marked) moveFocus(scope);
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

  // The progress grid polls only while the teacher can see it and has not paused it: a hidden tab costs the server
  // nothing, and the grid catches up as soon as the tab is shown again.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-poll-visible") &&
        (document.hidden || pollPaused())) {
      event.preventDefault();
    }
  });
  // If the teacher's session ended, the poll lands on another page (sign-in): load that page
  // whole instead of pasting it into the grid.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail && event.detail.elt;
    var xhr = event.detail && event.detail.xhr;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-poll-visible") || !xhr) return;
    var asked = elt.getAttribute("hx-get");
    if (xhr.responseURL && asked && new URL(xhr.responseURL).pathname !== asked) {
      event.detail.shouldSwap = false;
      window.location.assign(xhr.responseURL);
    }
  });
  // No refresh lands while the teacher is pressing on the grid: a link replaced between press and
  // release would swallow the click (the page stayed put). The next refresh brings the news. A
  // press whose release never came (let go outside the window) stops counting after 5 s.
  var gridPressedAt = 0;
  document.addEventListener("pointerdown", function (event) {
    var onGrid = event.target.closest && event.target.closest("[data-poll-visible]");
    gridPressedAt = onGrid ? Date.now() : 0;
  }, true);
  ["pointerup", "pointercancel"].forEach(function (type) {
    document.addEventListener(type, function () {
      setTimeout(function () { gridPressedAt = 0; }, 0); // after the click this release makes
    }, true);
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail && event.detail.elt;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-poll-visible")) return;
    if (gridPressedAt && Date.now() - gridPressedAt < 5000) event.detail.shouldSwap = false;
  });
  // The grid keeps keyboard focus across a refresh: remember the focused link or button by what
  // it points at, and focus its twin in the new grid.
  var gridFocus = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail && event.detail.elt;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-poll-visible")) return;
    if (!event.detail.shouldSwap) return;
    var active = document.activeElement;
    gridFocus = active && elt.contains(active) && active !== elt
      ? { href: active.getAttribute("href"), text: active.textContent }
      : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var grid = event.detail && event.detail.elt;
    if (!gridFocus || !grid || !grid.hasAttribute || !grid.hasAttribute("data-poll-visible")) return;
    var remembered = gridFocus;
    gridFocus = null;
    var twin = Array.prototype.find.call(grid.querySelectorAll("a[href], button"), function (el) {
      return el.getAttribute("href") === remembered.href && el.textContent === remembered.text;
    });
    focusable(twin || grid).focus({ preventScroll: true });
  });

  // A teacher can pause the grid's refresh (it moves what a screen reader is reading).
  function pollPaused() {
    return window.sessionStorage && window.sessionStorage.getItem("leergang-poll-paused") === "1";
  }
  function showPollToggle(root) {
    var toggle = (root || document).querySelector && (root || document).querySelector("[data-poll-toggle]");
    if (!toggle) return;
    var paused = pollPaused();
    toggle.hidden = false;
    toggle.setAttribute("aria-pressed", paused ? "true" : "false");
    toggle.textContent = toggle.getAttribute(paused ? "data-label-resume" : "data-label-pause");
  }
  document.addEventListener("htmx:load", function (event) { showPollToggle(event.detail && event.detail.elt); });
  document.addEventListener("DOMContentLoaded", function () { showPollToggle(document); });
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-poll-toggle]");
    if (!toggle) return;
    window.sessionStorage.setItem("leergang-poll-paused", pollPaused() ? "0" : "1");
    showPollToggle(document);
    var grid = document.querySelector("[data-poll-visible]");
    if (!pollPaused() && grid && window.htmx) window.htmx.trigger(grid, "refresh");
  });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden || !window.htmx) return;
    var grid = document.querySelector("[data-poll-visible]");
    if (grid) window.htmx.trigger(grid, "refresh");
  });

  // Read aloud: the browser's own speech in the page's language. The button stays hidden where
  // the browser has no voice for that language (or no speech at all).
  function voiceFor(lang) {
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return null;
    var short = lang.split("-")[0].toLowerCase();
    return window.speechSynthesis.getVoices().find(function (voice) {
      return voice.lang && voice.lang.toLowerCase().split(/[-_]/)[0] === short;
    }) || null;
  }
  function showReadAloud() {
    var voice = voiceFor(document.documentElement.lang || "nl");
    document.querySelectorAll("[data-read-aloud]").forEach(function (button) {
      button.hidden = !voice;
    });
  }
  document.addEventListener("htmx:load", showReadAloud);
  document.addEventListener("DOMContentLoaded", showReadAloud);
  if (window.speechSynthesis && window.speechSynthesis.addEventListener) {
    window.speechSynthesis.addEventListener("voiceschanged", showReadAloud);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-read-aloud]");
    if (!button) return;
    var lang = document.documentElement.lang || "nl";
    var voice = voiceFor(lang);
    if (!voice) return;
    var parts = [];
    button.getAttribute("data-read-aloud").split(",").forEach(function (selector) {
      document.querySelectorAll(selector).forEach(function (el) { parts.push(el.innerText); });
    });
    var utterance = new window.SpeechSynthesisUtterance(parts.join("\n").trim());
    utterance.lang = voice.lang;
    utterance.voice = voice;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
  });
})();

// The evaluator's report: a print button (CSP allows no inline handlers).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
