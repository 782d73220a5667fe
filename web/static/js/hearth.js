/* Hearth — small progressive enhancement. Every page works without it.
 *
 * Quick exit:
 *  - pressing Escape twice within a second leaves the site;
 *  - leaving uses location.replace(), so the current page is swapped out of the
 *    tab's history instead of sitting one "Back" press away.
 * When signed in, the quick-exit form is POSTed first (it signs the person out);
 * if that cannot be done in the background, the form is submitted normally.
 */
(function () {
  "use strict";

  var EXIT_URL = "/exit";
  var DOUBLE_PRESS_MS = 1000;
  var leaving = false;

  function leave() {
    try {
      window.location.replace(EXIT_URL);
    } catch (e) {
      window.location.href = EXIT_URL;
    }
  }

  function submitNormally(form) {
    // HTMLFormElement.prototype.submit skips submit handlers (no loop).
    HTMLFormElement.prototype.submit.call(form);
  }

  function exitWithForm(form) {
    if (leaving) {
      return;
    }
    leaving = true;
    if (typeof window.fetch !== "function" || typeof window.FormData !== "function") {
      submitNormally(form);
      return;
    }
    var done = false;
    var fallback = window.setTimeout(function () {
      if (!done) {
        done = true;
        submitNormally(form);
      }
    }, 3000);
    window
      .fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        credentials: "same-origin",
        redirect: "manual", // do not follow to the neutral page; we replace instead
        cache: "no-store",
        keepalive: true
      })
      .then(function (response) {
        if (done) {
          return;
        }
        done = true;
        window.clearTimeout(fallback);
        // A redirect shows up as an opaque response (status 0); both mean the
        // server handled the exit.
        if (response.type === "opaqueredirect" || response.ok) {
          leave();
        } else {
          submitNormally(form);
        }
      })
      .catch(function () {
        if (done) {
          return;
        }
        done = true;
        window.clearTimeout(fallback);
        submitNormally(form);
      });
  }

  function quickExit() {
    var form = document.querySelector("form.quick-exit");
    if (form) {
      exitWithForm(form);
    } else if (!leaving) {
      leaving = true;
      leave();
    }
  }

  var form = document.querySelector("form.quick-exit");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      exitWithForm(form);
    });
  }

  var link = document.querySelector("a.quick-exit-link");
  if (link) {
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
        return; // let "open in new tab" and the like behave normally
      }
      event.preventDefault();
      quickExit();
    });
  }

  var hint = document.getElementById("quick-exit-hint");
  if (hint) {
    hint.appendChild(document.createTextNode(" You can also press Escape twice."));
  }

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    if (event.repeat) {
      return;
    }
    var now = Date.now();
    if (now - lastEscape <= DOUBLE_PRESS_MS) {
      lastEscape = 0;
      quickExit();
    } else {
      lastEscape = now;
    }
  });
})();
