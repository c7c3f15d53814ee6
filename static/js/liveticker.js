/* A live ticker's news and changes without a reload (articles/views.py
 * live_entries, articles/live.py poll_data).
 *
 * Every 10 seconds this asks the ticker's poll endpoint for the entries after
 * the newest one on the page (GET data-poll-url?nach=<id>: the same cached
 * answer for every reader who has that entry). The answer also carries the
 * latest changes to older entries, the pinned entry and the key events, and
 * the page applies them: new and late-approved entries go in at their place
 * (by time), corrected ones get their new text and note, deleted ones go, the
 * pinned box and the key-event summary follow. One polite live region says
 * what changed, once per poll ("2 neue Einträge. 1 Eintrag korrigiert").
 *
 * Everything is built as DOM nodes from the answer's text fields; the only
 * HTML taken as HTML is an entry's body, which the server sanitised
 * (articles/rendering.py). Without JavaScript a reload shows the same. */
(function () {
  "use strict";

  var section = document.getElementById("liveticker");
  if (!section || !section.dataset.pollUrl) {
    return;
  }
  var texts = section.dataset;
  var list = document.getElementById("live-entries");
  var announcer = document.getElementById("live-announcer");
  var pinnedBox = document.getElementById("live-pinned");
  var keyEvents = document.getElementById("live-key-events");
  var newest = parseInt(texts.newest, 10) || 0;
  var version = parseInt(texts.version, 10) || 0;
  // Page 1 of several: an entry older than the last one shown belongs on a
  // later page, not at the bottom of this one.
  var hasOlderPages = Boolean(section.querySelector('.pagination [rel="next"]'));
  var INTERVAL_MS = 10000;
  var clock = timeFormat(texts.timeZone);

  function timeFormat(zone) {
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    try {
      return new Intl.DateTimeFormat("de-DE", Object.assign({ timeZone: zone }, options));
    } catch (error) {
      return new Intl.DateTimeFormat("de-DE", options); // an unknown zone: the reader's
    }
  }

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    if (text) {
      element.textContent = text;
    }
    return element;
  }

  function time(iso) {
    var element = node("time", "", clock.format(new Date(iso)));
    element.setAttribute("datetime", iso);
    return element;
  }

  function seconds(iso) {
    return iso ? String(Math.floor(Date.parse(iso) / 1000)) : "";
  }

  function safeUrl(url) {
    // The server's own addresses; anything else (javascript:, data:) is dropped.
    return typeof url === "string" && /^(\/(?!\/)|https?:\/\/)/.test(url) ? url : null;
  }

  function image(data) {
    var src = safeUrl(data.src);
    if (!src) {
      return null;
    }
    var figure = node("figure", "live-image");
    var img = document.createElement("img");
    img.src = src;
    if (data.srcset) {
      img.srcset = data.srcset;
      img.sizes = "(min-width: 792px) 756px, calc(100vw - 36px)";
    }
    if (data.width && data.height) {
      img.width = data.width;
      img.height = data.height;
    }
    img.alt = data.alt || "";
    img.loading = "lazy";
    img.decoding = "async";
    figure.appendChild(img);
    if (data.credit) {
      var caption = node("figcaption");
      caption.appendChild(node("span", "credit", data.credit));
      figure.appendChild(caption);
    }
    return figure;
  }

  function quote(data) {
    if (!data.text) {
      return null;
    }
    var figure = node("figure", "live-quote");
    var blockquote = node("blockquote");
    blockquote.appendChild(node("p", "", "„" + data.text + "“"));
    figure.appendChild(blockquote);
    if (data.source_name) {
      var caption = node("figcaption");
      var url = safeUrl(data.source_url);
      var name = node(url ? "a" : "span", "", data.source_name);
      if (url) {
        name.href = url;
      }
      caption.appendChild(name);
      figure.appendChild(caption);
    }
    return figure;
  }

  /* One entry as templates/articles/_live_entry.html draws it. */
  function render(entry, pinned) {
    var article = node("article", "live-entry" + (entry.key_event ? " key-event" : ""));
    article.id = (pinned ? "oben-" : "eintrag-") + entry.id;
    var meta = node("p", "live-time");
    if (pinned) {
      meta.appendChild(node("strong", "", texts.labelPinned || "Angeheftet"));
      meta.appendChild(document.createTextNode(" · "));
    }
    if (entry.key_event) {
      meta.appendChild(node("strong", "", texts.labelKeyEvent || "Schlüsselereignis"));
      meta.appendChild(document.createTextNode(" · "));
    }
    meta.appendChild(time(entry.created_at));
    article.appendChild(meta);
    if (entry.headline) {
      article.appendChild(node("h3", "", entry.headline));
    }
    var body = node("div", "live-body");
    body.innerHTML = entry.html; // sanitised on the server (articles/rendering.py)
    article.appendChild(body);
    [entry.image && image(entry.image), entry.quote && quote(entry.quote)].forEach(
      function (part) {
        if (part) {
          article.appendChild(part);
        }
      },
    );
    if (entry.corrected_at) {
      var note = node("p", "live-correction");
      note.appendChild(node("strong", "", texts.labelCorrected || "Korrigiert"));
      note.appendChild(document.createTextNode(" "));
      note.appendChild(time(entry.corrected_at));
      note.appendChild(document.createTextNode(": " + entry.correction_note));
      article.appendChild(note);
    }
    return article;
  }

  function fill(item, entry) {
    item.dataset.entry = entry.id;
    item.dataset.changed = entry.changed;
    item.dataset.created = entry.created_at;
    item.dataset.corrected = seconds(entry.corrected_at);
    item.replaceChildren(render(entry, false));
    return item;
  }

  function itemOf(id) {
    return list.querySelector('li[data-entry="' + id + '"]');
  }

  function isNewer(entry, item) {
    var mine = Date.parse(entry.created_at);
    var theirs = Date.parse(item.dataset.created);
    return mine > theirs || (mine === theirs && entry.id > parseInt(item.dataset.entry, 10));
  }

  /* Put ``entry`` where the server would (newest first by time); false if it
   * belongs on an older page. */
  function place(entry) {
    var items = list.querySelectorAll("li[data-entry]");
    for (var i = 0; i < items.length; i++) {
      if (isNewer(entry, items[i])) {
        list.insertBefore(fill(document.createElement("li"), entry), items[i]);
        return true;
      }
    }
    if (items.length && hasOlderPages) {
      return false;
    }
    var empty = list.querySelector(".live-empty");
    if (empty) {
      empty.remove();
    }
    list.appendChild(fill(document.createElement("li"), entry));
    return true;
  }

  function applyPinned(entry) {
    var shown = pinnedBox.dataset.entry || "";
    if (!entry) {
      if (!shown) {
        return false;
      }
      delete pinnedBox.dataset.entry;
      delete pinnedBox.dataset.changed;
      pinnedBox.replaceChildren();
      pinnedBox.hidden = true;
      return true;
    }
    if (shown === String(entry.id) && pinnedBox.dataset.changed === String(entry.changed)) {
      return false;
    }
    pinnedBox.dataset.entry = entry.id;
    pinnedBox.dataset.changed = entry.changed;
    pinnedBox.replaceChildren(render(entry, true));
    pinnedBox.hidden = false;
    return shown !== String(entry.id); // a correction of it is announced with the others
  }

  function applyKeyEvents(events) {
    var links = keyEvents.querySelectorAll("li a");
    var same =
      links.length === events.length &&
      events.every(function (event, i) {
        var label = links[i].querySelector(".live-key-label");
        return (
          links[i].getAttribute("href") === "#eintrag-" + event.id &&
          label &&
          label.textContent === event.label
        );
      });
    if (same) {
      return;
    }
    var ul = node("ul");
    events.forEach(function (event) {
      var link = node("a");
      link.href = "#eintrag-" + event.id;
      link.appendChild(time(event.created_at));
      link.appendChild(document.createTextNode(" "));
      link.appendChild(node("span", "live-key-label", event.label));
      var item = node("li");
      item.appendChild(link);
      ul.appendChild(item);
    });
    keyEvents.querySelector("ul").replaceWith(ul);
    keyEvents.hidden = events.length === 0;
  }

  function counted(count, one, many) {
    return count === 1 ? one : many.replace("{count}", count);
  }

  function offerReload() {
    if (section.querySelector(".live-stale")) {
      return;
    }
    var notice = node("p", "live-stale", (texts.reload || "") + " ");
    var link = node("a", "", texts.reloadLink || "Neu laden");
    link.href = window.location.pathname + window.location.search + "#liveticker";
    notice.appendChild(link);
    announcer.before(notice);
  }

  function apply(data) {
    var added = 0;
    var corrected = 0;
    var deleted = 0;
    data.entries.forEach(function (entry) {
      newest = Math.max(newest, entry.id);
      if (!itemOf(entry.id) && place(entry)) {
        added++;
      }
    });
    data.changed.forEach(function (entry) {
      var item = itemOf(entry.id);
      if (!item) {
        // approved late (an older id than the newest shown), or older than this page
        if (place(entry)) {
          added++;
        }
        return;
      }
      if (item.dataset.changed === String(entry.changed)) {
        return;
      }
      if (entry.corrected_at && item.dataset.corrected !== seconds(entry.corrected_at)) {
        corrected++;
      }
      fill(item, entry);
    });
    data.deleted.forEach(function (id) {
      var item = itemOf(id);
      if (item) {
        item.remove();
        deleted++;
      }
    });
    var pinnedChanged = applyPinned(data.pinned);
    applyKeyEvents(data.key_events);
    if (data.complete_since > version) {
      offerReload(); // more changes than one answer carries since this page was loaded
    }
    version = Math.max(version, data.version);

    var news = [];
    if (added) {
      news.push(
        counted(added, texts.announceOne || "1 neuer Eintrag", texts.announceMany || "{count} neue Einträge"),
      );
    }
    if (corrected) {
      news.push(counted(corrected, texts.announceCorrectedOne, texts.announceCorrectedMany));
    }
    if (deleted) {
      news.push(counted(deleted, texts.announceDeletedOne, texts.announceDeletedMany));
    }
    if (pinnedChanged) {
      news.push(texts.announcePinned);
    }
    if (news.length) {
      announcer.textContent = news.join(". ") + ".";
    }
  }

  function poll() {
    fetch(section.dataset.pollUrl + "?nach=" + newest, { credentials: "omit" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          apply(data);
        }
        if (!data || data.running) {
          window.setTimeout(poll, INTERVAL_MS);
        }
      })
      .catch(function () {
        window.setTimeout(poll, INTERVAL_MS); // the next poll tries again
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
