// The "open now" line of a unit page. The build resolved every opening interval in
// Europe/Stockholm and wrote it as epoch milliseconds with its words ready, so the browser
// only compares numbers: no time zones, no holidays, no Swedish. Without script, or past
// the data's horizon, the line stays hidden and the page's table is the answer. Past
// `stale_ms` (the build plus `stale_after_days`) the page may be out of date: the line
// says so and points to 1177.se and the unit's phone instead.
"use strict";

// The line to show at `now` (epoch ms), or null when the data cannot tell.
function openStatus(data, now) {
  if (!data) return null;
  if (data.stale_ms && now >= data.stale_ms) return { open: false, stale: true, label: data.stale_label };
  if (!(now >= data.horizon_start_ms && now < data.horizon_end_ms)) return null;
  for (var i = 0; i < data.intervals.length; i++) {
    var iv = data.intervals[i];
    if (now < iv.start_ms) return { open: false, label: iv.before_label };
    if (now < iv.end_ms) return { open: true, label: iv.open_label };
  }
  return { open: false, label: data.fallback_label };
}

if (typeof document !== "undefined") {
  (function () {
    var el = document.getElementById("oppet-status");
    var src = document.getElementById("oppet-data");
    if (!el || !src) return;
    var data;
    try { data = JSON.parse(src.textContent); } catch (e) { return; }
    // Redrawn on each minute, when the hours change, not a minute after page load.
    function update() {
      var now = Date.now(), s = openStatus(data, now);
      if (!s) el.hidden = true;
      else {
        el.textContent = s.label;
        el.className = "open-status " + (s.stale ? "is-stale" : s.open ? "is-open" : "is-closed");
        el.hidden = false;
      }
      setTimeout(update, 60000 - (now % 60000));
    }
    update();
  })();
}
