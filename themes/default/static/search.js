// Site search client: loaded by search-loader.js the first time a search box is used.
// It reads the index that `vardlots build` writes to search/<language>/ (see
// src/search/index.rs for the format): the manifest, then only the shards that hold the
// query's words, then the records of the results it shows.
//
// Query analysis mirrors src/search/analyze.rs: runs of letters and digits, lower case, stop
// words dropped, numbers kept, the Swedish Snowball stemmer (as in rust-stemmers), and the
// folded key (å, ä → a, ö → o) the index is sorted by. On top, at query time: the exact
// spelling ranks first, the last word also matches as a prefix, and a word that is not in
// the index is matched with one letter wrong, missing, extra or swapped.
var VardlotsSearch = (function () {
  "use strict";

  // --- analysis -------------------------------------------------------------------------
  var VOWEL = /[aeiouyäåö]/;
  var S_ENDING = /[bcdfghjklmnoprtvy]/;
  var MAIN = ("heterna hetens anden andes andet arens arnas ernas ornas heten heter ades " +
    "ande arne aste aren arna erna orna erns ade are ens het ast ern as ad en ar er or es at " +
    "a e s").split(" ");
  var PAIRS = ["dd", "gd", "nn", "dt", "gt", "kt", "tt"];

  // The Swedish Snowball stemmer, as rust-stemmers 1.2 has it.
  function stemSv(w) {
    if (w.length < 3) return w;
    var p1 = w.length, i = 0;
    while (i < w.length && !VOWEL.test(w[i])) i++;
    while (i < w.length && VOWEL.test(w[i])) i++;
    if (i < w.length) p1 = Math.max(i + 1, 3);
    if (p1 >= w.length) return w;
    for (var m = 0; m < MAIN.length; m++) {
      var suf = MAIN[m];
      if (w.length - suf.length >= p1 && w.endsWith(suf)) {
        if (suf === "s") {
          if (S_ENDING.test(w[w.length - 2] || "")) w = w.slice(0, -1);
        } else {
          w = w.slice(0, -suf.length);
        }
        break;
      }
    }
    if (w.length - 2 >= p1 && PAIRS.indexOf(w.slice(-2)) >= 0) w = w.slice(0, -1);
    if (w.length - 5 >= p1 && w.endsWith("fullt")) return w.slice(0, -1);
    if (w.length - 4 >= p1 && w.endsWith("löst")) return w.slice(0, -1);
    if (w.length - 3 >= p1 && (w.endsWith("lig") || w.endsWith("els"))) return w.slice(0, -3);
    if (w.length - 2 >= p1 && w.endsWith("ig")) return w.slice(0, -2);
    return w;
  }

  var FOLD = { å: "a", ä: "a", à: "a", á: "a", â: "a", ã: "a", æ: "a", ö: "o", ø: "o", ò: "o",
    ó: "o", ô: "o", õ: "o", é: "e", è: "e", ê: "e", ë: "e", ü: "u", ù: "u", ú: "u", û: "u",
    í: "i", ì: "i", î: "i", ï: "i", ç: "c", ñ: "n", ý: "y", ÿ: "y" };
  function fold(s) {
    return s.replace(/[^\x00-\x7f]/g, function (c) { return FOLD[c] || c; });
  }

  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  function words(text) {
    return text.match(WORD) || [];
  }

  // One lower-case word → {exact, key}, or null for a stop word.
  function term(word, stop, language) {
    if (word.length > 40) return null;
    if (/\p{N}/u.test(word)) return { exact: word, key: fold(word), raw: fold(word) };
    // Trimmer: elasticlunr cuts non-Latin letters from the ends.
    word = word.replace(/^[^\p{Script=Latin}]+|[^\p{Script=Latin}]+$/gu, "");
    if (!word || stop.has(word)) return null;
    var exact = language === "sv" ? stemSv(word) : word;
    // `raw`: folding can change the stem ("monsteras" loses "as", "mönsterås" does not), so
    // the folded word itself is looked up too.
    return { exact: exact, key: fold(exact), raw: fold(word) };
  }

  function analyze(text, stop, language) {
    var out = [];
    words(text).forEach(function (w) {
      var t = term(w.toLowerCase(), stop, language);
      if (t) out.push(t);
    });
    return out;
  }

  // Damerau-Levenshtein distance of at most one.
  function oneEdit(a, b) {
    if (a === b) return false;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // --- index ------------------------------------------------------------------------------
  var decoder = new TextDecoder();

  function Reader(bytes, pos) {
    this.b = bytes;
    this.p = pos || 0;
  }
  Reader.prototype.v = function () {
    var x = 0, mul = 1, byte;
    do {
      byte = this.b[this.p++];
      x += (byte & 0x7f) * mul;
      mul *= 128;
    } while (byte & 0x80);
    return x;
  };

  // A shard: its keys in order and where each key's entry starts.
  function parseShard(bytes) {
    var r = new Reader(bytes), keys = [], at = [], prev = new Uint8Array(0);
    while (r.p < bytes.length) {
      var shared = r.v(), len = r.v();
      var k = new Uint8Array(shared + len);
      k.set(prev.subarray(0, shared));
      k.set(bytes.subarray(r.p, r.p + len), shared);
      r.p += len;
      var size = r.v();
      keys.push(decoder.decode(k));
      at.push(r.p);
      r.p += size;
      prev = k;
    }
    return { bytes: bytes, keys: keys, at: at };
  }

  // A key's variants: [{exact, df, postings: [doc, impact, doc, impact, …]}].
  function entry(shard, i) {
    var r = new Reader(shard.bytes, shard.at[i]), n = r.v(), out = [];
    for (var v = 0; v < n; v++) {
      var len = r.v();
      var exact = len ? decoder.decode(shard.bytes.subarray(r.p, r.p + len)) : shard.keys[i];
      r.p += len;
      var df = r.v(), blocks = r.v(), postings = [];
      for (var b = 0; b < blocks; b++) {
        var impact = shard.bytes[r.p++], count = r.v(), doc = 0;
        for (var c = 0; c < count; c++) {
          doc = c === 0 ? r.v() : doc + r.v();
          postings.push(doc, impact);
        }
      }
      out.push({ exact: exact, df: df, postings: postings });
    }
    return out;
  }

  function lowerBound(list, key) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // The index at `manifestUrl`. `load(url, kind)` fetches "json" or "bytes" (tests and the
  // benchmark pass their own, to read files and count bytes).
  function open(manifestUrl, load) {
    load = load || function (url, kind) {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return kind === "json" ? r.json() : r.arrayBuffer();
      });
    };
    var base = manifestUrl.replace(/[^/]*$/, "");
    var manifest, shards = {}, records = {}, filters;
    var ready = load(manifestUrl, "json").then(function (m) {
      manifest = m;
      manifest.stopSet = new Set(m.stop);
      return engine;
    });
    function url(path) {
      return base + path + "?h=" + manifest.hash;
    }
    function shard(n) {
      if (!shards[n]) {
        shards[n] = load(url("s/" + n + ".bin"), "bytes").then(function (buf) {
          return parseShard(new Uint8Array(buf));
        });
      }
      return shards[n];
    }
    // The shards that may hold keys from `lo` up to keys starting with `hi`.
    function shardRange(lo, hi) {
      var first = Math.max(0, lowerBound(manifest.shards, lo + "\0") - 1), out = [first];
      for (var n = first + 1; n < manifest.shards.length && manifest.shards[n] <= hi + "\uffff"; n++) {
        out.push(n);
      }
      return out;
    }
    function keysIn(list, test) {
      return Promise.all(list.map(shard)).then(function (loaded) {
        var out = [];
        loaded.forEach(function (s) {
          s.keys.forEach(function (k, i) {
            if (test(k)) out.push({ shard: s, i: i, key: k });
          });
        });
        return out;
      });
    }
    function score(impact) {
      return Math.exp(((impact - 1) / 254) * manifest.scale) - 1;
    }

    // Matches for one query term: [{key, weight, variants}]. Every word of four letters or
    // more also matches as a prefix, at a lower weight (Swedish compounds: "akut" finds
    // "akutmottagning"); the last word from two letters, as the resident may not be done.
    function matches(t, last) {
      var prefix = t.key.length >= (last ? 2 : 4) ? t.key : null;
      var list = shardRange(t.key, t.key).slice(0, prefix ? 2 : 1);
      if (t.raw !== t.key) list = list.concat(shardRange(t.raw, t.raw).slice(0, 1));
      return keysIn(list.filter(function (n, i) { return list.indexOf(n) === i; }), function (k) {
        return k === t.key || k === t.raw || (prefix !== null && k.startsWith(prefix));
      }).then(function (found) {
        found.sort(function (a, b) { return a.key.length - b.key.length || (a.key < b.key ? -1 : 1); });
        var out = found.slice(0, 30).map(function (f) {
          var whole = f.key === t.key || f.key === t.raw;
          return { key: f.key, weight: whole ? 1 : last ? 0.7 : 0.5, variants: entry(f.shard, f.i) };
        });
        if (out.length || t.raw.length < 4 || /\p{N}/u.test(t.key)) return out;
        // Not in the index: one letter wrong. The first letter is taken as typed (two when
        // one letter's keys fill many shards), so the search reads few shards.
        var head = t.raw.slice(0, 1), range = shardRange(head, head);
        if (range.length > 3) {
          head = t.raw.slice(0, 2);
          range = shardRange(head, head).slice(0, 3);
        }
        return keysIn(range, function (k) {
          return k.length >= 4 && k.startsWith(head) && (oneEdit(k, t.key) || oneEdit(k, t.raw));
        })
          .then(function (near) {
            return near.map(function (f) {
              return { key: f.key, weight: 0.6, variants: entry(f.shard, f.i) };
            });
          });
      });
    }

    function loadFilters() {
      filters = filters || load(url("filters.json"), "json").then(function (f) {
        var sets = {};
        ["kind", "municipality"].forEach(function (name) {
          sets[name] = {};
          Object.keys(f[name]).forEach(function (value) {
            var s = new Set(), page = 0;
            f[name][value].forEach(function (gap) { page += gap; s.add(page); });
            sets[name][value] = s;
          });
        });
        return sets;
      });
      return filters;
    }

    // Ranked pages for `query`: {terms, keys, hits: [{page, section, score, matched}]}.
    // Pages that match more of the words come first, then by score; a page's score for a
    // word is its best section's, and the link goes to the section that matched most.
    function search(query, filter) {
      filter = filter || {};
      var terms = analyze(query, manifest.stopSet, manifest.language);
      var seen = new Set();
      terms = terms.filter(function (t) {
        var fresh = !seen.has(t.exact);
        seen.add(t.exact);
        return fresh;
      });
      if (!terms.length) return Promise.resolve({ terms: terms, keys: [], hits: [] });
      var needFilters = filter.kind || filter.municipality;
      return Promise.all([
        Promise.all(terms.map(function (t, i) { return matches(t, i === terms.length - 1); })),
        needFilters ? loadFilters() : null,
      ]).then(function (res) {
        var perTerm = res[0], sets = res[1];
        var bits = manifest.sectionBits, mask = (1 << bits) - 1, shift = Math.pow(2, bits);
        var pages = new Map(), keys = new Set(), n = terms.length;
        perTerm.forEach(function (list, ti) {
          list.forEach(function (m) {
            keys.add(m.key);
            m.variants.forEach(function (v) {
              var w = m.weight * (v.exact === terms[ti].exact || m.weight < 1 ? 1 : 0.85);
              for (var j = 0; j < v.postings.length; j += 2) {
                var doc = v.postings[j], page = Math.floor(doc / shift), section = doc & mask;
                var s = w * score(v.postings[j + 1]);
                var p = pages.get(page);
                if (!p) {
                  p = { page: page, best: new Float64Array(n), sections: new Map() };
                  pages.set(page, p);
                }
                if (s > p.best[ti]) p.best[ti] = s;
                p.sections.set(section, (p.sections.get(section) || 0) + s);
              }
            });
          });
        });
        var hits = [];
        pages.forEach(function (p) {
          if (sets && filter.kind && !(sets.kind[filter.kind] || new Set()).has(p.page)) return;
          if (sets && filter.municipality &&
            !(sets.municipality[filter.municipality] || new Set()).has(p.page)) return;
          var total = 0, matched = 0, section = 0, top = -1;
          for (var i = 0; i < n; i++) {
            total += p.best[i];
            if (p.best[i] > 0) matched++;
          }
          p.sections.forEach(function (s, k) {
            if (s > top || (s === top && k < section)) { top = s; section = k; }
          });
          hits.push({ page: p.page, section: section, score: total, matched: matched });
        });
        hits.sort(function (a, b) {
          return b.matched - a.matched || b.score - a.score || a.page - b.page;
        });
        return { terms: terms, keys: Array.from(keys), hits: hits };
      });
    }

    function record(page) {
      records[page] = records[page] || load(url("r/" + page + ".json"), "json");
      return records[page];
    }

    var engine = {
      search: search,
      record: record,
      manifest: function () { return manifest; },
    };
    return ready;
  }

  // --- page -------------------------------------------------------------------------------
  var PAGE_SIZE = 10;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  // The excerpt with every word of the query's keys in <mark>.
  function highlight(target, text, keys, m) {
    var last = 0;
    text.replace(WORD, function (w, at) {
      var t = term(w.toLowerCase(), m.stopSet, m.language);
      if (t && keys.has(t.key)) {
        target.appendChild(document.createTextNode(text.slice(last, at)));
        target.appendChild(el("mark", {}, w));
        last = at + w.length;
      }
      return w;
    });
    target.appendChild(document.createTextNode(text.slice(last)));
  }

  var engines = {};

  function attach(form) {
    if (form.vardlotsSearch) return;
    form.vardlotsSearch = true;
    var input = form.querySelector("input");
    var onPage = form.hasAttribute("data-results");
    var box = onPage ? document.getElementById(form.getAttribute("data-results")) : el("div", { class: "search-panel" });
    if (!onPage) {
      box.hidden = true;
      form.parentNode.insertBefore(box, form.nextSibling);
    }
    // The live region goes into the page now, outside the panel that stays hidden until the
    // first results: screen readers announce only changes to a region they already know,
    // and say nothing when a region appears together with its text (WCAG 4.1.3).
    var status = el("p", { role: "status", class: "search-status" });
    var controls = el("div", { class: "search-filters" });
    var list = el("ol", { class: "search-hits" });
    var more = el("p", { class: "search-more" });
    if (onPage) box.appendChild(status);
    else box.parentNode.insertBefore(status, box);
    box.appendChild(controls);
    box.appendChild(list);
    box.appendChild(more);
    var url = form.getAttribute("data-index");
    var enginePromise = engines[url] = engines[url] || open(url);
    var filter = {}, shown = 0, current = null, timer, words, generation = 0, first = "";

    function select(name, label, values, labels) {
      var wrap = el("label", {}, label + " ");
      var s = el("select", { name: name });
      s.appendChild(el("option", { value: "" }, words.filter_all));
      values.forEach(function (v) { s.appendChild(el("option", { value: v }, labels ? labels(v) : v)); });
      s.addEventListener("change", function () {
        filter[name] = s.value;
        run();
      });
      wrap.appendChild(s);
      return wrap;
    }

    function showMore(engine, m) {
      var page = current.hits.slice(shown, shown + PAGE_SIZE);
      var keys = new Set(current.keys);
      shown += page.length;
      return Promise.all(page.map(function (h) { return engine.record(h.page); })).then(function (recs) {
        if (shown === page.length && recs[0]) first = recs[0].title;
        recs.forEach(function (r, i) {
          var h = page[i], part = r.sections[h.section] || r.sections[0];
          var li = el("li", { class: "search-hit" });
          var href = r.path + (part[0] ? "#" + part[0] : "");
          var a = el("a", { href: href }, r.title + (part[1] ? " › " + part[1] : ""));
          var h3 = el("h3");
          h3.appendChild(a);
          li.appendChild(h3);
          var meta = (words["kind_" + r.kind] || r.kind) + (r.municipality ? " · " + r.municipality : "");
          li.appendChild(el("p", { class: "search-kind" }, meta));
          var p = el("p", { class: "search-excerpt" });
          highlight(p, part[2] || (r.sections[0] || [])[2] || "", keys, m);
          li.appendChild(p);
          list.appendChild(li);
        });
        more.textContent = "";
        if (shown < current.hits.length) {
          if (onPage) {
            var b = el("button", { type: "button" }, words.more);
            b.addEventListener("click", function () {
              var focus = list.children.length;
              showMore(engine, m).then(function () {
                var next = list.children[focus];
                if (next) next.querySelector("a").focus();
              });
            });
            more.appendChild(b);
          } else {
            more.appendChild(el("a", { href: form.action + "?q=" + encodeURIComponent(input.value) }, words.all_results));
          }
        }
      });
    }

    function run() {
      var q = input.value.trim(), mine = ++generation;
      if (!q) {
        list.textContent = "";
        more.textContent = "";
        status.textContent = "";
        if (!onPage) box.hidden = true;
        return;
      }
      enginePromise.then(function (engine) {
        var m = engine.manifest();
        words = m.words;
        if (!controls.firstChild) {
          controls.appendChild(select("kind", words.filter_kind, m.kinds, function (k) { return words["kind_" + k] || k; }));
          if (m.municipalities.length) controls.appendChild(select("municipality", words.filter_municipality, m.municipalities));
        }
        return engine.search(q, filter).then(function (res) {
          if (mine !== generation) return;
          current = res;
          shown = 0;
          list.textContent = "";
          box.hidden = false;
          var n = res.hits.length;
          first = "";
          // One change of the live region, once the first result is known: the count and
          // the first result's title are announced together.
          return showMore(engine, m).then(function () {
            if (mine !== generation) return;
            status.textContent = n === 0 ? words.none + " ”" + q + "”. " + words.none_hint
              : (n === 1 ? words.count_one : n + " " + words.count_many) + " ”" + q + "”" + (first ? ". " + words.first + " " + first + "." : "");
          });
        });
      }).catch(function () {
        status.textContent = words ? words.failed : "";
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    // Keyboard: ↓ from the box to the results, ↑ ↓ between them, Esc back to the box.
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    form.parentNode.addEventListener("keydown", function (e) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && (e.target === input || i >= 0) && all.length) {
        e.preventDefault();
        all[Math.min(i + 1, all.length - 1)].focus();
      } else if (e.key === "ArrowUp" && i >= 0) {
        e.preventDefault();
        (i === 0 ? input : all[i - 1]).focus();
      } else if (e.key === "Escape" && (e.target === input || i >= 0) && !onPage) {
        box.hidden = true;
        input.focus();
      }
    });
    if (onPage) {
      var q = new URLSearchParams(location.search).get("q");
      if (q && !input.value) input.value = q;
      // /sok/?q=… names the query in its heading and title, as a results page should.
      var h1 = document.querySelector("h1");
      if (q && q.trim() && h1) {
        enginePromise.then(function (engine) {
          var w = engine.manifest().words, named = w.results_for + " ”" + q.trim() + "”";
          h1.textContent = named;
          document.title = named + " – " + document.title;
        }, function () {});
      }
    }
    if (input.value.trim()) run();
  }

  return { stem: stemSv, fold: fold, analyze: analyze, oneEdit: oneEdit, open: open, attach: attach };
})();
