/* Live blog: poll the item's baked update resource and offer new entries with a button.
   New entries never push the text a reader is reading: they wait behind "N new updates".
   Edited entries are replaced in place, deleted ones removed. Without this script the page
   still works: a reload shows the latest entries. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-feed]");
  if (!root || !window.fetch) return;
  var list = root.querySelector(".live__entries");
  var button = root.querySelector(".live__new");
  var keys = root.querySelector(".live__keys");
  var summary = root.querySelector(".live__summary");
  var cursor = Number(root.getAttribute("data-cursor")) || 0;
  var every = Math.max(1, Number(root.getAttribute("data-poll")) || 10) * 1000;
  var pending = {};
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en") : null;
  var timer = null;

  function node(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    return holder.content.firstElementChild;
  }

  function waiting() {
    return Object.keys(pending).map(function (id) { return pending[id]; });
  }

  function label(count) {
    var form = plural ? plural.select(count) : (count === 1 ? "one" : "other");
    var text = button.getAttribute("data-" + form) || button.getAttribute("data-other");
    return text.replace("{n}", String(count));
  }

  function rebuildKeys() {
    var items = list.querySelectorAll(".live-entry--key");
    var menu = keys.querySelector("ol");
    menu.textContent = "";
    Array.prototype.forEach.call(items, function (entry) {
      var title = entry.querySelector(".live-entry__headline") || entry.querySelector(".live-entry__time");
      var link = document.createElement("a");
      link.href = "#" + entry.id;
      link.textContent = title ? title.textContent : entry.id;
      var item = document.createElement("li");
      item.appendChild(link);
      menu.appendChild(item);
    });
    keys.hidden = items.length === 0;
  }

  function apply(doc) {
    (doc.deleted || []).forEach(function (id) {
      var gone = document.getElementById("entry-" + id);
      if (gone) gone.remove();
      delete pending[id];
    });
    (doc.entries || []).forEach(function (entry) {
      if (entry.id > cursor) {
        pending[entry.id] = entry;
        return;
      }
      var shown = document.getElementById("entry-" + entry.id);
      if (shown && Number(shown.getAttribute("data-version")) < entry.version) {
        shown.replaceWith(node(entry.html));
      }
    });
    if (summary && typeof doc.summary === "string") {
      var body = summary.querySelector(".live__summary-body");
      if (body.innerHTML !== doc.summary) body.innerHTML = doc.summary;
      summary.hidden = doc.summary === "";
    }
    rebuildKeys();
    var count = waiting().length;
    button.textContent = count ? label(count) : "";
    button.hidden = count === 0;
    if (!doc.live && count === 0) stop();
  }

  function showNew() {
    var fresh = waiting().sort(function (a, b) {
      return a.posted_at < b.posted_at ? 1 : a.posted_at > b.posted_at ? -1 : b.id - a.id;
    });
    var empty = list.querySelector(".live__empty");
    if (empty) empty.remove();
    var first = null;
    fresh.slice().reverse().forEach(function (entry) {
      var added = node(entry.html);
      added.classList.add("live-entry--fresh");
      list.insertBefore(added, list.firstChild);
      first = added;
      cursor = Math.max(cursor, entry.id);
    });
    pending = {};
    button.hidden = true;
    button.textContent = "";
    rebuildKeys();
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: false });
    }
  }

  function poll() {
    // no-cache: revalidate with the server (ETag, Last-Modified), which answers 304 while
    // nothing changed; the baked file, never the app, answers.
    fetch(root.getAttribute("data-live-feed"), { cache: "no-cache", credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (doc) { if (doc) apply(doc); })
      .catch(function () { /* offline or a bad answer: try again at the next poll */ })
      .then(schedule);
  }

  function schedule() {
    if (timer !== false) timer = window.setTimeout(poll, every);
  }

  function stop() {
    if (timer) window.clearTimeout(timer);
    timer = false;
  }

  button.addEventListener("click", showNew);
  if (!root.hasAttribute("data-ended")) schedule();
})();
