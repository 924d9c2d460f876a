// Marks the time band that applies now and lists the units open now, from bands and open
// intervals the build wrote as epoch ms with their words. Past `stale_ms` the page may be
// out of date: the box says so instead.
"use strict";

function bandAt(data, now) {
  var s = (data && data.segments) || [];
  for (var i = 0; i < s.length; i++) {
    if (now >= s[i][0] && now < s[i][1]) {
      var l = data.labels[s[i][2]];
      return { band: s[i][2], label: s[i][3] ? l + " (" + s[i][3] + ")" : l };
    }
  }
  return null;
}

function openUnits(data, band, now) {
  var out = [];
  data.units.forEach(function (u) {
    if (u.bands.indexOf(band) < 0) return;
    u.open.forEach(function (iv) {
      if (now >= iv[0] && now < iv[1]) out.push({ name: u.name, path: u.path, label: iv[2] });
    });
  });
  return out;
}

if (typeof document !== "undefined") {
  (function () {
    var data, $ = function (id) { return document.getElementById(id); };
    try { data = JSON.parse($("guide-data").textContent); } catch (e) { return; }
    function update() {
      var now = Date.now(), stale = data.stale_ms && now >= data.stale_ms;
      var b = stale ? null : bandAt(data, now), el = document.querySelectorAll("[data-band]");
      setTimeout(update, 60000 - (now % 60000));
      for (var i = 0; i < el.length; i++) {
        var on = !!b && el[i].getAttribute("data-band") === b.band;
        el[i].classList.toggle("is-now", on);
        var m = el[i].querySelector(".band-now");
        if (m) m.hidden = !on;
      }
      var box = $("just-nu"), list = $("guide-units");
      if (!box) return;
      box.hidden = !b && !stale;
      if (box.hidden) return;
      $("guide-band").textContent = stale ? data.stale_label : b.label;
      var units = stale ? [] : openUnits(data, b.band, now);
      list.textContent = "";
      units.forEach(function (u) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = u.path;
        a.textContent = u.name;
        li.append(a, ": " + u.label);
        list.appendChild(li);
      });
      list.hidden = !units.length;
      $("guide-units-none").hidden = stale || units.length > 0 || data.listed.indexOf(b.band) < 0;
    }
    update();
  })();
}
