/* The live ticker's desk page (articles/admin_live.py): Ctrl+Enter (or
 * Cmd+Enter) in the entry form posts it. Without JavaScript the button does. */
(function () {
  "use strict";

  var form = document.getElementById("live-entry-form");
  if (!form) {
    return;
  }
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
