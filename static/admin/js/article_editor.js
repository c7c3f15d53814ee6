/* The article form's editing aids (articles/admin_editor.py).
 *
 * Progressive enhancement: the form saves as an ordinary POST without this
 * file. With it:
 *  - Autosave: 5 s after the last change (at the latest every 20 s while
 *    typing) and when a field is left, the form's fields go to the server as
 *    this user's autosave of the article, and a copy into localStorage, so
 *    that text typed while the session had expired is not lost either.
 *  - Restore: on opening the form, the newer of the two copies is offered in
 *    a banner if it differs from what the form shows ("Restore" / "Discard").
 *  - Preview: the body, rendered by the site's own Markdown renderer and
 *    sanitizer on the server, next to (or under) the body field.
 *  - Leaving a changed, unsaved form asks first (beforeunload).
 * No inline code: configuration comes from data attributes of #nr-editor.
 */
(function () {
  "use strict";

  var root = document.getElementById("nr-editor");
  var form = root && root.closest("form");
  if (!form) {
    return;
  }
  var config = root.dataset;
  var autosaveEnabled = config.autosave === "on";
  var csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var csrfToken = csrfInput ? csrfInput.value : "";
  var articleId = config.articleId ? parseInt(config.articleId, 10) : null;
  var storageKey = "newsroom.autosave." + config.user + "." + (articleId || "new");
  var DEBOUNCE_MS = 5000;
  var MAX_WAIT_MS = 20000;
  var PREVIEW_MS = 400;
  var MANAGEMENT = /-(TOTAL_FORMS|INITIAL_FORMS|MIN_NUM_FORMS|MAX_NUM_FORMS)$/;
  var ROW = /^(.+)-(\d+)-[^-]+$/;

  // --- the form's fields as [name, value] pairs --------------------------------

  function elementFor(name) {
    return form.querySelector("[name=\"" + CSS.escape(name) + "\"]");
  }

  function restorable(name, element) {
    if (!name || name === "csrfmiddlewaretoken" || name === config.submitIdField) {
      return false;
    }
    if (name.charAt(0) === "_" || name.indexOf("initial-") === 0) {
      return false; // workflow buttons and Django's own markers
    }
    if (name.indexOf("__prefix__") !== -1 || MANAGEMENT.test(name)) {
      return false; // the inlines' empty template row and their counters
    }
    element = element || elementFor(name);
    if (!element || element.type === "file") {
      return false;
    }
    // An inline row's hidden inputs are its id and its link to the article.
    return !(ROW.test(name) && element.type === "hidden");
  }

  function serialize() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && restorable(name)) {
        pairs.push([name, value]);
      }
    });
    return pairs;
  }

  function editVersion() {
    var input = form.querySelector("input[name=edit_version]");
    return input && input.value !== "" ? parseInt(input.value, 10) : null;
  }

  function contentKey(pairs) {
    return JSON.stringify(pairs.filter(function (pair) {
      return pair[0] !== "edit_version";
    }));
  }

  // --- changed or not ------------------------------------------------------------

  // A form shown again with errors holds unsaved work from the start.
  var changedFromStart = Boolean(document.querySelector(".errornote, .nr-conflict"));
  var baseline = contentKey(serialize());
  var lastSaved = changedFromStart ? null : baseline;
  var submitting = false;
  var restoring = false; // while the form is filled from an autosave

  function isChanged() {
    return changedFromStart || contentKey(serialize()) !== baseline;
  }

  window.addEventListener("beforeunload", function (event) {
    if (submitting || !isChanged()) {
      return;
    }
    if (autosaveEnabled) {
      keepLocal(serialize(), false);
    }
    event.preventDefault();
    event.returnValue = "";
  });

  // --- the copy in this browser --------------------------------------------------

  function readLocal() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      return stored && Array.isArray(stored.data) ? stored : null;
    } catch (error) {
      return null;
    }
  }

  function writeLocal(entry) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(entry));
    } catch (error) {
      // Full or switched off: the server's copy still counts.
    }
  }

  function keepLocal(pairs, synced, submitId) {
    var entry = {
      savedAt: Date.now(),
      data: pairs,
      baseVersion: editVersion(),
      synced: synced,
    };
    if (submitId) {
      entry.submitId = submitId;
    }
    writeLocal(entry);
    return entry;
  }

  function dropLocal() {
    try {
      window.localStorage.removeItem(storageKey);
    } catch (error) {
      // nothing kept
    }
  }

  function readCookie(name) {
    var found = null;
    document.cookie.split(";").forEach(function (part) {
      var index = part.indexOf("=");
      if (index > 0 && part.slice(0, index).trim() === name) {
        found = decodeURIComponent(part.slice(index + 1).trim());
      }
    });
    return found;
  }

  // --- talking to the server -----------------------------------------------------

  function post(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual", // an expired session answers with a redirect to the login
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken,
        "X-Requested-With": "XMLHttpRequest",
      },
      body: JSON.stringify(payload),
    }).then(function (response) {
      var contentType = response.headers.get("Content-Type") || "";
      if (contentType.indexOf("application/json") === -1) {
        return { ok: false, status: response.status || 302, body: null };
      }
      return response.json().then(function (body) {
        return { ok: response.ok, status: response.status, body: body };
      });
    });
  }

  // --- status line -----------------------------------------------------------------

  var statusLine = root.querySelector(".nr-autosave-status");
  var formatter;
  try {
    formatter = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      timeZone: config.timeZone || undefined,
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
  } catch (error) {
    formatter = new Intl.DateTimeFormat(undefined, {
      day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit",
    });
  }

  function formatTime(time) {
    return formatter.format(new Date(time));
  }

  function clockTime(time) {
    return formatTime(time).split(", ").pop();
  }

  function say(text, problem) {
    if (!statusLine) {
      return;
    }
    statusLine.textContent = text;
    statusLine.hidden = !text;
    statusLine.classList.toggle("nr-autosave-problem", Boolean(problem));
  }

  // --- autosave ---------------------------------------------------------------------

  var timer = null;
  var firstUnsavedChange = null;
  var saving = null; // the autosave request on its way, if any
  var saveAgain = false;

  function saveNow() {
    window.clearTimeout(timer);
    timer = null;
    if (!autosaveEnabled || submitting) {
      return;
    }
    var pairs = serialize();
    var key = contentKey(pairs);
    if (key === lastSaved) {
      firstUnsavedChange = null;
      return;
    }
    if (saving) {
      saveAgain = true;
      return;
    }
    firstUnsavedChange = null;
    var local = keepLocal(pairs, false);
    saving = post(config.autosaveUrl, { article: articleId, data: pairs, base_version: editVersion() })
      .then(function (result) {
        if (result.ok) {
          lastSaved = key;
          local.synced = true;
          local.serverSavedAt = result.body.saved_at;
          writeLocal(local);
          say(config.textSaved.replace("{time}", clockTime(result.body.saved_at)), false);
        } else if (result.body && result.body.error) {
          say(result.body.error + " " + config.textKeptLocally, true);
        } else {
          say(config.textSessionExpired, true);
        }
      })
      .catch(function () {
        say(config.textOffline, true);
      })
      .then(function () {
        saving = null;
        if (saveAgain) {
          saveAgain = false;
          saveNow();
        }
      });
  }

  function scheduleSave() {
    if (!autosaveEnabled || submitting || restoring) {
      return;
    }
    var now = Date.now();
    if (firstUnsavedChange === null) {
      firstUnsavedChange = now;
    }
    window.clearTimeout(timer);
    var wait = Math.min(DEBOUNCE_MS, Math.max(0, firstUnsavedChange + MAX_WAIT_MS - now));
    timer = window.setTimeout(saveNow, wait);
  }

  form.addEventListener("input", scheduleSave);
  form.addEventListener("change", function () {
    if (autosaveEnabled && !restoring) {
      saveNow();
    }
  });
  form.addEventListener("focusout", function () {
    if (autosaveEnabled && timer !== null) {
      saveNow();
    }
  });
  if (window.django && window.django.jQuery) {
    // select2 (autocomplete fields) announces its changes through jQuery only.
    window.django.jQuery(form).on("change", "select", function (event) {
      if (!event.originalEvent) {
        scheduleSave();
      }
    });
  }

  form.addEventListener("submit", function (event) {
    if (saving && !submitting && typeof form.requestSubmit === "function") {
      // Let an autosave on its way arrive first: arriving after the save,
      // it would bring back the autosave that saving deletes.
      event.preventDefault();
      var submitter = event.submitter || undefined;
      var resume = function () {
        saving = null;
        form.requestSubmit(submitter);
      };
      Promise.race([saving, new Promise(function (done) {
        window.setTimeout(done, 3000);
      })]).then(resume, resume);
      return;
    }
    submitting = true;
    window.clearTimeout(timer);
    if (!autosaveEnabled) {
      return;
    }
    // The copy of what is sent: kept until the server says it was saved
    // (a cookie naming this id), offered again if the session had expired.
    var submitId = "s" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
    var marker = form.querySelector("input[name=\"" + config.submitIdField + "\"]");
    if (!marker) {
      marker = document.createElement("input");
      marker.type = "hidden";
      marker.name = config.submitIdField;
      form.appendChild(marker);
    }
    marker.value = submitId;
    keepLocal(serialize(), false, submitId);
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      submitting = false; // back to this page from the history
    }
  });

  // --- restoring ----------------------------------------------------------------------

  function groupValues(pairs) {
    var values = new Map();
    pairs.forEach(function (pair) {
      if (!values.has(pair[0])) {
        values.set(pair[0], []);
      }
      values.get(pair[0]).push(pair[1]);
    });
    return values;
  }

  function rowOf(name) {
    var match = ROW.exec(name);
    return match ? { prefix: match[1], index: parseInt(match[2], 10) } : null;
  }

  function addMissingRows(values) {
    var wanted = {};
    values.forEach(function (_value, name) {
      var row = rowOf(name);
      if (row) {
        wanted[row.prefix] = Math.max(wanted[row.prefix] || 0, row.index + 1);
      }
    });
    Object.keys(wanted).forEach(function (prefix) {
      var total = elementFor(prefix + "-TOTAL_FORMS");
      var group = document.getElementById(prefix + "-group");
      var link = group && group.querySelector(".add-row a");
      for (var tries = 0; total && link && tries < 50 && +total.value < wanted[prefix]; tries++) {
        link.click();
        link = group.querySelector(".add-row a");
      }
    });
  }

  function sameText(a, b) {
    // Form data may carry a text area's line breaks as CR LF.
    return a.replace(/\r\n/g, "\n") === b.replace(/\r\n/g, "\n");
  }

  function fire(element) {
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  /* Put the autosaved values into the form (or, with dryRun, only count the
   * fields that would change). Text fields get their value; checkboxes and
   * multiple selects are set from whether their value was among the saved ones. */
  function apply(pairs, dryRun) {
    var values = groupValues(pairs);
    var rows = new Set();
    values.forEach(function (_value, name) {
      var row = rowOf(name);
      if (row) {
        rows.add(row.prefix + "-" + row.index);
      }
    });
    if (!dryRun) {
      addMissingRows(values);
    }
    var changes = 0;
    var seen = new Set();
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!restorable(name, element) || element.disabled) {
        return;
      }
      seen.add(name);
      if (dryRun && name === "edit_version") {
        return;
      }
      var known = values.has(name);
      var wanted = values.get(name) || [];
      var row = rowOf(name);
      var rowKnown = row ? rows.has(row.prefix + "-" + row.index) : true;
      if (element.type === "checkbox" || element.type === "radio") {
        if (!known && !rowKnown) {
          return;
        }
        var checked = wanted.indexOf(element.value) !== -1;
        if (element.checked !== checked) {
          changes++;
          if (!dryRun) {
            element.checked = checked;
            fire(element);
          }
        }
      } else if (element.tagName === "SELECT" && element.multiple) {
        if (!known && !rowKnown) {
          return;
        }
        var changed = false;
        Array.prototype.forEach.call(element.options, function (option) {
          var selected = wanted.indexOf(option.value) !== -1;
          if (option.selected !== selected) {
            changed = true;
            if (!dryRun) {
              option.selected = selected;
            }
          }
        });
        if (changed) {
          changes++;
          if (!dryRun) {
            fire(element);
          }
        }
      } else if (known) {
        var value = wanted[0];
        if (element.tagName === "SELECT" && !Array.prototype.some.call(
          element.options, function (option) { return option.value === value; }
        )) {
          return; // e.g. an autocomplete choice the page does not list
        }
        if (sameText(element.value, value) === false) {
          changes++;
          if (!dryRun) {
            element.value = value;
            fire(element);
          }
        }
      }
    });
    if (dryRun) {
      // Inline rows the form does not have yet count if they hold anything.
      values.forEach(function (wanted, name) {
        if (!seen.has(name) && rowOf(name) && wanted.some(function (v) { return v !== ""; })) {
          changes++;
        }
      });
    }
    return changes;
  }

  function dataVersion(pairs) {
    var pair = pairs.filter(function (p) { return p[0] === "edit_version"; })[0];
    return pair && pair[1] !== "" ? parseInt(pair[1], 10) : null;
  }

  function chooseCopy() {
    var server = null;
    try {
      server = JSON.parse(document.getElementById("nr-autosave-data").textContent);
    } catch (error) {
      server = null;
    }
    var local = readLocal();
    var saved = (readCookie(config.savedCookie) || "").split(".");
    if (local && local.submitId && saved.indexOf(local.submitId) !== -1) {
      // That copy was submitted and saved.
      dropLocal();
      local = null;
    }
    var serverTime = server ? Date.parse(server.saved_at) : 0;
    if (local && !local.synced && (!server || local.savedAt > serverTime)) {
      return { data: local.data, savedAt: local.savedAt, server: Boolean(server) };
    }
    if (local && local.synced && !server) {
      dropLocal(); // the server's copy was saved or discarded since
    }
    if (server) {
      return { data: server.data, savedAt: serverTime, server: true };
    }
    return null;
  }

  function discardAll(alsoServer) {
    dropLocal();
    if (alsoServer) {
      post(config.discardUrl, { article: articleId }).catch(function () {});
    }
  }

  function offerRestore() {
    var banner = root.querySelector(".nr-autosave-banner");
    var copy = chooseCopy();
    if (!copy || !banner) {
      return;
    }
    if (apply(copy.data, true) === 0) {
      // Nothing in it that the form does not show. (A form shown again with
      // errors is about to be saved as the autosave anyway.)
      discardAll(copy.server && !changedFromStart);
      return;
    }
    var text = config.textFound.replace("{time}", formatTime(copy.savedAt));
    var version = dataVersion(copy.data);
    if (version !== null && editVersion() !== null && version !== editVersion()) {
      text += " " + config.textStale;
    }
    banner.querySelector(".nr-autosave-text").textContent = text;
    banner.hidden = false;
    banner.querySelector("[data-nr-restore]").addEventListener("click", function () {
      restoring = true;
      try {
        apply(copy.data, false);
      } finally {
        restoring = false;
      }
      banner.hidden = true;
      refreshPreview();
      saveNow(); // the restored text is this user's latest autosave now
      var body = form.querySelector("[name=body]") || form.querySelector("textarea");
      if (body) {
        body.focus();
      }
    });
    banner.querySelector("[data-nr-discard]").addEventListener("click", function () {
      discardAll(true);
      banner.hidden = true;
      say(config.textDiscarded, false);
    });
  }

  // --- preview of the body ------------------------------------------------------------

  var body = form.querySelector("textarea[name=body]");
  var previewBox = null;
  var previewTimer = null;
  var previewSerial = 0;

  function refreshPreview() {
    if (!previewBox) {
      return;
    }
    var serial = ++previewSerial;
    post(config.previewUrl, { body: body.value })
      .then(function (result) {
        if (serial !== previewSerial) {
          return; // a newer one is on its way
        }
        if (result.ok) {
          // Sanitized on the server by the site's own renderer.
          previewBox.innerHTML = result.body.html;
          previewBox.classList.remove("nr-preview-problem");
        } else {
          previewBox.textContent = (result.body && result.body.error) || config.textPreviewFailed;
          previewBox.classList.add("nr-preview-problem");
        }
      })
      .catch(function () {
        if (serial === previewSerial) {
          previewBox.textContent = config.textPreviewFailed;
          previewBox.classList.add("nr-preview-problem");
        }
      });
  }

  function setUpPreview() {
    var template = root.querySelector("template.nr-preview-template");
    if (!body || !template) {
      return;
    }
    var split = document.createElement("div");
    split.className = "nr-split";
    body.parentNode.insertBefore(split, body);
    split.appendChild(body);
    split.appendChild(template.content.cloneNode(true));
    previewBox = split.querySelector(".nr-preview-body");
    body.addEventListener("input", function () {
      window.clearTimeout(previewTimer);
      previewTimer = window.setTimeout(refreshPreview, PREVIEW_MS);
    });
    refreshPreview();
  }

  setUpPreview();
  if (autosaveEnabled) {
    offerRestore();
    if (changedFromStart) {
      saveNow();
    }
  }
})();
