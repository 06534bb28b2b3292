// Keep relative times ("2 hours ago", "قبل ساعتين") true on baked pages: each
// <time data-relative> is rewritten from its datetime attribute in the page's language.
(function () {
  "use strict";
  if (!window.Intl || !Intl.RelativeTimeFormat) return;
  var lang = document.documentElement.lang || "en";
  var format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  var steps = [["minute", 60, 60], ["hour", 3600, 24], ["day", 86400, 7]];
  function text(seconds) {
    if (seconds < 60) return format.format(0, "second");
    for (var i = 0; i < steps.length; i++) {
      var value = Math.floor(seconds / steps[i][1]);
      if (value < steps[i][2]) return format.format(-value, steps[i][0]);
    }
    return null;
  }
  function refresh() {
    var now = Date.now();
    document.querySelectorAll("time[data-relative]").forEach(function (node) {
      var when = Date.parse(node.getAttribute("datetime"));
      if (isNaN(when)) return;
      var relative = text(Math.max(0, (now - when) / 1000));
      if (relative) node.textContent = relative;
    });
  }
  refresh();
  setInterval(refresh, 60000);
})();
