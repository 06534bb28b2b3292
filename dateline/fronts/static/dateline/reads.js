// Count one read of this item: a POST with no body, no cookie and nothing about the reader
// (see docs/readership.md). Works on baked pages and behind a CDN, which never caches a POST.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-hit");
  if (!url || !navigator.sendBeacon || document.visibilityState === "prerender") return;
  navigator.sendBeacon(url);
})();
