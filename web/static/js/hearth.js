/* Hearth — small progressive enhancement. Every page works without it.
 *
 * Quick exit: the "Quick exit" link (GET /exit signs the person out and shows
 * a neutral page) and pressing Escape twice within a second both leave with
 * location.replace(), so the portal page is swapped out of the tab's history
 * instead of sitting one "Back" press away.
 */
(function () {
  "use strict";

  var EXIT_URL = "/exit";
  var DOUBLE_PRESS_MS = 1000;
  var lastEscape = 0;

  function leave() {
    try {
      window.location.replace(EXIT_URL);
    } catch (e) {
      window.location.href = EXIT_URL;
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.repeat) {
      return;
    }
    var now = Date.now();
    if (now - lastEscape <= DOUBLE_PRESS_MS) {
      lastEscape = 0;
      leave();
    } else {
      lastEscape = now;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll("a.quick-exit-link");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (event) {
        event.preventDefault();
        leave();
      });
    }
    var hint = document.getElementById("quick-exit-hint");
    if (hint) {
      hint.appendChild(document.createTextNode(" You can also press Escape twice."));
    }
  });
})();
