/* Keyboard shortcuts for the moderation workspace (comments/workspace.py).
 *
 * Progressive enhancement: every decision is an ordinary form POST that works
 * without this file. With it:
 *   j / ArrowDown   next comment          k / ArrowUp   previous comment
 *   a               approve               s             spam
 *   r               focus the reason field; Enter there rejects, Esc returns
 *   x               select for the bulk decision
 *   ?               show or hide the help box
 * Keys are ignored while typing in a field and with Ctrl/Alt/Meta held.
 * After a decision the server redirects to the queue with the anchor of the
 * following comment (the form's "next"), which is focused on load.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-mod-workspace]");
  if (!root) {
    return;
  }
  var items = Array.prototype.slice.call(root.querySelectorAll("[data-mod-item]"));
  var help = document.getElementById("mod-help");
  var hint = document.getElementById("mod-hint");
  var helpToggles = Array.prototype.slice.call(document.querySelectorAll("[data-mod-help-toggle]"));
  var current = -1;
  var submitting = false;

  if (hint) {
    hint.hidden = false;
  }

  function isTyping(element) {
    if (!element || element === document.body) {
      return false;
    }
    if (element.isContentEditable) {
      return true;
    }
    var tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") {
      return true;
    }
    if (tag === "INPUT") {
      var type = (element.getAttribute("type") || "text").toLowerCase();
      return ["checkbox", "radio", "button", "submit", "reset", "hidden"].indexOf(type) === -1;
    }
    return false;
  }

  function select(index, focus) {
    if (!items.length) {
      return;
    }
    index = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) {
      if (i === index) {
        item.setAttribute("aria-current", "true");
      } else {
        item.removeAttribute("aria-current");
      }
    });
    current = index;
    if (focus !== false) {
      items[index].focus();
      items[index].scrollIntoView({ block: "nearest" });
    }
  }

  function currentItem() {
    return current >= 0 ? items[current] : null;
  }

  function formOf(item) {
    return item ? item.querySelector("form[data-mod-decide]") : null;
  }

  function submit(item, decision) {
    var form = formOf(item);
    if (!form || submitting) {
      return;
    }
    var button = form.querySelector('button[name="decision"][value="' + decision + '"]');
    if (!button || button.disabled) {
      return;
    }
    if (decision === "rejected") {
      var reason = form.querySelector("[data-mod-reason]");
      if (reason && !reason.value.trim()) {
        reason.setCustomValidity(reason.getAttribute("data-required-message") || "");
        reason.reportValidity();
        reason.focus();
        return;
      }
    }
    submitting = true;
    root.setAttribute("aria-busy", "true");
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(button);
    } else {
      button.click();
    }
  }

  function toggleHelp(show) {
    if (!help) {
      return;
    }
    help.hidden = typeof show === "boolean" ? !show : !help.hidden;
    helpToggles.forEach(function (toggle) {
      toggle.setAttribute("aria-expanded", String(!help.hidden));
    });
  }

  helpToggles.forEach(function (toggle) {
    toggle.addEventListener("click", function () {
      toggleHelp();
    });
  });

  // Clicking or tabbing into a comment makes it the current one.
  items.forEach(function (item, index) {
    item.addEventListener("focusin", function () {
      if (current !== index) {
        select(index, false);
      }
    });
  });

  // Reason fields: Enter rejects, Esc goes back to the comment.
  root.querySelectorAll("[data-mod-reason]").forEach(function (reason) {
    reason.addEventListener("input", function () {
      reason.setCustomValidity("");
    });
    reason.addEventListener("keydown", function (event) {
      if (event.isComposing) {
        return;
      }
      var item = reason.closest("[data-mod-item]");
      if (event.key === "Enter") {
        event.preventDefault();
        submit(item, "rejected");
      } else if (event.key === "Escape") {
        event.preventDefault();
        if (item) {
          select(items.indexOf(item));
        } else {
          reason.blur();
        }
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (isTyping(event.target) || submitting) {
      return;
    }
    var item = currentItem();
    switch (event.key) {
      case "j":
      case "ArrowDown":
        if (!items.length) {
          return;
        }
        select(current + 1);
        break;
      case "k":
      case "ArrowUp":
        if (!items.length) {
          return;
        }
        select(current < 0 ? 0 : current - 1);
        break;
      case "a":
        submit(item, "approved");
        break;
      case "s":
        submit(item, "spam");
        break;
      case "r": {
        var form = formOf(item);
        var reason = form && form.querySelector("[data-mod-reason]");
        if (!reason) {
          return;
        }
        reason.focus();
        break;
      }
      case "x": {
        var box = item && item.querySelector("[data-mod-select]");
        if (!box) {
          return;
        }
        box.checked = !box.checked;
        break;
      }
      case "?":
        toggleHelp();
        break;
      case "Escape":
        if (!help || help.hidden) {
          return;
        }
        toggleHelp(false);
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  // Back from the browser's page cache: the page is usable again.
  window.addEventListener("pageshow", function () {
    submitting = false;
    root.removeAttribute("aria-busy");
  });

  // Start on the comment named in the address (the one after the last
  // decision), else on the first.
  var start = 0;
  if (window.location.hash) {
    var target = document.getElementById(window.location.hash.slice(1));
    var found = items.indexOf(target);
    if (found !== -1) {
      start = found;
    }
  }
  if (items.length) {
    select(start);
  }
})();
