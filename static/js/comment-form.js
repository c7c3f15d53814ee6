/* The comment form's timestamp (comments/forms.py).
 *
 * The article page is the same for every reader, so its form carries no
 * timestamp. When the reader starts typing, this asks the server for a fresh
 * signed one (GET data-timestamp-url, JSON {"ts": ...}) and puts it into the
 * hidden field "ts". Without it (no JavaScript, or the request failed) the
 * form still works: the server shows it again once, to be confirmed with one
 * more click. */
(function () {
  "use strict";

  var form = document.getElementById("kommentar-formular");
  if (!form || !form.elements.ts || !form.dataset.timestampUrl) {
    return;
  }
  var field = form.elements.ts;
  var pending = null;
  var WAIT_MS = 5000; // longest a send waits for the timestamp

  function fetchTimestamp() {
    if (pending || field.value) {
      return pending;
    }
    pending = fetch(form.dataset.timestampUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && typeof data.ts === "string" && !field.value) {
          field.value = data.ts;
        }
      })
      .catch(function () {
        // The form still works: the server asks for one more click.
      });
    return pending;
  }

  form.addEventListener("focusin", fetchTimestamp);
  form.addEventListener("input", fetchTimestamp);

  // A send while the timestamp is on its way waits for it (a few seconds at
  // most), then sends the form as it is.
  form.addEventListener("submit", function (event) {
    if (field.value || !pending || form.dataset.waited) {
      return;
    }
    event.preventDefault();
    form.dataset.waited = "1";
    var timer = new Promise(function (resolve) {
      setTimeout(resolve, WAIT_MS);
    });
    Promise.race([pending, timer]).then(function () {
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    });
  });
})();
