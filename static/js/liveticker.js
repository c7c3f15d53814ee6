/* A live ticker's new entries without a reload (articles/views.py live_entries).
 *
 * Every 10 seconds this asks the ticker's poll endpoint for the entries after
 * the newest one on the page (GET data-poll-url?nach=<id>, the same cached
 * answer for every reader) and puts them on top of the list; a polite live
 * region announces how many arrived. The entries' HTML is the server's
 * sanitised Markdown. Without JavaScript a reload shows the new entries. */
(function () {
  "use strict";

  var section = document.getElementById("liveticker");
  if (!section || !section.dataset.pollUrl) {
    return;
  }
  var list = document.getElementById("live-entries");
  var announcer = document.getElementById("live-announcer");
  var newest = parseInt(section.dataset.newest, 10) || 0;
  var INTERVAL_MS = 10000;
  var timer = null;

  function time(iso) {
    var element = document.createElement("time");
    element.setAttribute("datetime", iso);
    var date = new Date(iso);
    element.textContent =
      String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
    return element;
  }

  function render(entry) {
    var item = document.createElement("li");
    var article = document.createElement("article");
    article.className = "live-entry" + (entry.key_event ? " key-event" : "");
    article.id = "eintrag-" + entry.id;
    var meta = document.createElement("p");
    meta.className = "live-time";
    meta.appendChild(time(entry.created_at));
    article.appendChild(meta);
    if (entry.headline) {
      var heading = document.createElement("h3");
      heading.textContent = entry.headline;
      article.appendChild(heading);
    }
    var body = document.createElement("div");
    body.className = "live-body";
    body.innerHTML = entry.html; // sanitised on the server (articles/rendering.py)
    article.appendChild(body);
    item.appendChild(article);
    return item;
  }

  function poll() {
    fetch(section.dataset.pollUrl + "?nach=" + newest, { credentials: "omit" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        var empty = list.querySelector(".live-empty");
        data.entries.forEach(function (entry) {
          if (document.getElementById("eintrag-" + entry.id)) {
            return;
          }
          if (empty) {
            empty.remove();
            empty = null;
          }
          list.insertBefore(render(entry), list.firstChild);
          newest = Math.max(newest, entry.id);
        });
        if (data.entries.length) {
          announcer.textContent =
            data.entries.length === 1
              ? section.dataset.announceOne || "1 neuer Eintrag"
              : (section.dataset.announceMany || "{count} neue Einträge").replace(
                  "{count}",
                  data.entries.length,
                );
        }
        if (!data.running) {
          window.clearInterval(timer);
        }
      })
      .catch(function () {
        /* the next poll tries again */
      });
  }

  timer = window.setInterval(poll, INTERVAL_MS);
})();
