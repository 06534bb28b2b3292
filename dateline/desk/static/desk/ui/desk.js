// Scheduled times in the reader's own time zone beside the newsroom's.
for (const time of document.querySelectorAll("time[data-local]")) {
  const when = new Date(time.getAttribute("datetime"));
  if (!Number.isNaN(when.valueOf())) {
    time.textContent = when.toLocaleString(document.documentElement.lang, {
      day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
    });
  }
}
