// Site search client: loaded by search-loader.js the first time a search box is used.
// It reads the index that `vardlots build` writes to search/<language>/ (see
// src/search/index.rs for the format): the manifest, then only the shards that hold the
// query's words, then the records of the results it shows.
//
// Query analysis mirrors src/search/analyze.rs: runs of letters and digits, lower case, stop
// words dropped, numbers kept, the index's language's stemmer (Swedish and Finnish Snowball
// as in rust-stemmers, English Porter as in elasticlunr-rs; Arabic is normalised and loses
// its article instead), and the folded key (å, ä → a, ö → o) the index is sorted by. On top, at query time: the exact
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

  // The English Porter stemmer as elasticlunr-rs has it (its rust-stem port, with lunr.js's
  // departures), on the word's UTF-8 bytes as the Rust one works.
  function stemEn(word) {
    var b = unescape(encodeURIComponent(word)), k = b.length, j = 0;
    if (k <= 2) return word;
    function cons(i) {
      var c = b[i];
      if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
      if (c === "y") return i === 0 ? true : !cons(i - 1);
      return true;
    }
    function measure() {
      var n = 0, i = 0;
      for (;;) { if (i >= j) return n; if (!cons(i)) break; i++; }
      i++;
      for (;;) {
        for (;;) { if (i >= j) return n; if (cons(i)) break; i++; }
        i++; n++;
        for (;;) { if (i >= j) return n; if (!cons(i)) break; i++; }
        i++;
      }
    }
    function hasVowel() { for (var i = 0; i < j; i++) if (!cons(i)) return true; return false; }
    function dbl(i) { return i >= 1 && b[i] === b[i - 1] && b.charCodeAt(i) < 128 && cons(i); }
    function cvc(i) {
      if (i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2)) return false;
      return !(b[i] === "w" || b[i] === "x" || b[i] === "y");
    }
    function ends(s) {
      if (s.length > k || b.slice(k - s.length, k) !== s) return false;
      j = k - s.length;
      return true;
    }
    function setTo(s) { b = b.slice(0, j) + s + b.slice(j + s.length); k = j + s.length; }
    function r(s) { if (measure() > 0) setTo(s); }
    function rules(list) {
      for (var i = 0; i < list.length; i += 2) if (ends(list[i])) { r(list[i + 1]); return; }
    }
    // step1ab
    if (b[k - 1] === "s") {
      if (ends("sses")) k -= 2;
      else if (ends("ies")) setTo("i");
      else if (b[k - 2] !== "s") k -= 1;
    }
    if (ends("eed")) {
      if (measure() > 0) k -= 1;
    } else if ((ends("ed") || ends("ing")) && hasVowel()) {
      k = j;
      if (ends("at")) setTo("ate");
      else if (ends("bl")) setTo("ble");
      else if (ends("iz")) setTo("ize");
      else if (dbl(k - 1)) {
        k -= 1;
        if (b[k - 1] === "l" || b[k - 1] === "s" || b[k - 1] === "z") k += 1;
      } else if (measure() === 1 && cvc(k - 1)) setTo("e");
    }
    // step1c
    if (k > 2 && ends("y") && "aeiou".indexOf(b[k - 2]) < 0) b = b.slice(0, k - 1) + "i" + b.slice(k);
    // step2
    if (k >= 2) {
      rules({
        a: ["ational", "ate", "tional", "tion"], c: ["enci", "ence", "anci", "ance"],
        e: ["izer", "ize"], l: ["bli", "ble", "alli", "al", "entli", "ent", "eli", "e", "ousli", "ous"],
        o: ["ization", "ize", "ation", "ate", "ator", "ate"],
        s: ["alism", "al", "iveness", "ive", "fulness", "ful", "ousness", "ous"],
        t: ["aliti", "al", "iviti", "ive", "biliti", "ble"], g: ["logi", "log"]
      }[b[k - 2]] || []);
    }
    // step3
    rules({ e: ["icate", "ic", "ative", "", "alize", "al"], i: ["iciti", "ic"],
      l: ["ical", "ic", "ful", ""], s: ["ness", ""] }[b[k - 1]] || []);
    // step4
    if (k >= 2) {
      var c = b[k - 2], hit = false;
      if (c === "a") hit = ends("al");
      else if (c === "c") hit = ends("ance") || ends("ence");
      else if (c === "e") hit = ends("er");
      else if (c === "i") hit = ends("ic");
      else if (c === "l") hit = ends("able") || ends("ible");
      else if (c === "n") hit = ends("ant") || ends("ement") || ends("ment") || ends("ent");
      else if (c === "o") hit = (ends("ion") && j > 0 && (b[j - 1] === "s" || b[j - 1] === "t")) || ends("ou");
      else if (c === "s") hit = ends("ism");
      else if (c === "t") hit = ends("ate") || ends("iti");
      else if (c === "u") hit = ends("ous");
      else if (c === "v") hit = ends("ive");
      else if (c === "z") hit = ends("ize");
      if (hit && measure() > 1) k = j;
    }
    // step5
    j = k;
    if (b[k - 1] === "e") {
      var a = measure();
      if (a > 1 || (a === 1 && !cvc(k - 2))) k -= 1;
    }
    if (b[k - 1] === "l" && dbl(k - 1) && measure() > 1) k -= 1;
    return decodeURIComponent(escape(b.slice(0, k)));
  }

  // The Finnish Snowball stemmer, as rust-stemmers 1.2 has it.
  var FI_V1 = new Set("aeiouyäö"), FI_V2 = new Set("aeiouäö"), FI_PARTICLE = new Set("aeiouyäönt");
  var FI_LONG = ["aa", "ee", "ii", "oo", "uu", "ää", "öö"];
  function stemFi(w) {
    function region(i) {
      while (i < w.length && !FI_V1.has(w[i])) i++;
      while (i < w.length && FI_V1.has(w[i])) i++;
      return i < w.length ? i + 1 : w.length;
    }
    var p1 = region(0), p2 = p1 < w.length ? region(p1) : w.length, removed = false;
    // The suffix of `list` ([suffix, result, condition]) the word ends with inside the
    // region from `limit`, longest first; a suffix whose condition fails gives way to the
    // next.
    function among(list, limit) {
      var best = null;
      list.forEach(function (e) {
        var at = w.length - e[0].length;
        if (at >= limit && w.slice(at) === e[0] && (!best || e[0].length > best[0].length) &&
          (!e[2] || e[2](at, limit))) best = e;
      });
      return best && { r: best[1], at: w.length - best[0].length };
    }
    function endsAt(at, s, limit) { return at - s.length >= (limit || 0) && w.slice(at - s.length, at) === s; }
    function long(at, limit) { return FI_LONG.some(function (l) { return endsAt(at, l, limit); }); }
    function vi(at, limit) { return endsAt(at, "i", limit) && at - 2 >= limit && FI_V2.has(w[at - 2]); }
    function before(at, list) { return list.some(function (s) { return endsAt(at, s); }); }
    function cut(at) { w = w.slice(0, at); }
    var m;
    // particle_etc
    if (w.length >= p1 && (m = among([["kaan", 1], ["kään", 1], ["kin", 1], ["han", 1], ["hän", 1],
      ["ko", 1], ["kö", 1], ["pa", 1], ["pä", 1], ["sti", 2]], p1))) {
      if (m.r === 1 ? m.at > 0 && FI_PARTICLE.has(w[m.at - 1]) : m.at >= p2) cut(m.at);
    }
    // possessive
    if (w.length >= p1 && (m = among([["nsa", 3], ["nsä", 3], ["mme", 3], ["nne", 3], ["ni", 2],
      ["si", 1], ["an", 4], ["än", 5], ["en", 6]], p1))) {
      if (m.r === 1) { if (!endsAt(m.at, "k")) cut(m.at); }
      else if (m.r === 2) { cut(m.at); if (endsAt(w.length, "kse")) w = w.slice(0, -3) + "ksi"; }
      else if (m.r === 3) cut(m.at);
      else if (before(m.at, m.r === 4 ? ["ta", "ssa", "sta", "lla", "lta", "na"] :
        m.r === 5 ? ["tä", "ssä", "stä", "llä", "ltä", "nä"] : ["lle", "ine"])) cut(m.at);
    }
    // case_ending
    if (w.length >= p1 && (m = among([["a", 8], ["lla"], ["na"], ["ssa"], ["ta"], ["lta"], ["sta"],
      ["tta", 9], ["lle"], ["ine"], ["ksi"], ["n", 7], ["han", 1], ["den", 0, vi], ["seen", 0, long],
      ["hen", 2], ["tten", 0, vi], ["hin", 3], ["siin", 0, vi], ["hon", 4], ["hän", 5], ["hön", 6],
      ["ä", 8], ["llä"], ["nä"], ["ssä"], ["tä"], ["ltä"], ["stä"], ["ttä", 9]], p1))) {
      var at = m.at, ok = true;
      if (m.r >= 1 && m.r <= 6) ok = endsAt(at, "aeioäö"[m.r - 1]);
      else if (m.r === 7) { if ((long(at) || endsAt(at, "ie")) && at > 0) at -= 1; }
      else if (m.r === 8) ok = at >= 2 && FI_V1.has(w[at - 1]) && !FI_V1.has(w[at - 2]);
      else if (m.r === 9) ok = endsAt(at, "e");
      if (ok) { cut(at); removed = true; }
    }
    // other_endings
    if (w.length >= p2 && (m = among([["eja"], ["mma", 1], ["imma"], ["mpa", 1], ["impa"],
      ["mmi", 1], ["immi"], ["mpi", 1], ["impi"], ["ejä"], ["mmä", 1], ["immä"], ["mpä", 1],
      ["impä"]], p2))) {
      if (m.r !== 1 || !endsAt(m.at, "po")) cut(m.at);
    }
    // i_plural, or t_plural
    if (removed) {
      if (w.length >= p1 && (m = among([["i"], ["j"]], p1))) cut(m.at);
    } else if (w.length >= p1 && endsAt(w.length, "t", p1) && w.length - 1 > p1 &&
      FI_V1.has(w[w.length - 2])) {
      cut(w.length - 1);
      if (w.length >= p2 && (m = among([["mma", 1], ["imma"]], p2))) {
        if (m.r !== 1 || !endsAt(m.at, "po")) cut(m.at);
      }
    }
    // tidy
    if (w.length < p1) return w;
    var n = w.length;
    if (long(n, p1)) cut(n - 1);
    n = w.length;
    if (n - 1 >= p1 && "aäei".indexOf(w[n - 1]) >= 0 && n - 2 >= p1 && !FI_V1.has(w[n - 2])) cut(n - 1);
    n = w.length;
    if (endsAt(n, "j", p1) && (endsAt(n - 1, "o", p1) || endsAt(n - 1, "u", p1))) cut(n - 1);
    n = w.length;
    if (endsAt(n, "o", p1) && endsAt(n - 1, "j", p1)) cut(n - 1);
    // Undouble the last consonant.
    for (var c = w.length; c > 0; c--) {
      if (!FI_V1.has(w[c - 1])) {
        if (c >= 2 && w[c - 2] === w[c - 1]) w = w.slice(0, c - 1) + w.slice(c);
        break;
      }
    }
    return w;
  }

  // Arabic as src/search/analyze.rs normalises it: no tashkeel or tatweel, one alef, ة → ه,
  // ى → ي, ASCII digits; then without the definite article when three letters remain.
  var AR_ARTICLES = ["وال", "بال", "كال", "فال", "ال", "لل"];
  function normalizeAr(w) {
    return w.replace(/[\u0640\u064b-\u065f\u0670]/g, "")
      .replace(/[أإآٱ]/g, "ا").replace(/ة/g, "ه").replace(/ى/g, "ي")
      .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x660); })
      .replace(/[\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) - 0x6f0); });
  }
  function stripArticle(w) {
    for (var i = 0; i < AR_ARTICLES.length; i++) {
      var a = AR_ARTICLES[i];
      if (w.indexOf(a) === 0 && Array.from(w.slice(a.length)).length >= 3) return w.slice(a.length);
    }
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
    if (language === "ar") word = normalizeAr(word);
    if (/\p{N}/u.test(word)) return { exact: word, key: fold(word), raw: fold(word) };
    if (language === "en") {
      // elasticlunr's English trimmer keeps ASCII letters and digits only.
      word = word.replace(/^[^0-9A-Za-z_]+|[^0-9A-Za-z_]+$/g, "");
    } else if (language !== "ar") {
      // Trimmer: elasticlunr cuts non-Latin letters from the ends.
      word = word.replace(/^[^\p{Script=Latin}]+|[^\p{Script=Latin}]+$/gu, "");
    }
    if (!word || stop.has(word)) return null;
    var exact = language === "en" ? stemEn(word) : language === "fi" ? stemFi(word) :
      language === "ar" ? stripArticle(word) : stemSv(word);
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

  // Damerau-Levenshtein distance (optimal string alignment: a swap of two neighbouring
  // letters is one edit), or max + 1 once it is certainly more than `max`.
  function distance(a, b, max) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > max) return max + 1;
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= lb; j++) prev.push(j);
    for (var i = 1; i <= la; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= lb; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        cur.push(d);
        if (d < low) low = d;
      }
      if (low > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[lb];
  }

  function oneEdit(a, b) {
    return a !== b && distance(a, b, 1) === 1;
  }

  // The edits a word may have: one up to five letters, two beyond (issue 14).
  function allowedEdits(word) {
    return word.length <= 5 ? 1 : 2;
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
      var df = r.v(), postings = readBlocks(r, []);
      var tail = r.v(), where = tail ? { count: tail, file: r.v(), off: r.v(), len: r.v() } : null;
      out.push({ exact: exact, df: df, postings: postings, tail: where });
    }
    return out;
  }

  // Blocks of postings (impact, count, document gaps) → [doc, impact, …] appended to `out`.
  function readBlocks(r, out) {
    var blocks = r.v();
    for (var b = 0; b < blocks; b++) {
      var impact = r.b[r.p++], count = r.v(), doc = 0;
      for (var c = 0; c < count; c++) {
        doc = c === 0 ? r.v() : doc + r.v();
        out.push(doc, impact);
      }
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
      manifest.englishSet = new Set(m.english || []);
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
    var tails = {};
    function tailFile(n) {
      if (!tails[n]) {
        tails[n] = load(url("t/" + n + ".bin"), "bytes").then(function (buf) { return new Uint8Array(buf); });
      }
      return tails[n];
    }
    // Adds its tail to every variant of the whole-word matches of the plan that has one:
    // for a query of several words, a filter or "more results", where a page beyond a
    // word's best postings may be the one wanted.
    function loadTails(units) {
      var jobs = [];
      units.forEach(function (u) {
        u.alts.forEach(function (alt) {
          alt.matches.forEach(function (list) {
            list.forEach(function (m) {
              if (m.weight < 1) return;
              m.variants.forEach(function (v) {
                if (!v.tail || v.tailLoaded) return;
                v.tailLoaded = true;
                jobs.push(tailFile(v.tail.file).then(function (bytes) {
                  readBlocks(new Reader(bytes.subarray(v.tail.off, v.tail.off + v.tail.len)), v.postings);
                }));
              });
            });
          });
        });
      });
      return Promise.all(jobs);
    }
    function partial(units) {
      return units.some(function (u) {
        return u.alts.some(function (alt) {
          return alt.matches.some(function (list) {
            return list.some(function (m) { return m.variants.some(function (v) { return v.tail && !v.tailLoaded; }); });
          });
        });
      });
    }

    function score(impact) {
      return Math.exp(((impact - 1) / 254) * manifest.scale) - 1;
    }

    // Keys in the shards that may hold keys starting with `head`, at most `limit` shards
    // (two letters narrow a letter whose keys fill many shards).
    function keysNear(head, limit, test) {
      var range = shardRange(head, head);
      if (range.length > limit && head.length === 1) return Promise.resolve([]);
      return keysIn(range.slice(0, limit), test);
    }

    // Matches for one query term: [{key, weight, variants}]. Every word of four letters or
    // more also matches as a prefix, at a lower weight (Swedish compounds: "akut" finds
    // "akutmottagning"); the last word from two letters, as the resident may not be done.
    function matches(t, last) {
      var prefix = t.key.length >= (last ? 2 : 4) ? t.key : null;
      // A prefix's second shard only for a word of up to four letters (one still typed);
      // a longer word's own shard holds its nearest longer forms.
      var list = shardRange(t.key, t.key).slice(0, prefix && t.key.length <= 4 ? 2 : 1);
      if (t.raw !== t.key) list = list.concat(shardRange(t.raw, t.raw).slice(0, 1));
      return keysIn(list.filter(function (n, i) { return list.indexOf(n) === i; }), function (k) {
        return k === t.key || k === t.raw || (prefix !== null && k.startsWith(prefix));
      }).then(function (found) {
        found.sort(function (a, b) { return a.key.length - b.key.length || (a.key < b.key ? -1 : 1); });
        return found.slice(0, 30).map(function (f) {
          var whole = f.key === t.key || f.key === t.raw;
          return { key: f.key, weight: whole ? 1 : last ? 0.7 : 0.5, variants: entry(f.shard, f.i) };
        });
      });
    }

    // Whether `key` is a whole key of the index (loads its shard).
    function isKey(key) {
      return keysIn(shardRange(key, key).slice(0, 1), function (k) { return k === key; })
        .then(function (f) { return f.length > 0; });
    }

    // A compound the index does not hold, split into words it does: "barnfeber" → barn +
    // feber, "halsont" → hals + ont, "helgöppetkalmar" → helg + öppet + kalmar. The longest
    // first part that is a word of the index wins (with or without a linking s); the rest is
    // a word, or is split again. Terms, or null.
    function split(word, depth) {
      if (word.length < 6 || depth > 2) return Promise.resolve(null);
      var cuts = [];
      for (var i = word.length - 3; i >= 3; i--) cuts.push(i);
      return keysIn(shardRange(word.slice(0, 3), word.slice(0, 3)).slice(0, 3), function (k) {
        return word.startsWith(k) && k.length >= 2 && k.length <= word.length - 3;
      }).then(function (lefts) {
        var known = new Set(lefts.map(function (f) { return f.key; }));
        // A first part is a key as typed or as stemmed ("feber" is the key "feb").
        var tries = cuts.filter(function (i) {
          var t = term(word.slice(0, i), manifest.stopSet, manifest.language);
          return known.has(word.slice(0, i)) || (t && known.has(t.key));
        }).slice(0, 3);
        return (function next(n) {
          if (n >= tries.length) return null;
          var left = word.slice(0, tries[n]), rest = word.slice(tries[n]);
          var rests = [rest];
          if (rest[0] === "s" && rest.length > 3) rests.push(rest.slice(1));
          return (function tryRest(r) {
            if (r >= rests.length) return next(n + 1);
            var t = term(rests[r], manifest.stopSet, manifest.language);
            if (!t) return tryRest(r + 1);
            return Promise.all([isKey(t.key), isKey(t.raw)]).then(function (is) {
              if (is[0] || is[1]) return [left, rests[r]];
              return split(rests[r], depth + 1).then(function (more) {
                return more ? [left].concat(more) : tryRest(r + 1);
              });
            });
          })(0);
        })(0);
      }).then(function (parts) {
        if (!parts || depth > 0) return parts;
        return parts.map(function (w) { return term(w, manifest.stopSet, manifest.language); })
          .filter(Boolean);
      });
    }

    // Keys within the allowed edits of the typed form or of its stem: [{key, weight,
    // variants, d}], the nearest first. Up to five letters the first letter is taken as
    // typed; beyond, the keys under the second letter are read too (a first letter left out
    // or swapped). `extra` widens the distance, for "did you mean".
    function fuzzy(t, extra) {
      var max = allowedEdits(t.raw) + (extra || 0);
      var heads = [t.raw.slice(0, 1)];
      if (t.raw.length > 5 && t.raw[1] !== t.raw[0]) heads.push(t.raw.slice(1, 2));
      if (manifest.shards.length <= 4) heads = [""];
      function near(h) {
        return h ? keysNear(h, 3, function () { return true; }).then(function (found) {
          return found.length ? found : keysNear(t.raw.slice(0, 2), 3, function () { return true; });
        }) : keysIn(manifest.shards.map(function (_, n) { return n; }), function () { return true; });
      }
      function within(list) {
        return list.some(function (f) {
          return distance(f.key, t.key, max) <= max || distance(f.key, t.raw, max) <= max;
        });
      }
      // The keys under the second letter only when those under the first have none near.
      return near(heads[0]).then(function (first) {
        if (heads.length < 2 || within(first)) return [first];
        return near(heads[1]).then(function (second) { return [first, second]; });
      }).then(function (lists) {
        var seen = new Set(), out = [];
        lists.forEach(function (list) {
          list.forEach(function (f) {
            if (seen.has(f.key) || f.key.length < 3 || /\p{N}/u.test(f.key)) return;
            seen.add(f.key);
            var d = Math.min(distance(f.key, t.key, max), distance(f.key, t.raw, max));
            if (d <= max && d > 0) out.push({ f: f, d: d });
          });
        });
        if (!out.length) return [];
        var best = Math.min.apply(null, out.map(function (o) { return o.d; }));
        return out.filter(function (o) { return o.d === best; }).slice(0, 10).map(function (o) {
          return { key: o.f.key, weight: o.d === 1 ? 0.6 : 0.45, d: o.d, variants: entry(o.f.shard, o.f.i) };
        });
      });
    }

    // The query as units, each a set of alternatives that each are terms all wanted on a
    // page: the typed word, and the phrases the vocabulary gives for it (the longest
    // phrase of the query that is in the vocabulary wins).
    function plan(query) {
      var stop = manifest.stopSet, lang = manifest.language, syn = manifest.synonyms || {};
      var ws = words(query).map(function (w) { return w.toLowerCase(); });
      var units = [], english = false;
      for (var i = 0; i < ws.length;) {
        var done = false;
        for (var n = Math.min(4, ws.length - i); n >= 1 && !done; n--) {
          var phrase = fold(ws.slice(i, i + n).join(" "));
          var list = syn[phrase];
          // One word is also looked up by its stem: "sjukhuset" as "sjukhus".
          if (!list && n === 1) {
            var st = term(ws[i], stop, lang);
            list = st && st.key !== phrase ? syn[st.key] : null;
          }
          if (!list) continue;
          if (manifest.englishSet.has(phrase)) english = true;
          var own = analyze(ws.slice(i, i + n).join(" "), stop, lang);
          var alts = own.length ? [{ terms: own, weight: 1 }] : [];
          list.forEach(function (p) {
            var ts = analyze(p, stop, lang);
            // A single word's alternatives are read only if the index lacks the word itself
            // (the site's own word wins, and the download stays small).
            if (ts.length) alts.push({ terms: ts, weight: 0.9, lazy: n === 1 && own.length > 0 });
          });
          if (alts.length) units.push({ alts: alts });
          i += n;
          done = true;
        }
        if (done) continue;
        var t = term(ws[i], stop, lang);
        if (t) units.push({ alts: [{ terms: [t], weight: 1 }] });
        i++;
      }
      return { units: units, english: english };
    }

    // Resolves every term of the plan: its matches; a term the index does not hold is split
    // as a compound (a new alternative) or matched with typos.
    function resolve(units) {
      var jobs = [];
      function fill(alt, last) {
        alt.matches = [];
        return Promise.all(alt.terms.map(function (t, ti) {
          return matches(t, last && ti === alt.terms.length - 1).then(function (m) { alt.matches[ti] = m; });
        }));
      }
      units.forEach(function (u, ui) {
        var last = ui === units.length - 1;
        var own = u.alts.filter(function (a) { return !a.lazy; });
        var lazy = u.alts.filter(function (a) { return a.lazy; });
        jobs.push(Promise.all(own.map(function (a) { return fill(a, last); })).then(function () {
          // The word as spelled ("hosta" is not "hösta", the folded key of "hösten").
          var whole = own.some(function (a) {
            return a.matches.every(function (list, ti) {
              return list.some(function (m) {
                return m.weight === 1 && m.variants.some(function (v) { return v.exact === a.terms[ti].exact; });
              });
            });
          });
          u.alts = whole ? own : own.concat(lazy);
          if (!whole) return Promise.all(lazy.map(function (a) { return fill(a, last); }));
        }));
      });
      return Promise.all(jobs).then(function () {
        var more = [];
        units.forEach(function (u) {
          var found = u.alts.some(function (a) { return a.matches.every(function (m) { return m.length; }); });
          if (found) return;
          var own = u.alts[0];
          own.terms.forEach(function (t, ti) {
            if (own.matches[ti].length || /\p{N}/u.test(t.key) || t.raw.length < 3) return;
            // Both: a compound's parts, and the word with typos.
            more.push(split(t.raw, 0).then(function (parts) {
              if (parts && parts.length > 1 && own.terms.length === 1) {
                var alt = { terms: parts, weight: 0.8, matches: [] };
                u.alts.push(alt);
                return Promise.all(parts.map(function (p, pi) {
                  return matches(p, false).then(function (m) { alt.matches[pi] = m; });
                }));
              }
            }));
            more.push(fuzzy(t).then(function (m) { own.matches[ti] = m; }));
          });
        });
        return Promise.all(more);
      });
    }

    // "Did you mean": for a query that found nothing, each word's nearest word of the index
    // within one more edit than the search allows. The exact spellings, or null.
    function suggest(units) {
      return Promise.all(units.map(function (u) {
        var t = u.alts[0].terms[0];
        return fuzzy(t, 1).then(function (m) {
          if (!m.length) return null;
          // The spelling most sections use.
          var v = m[0].variants.reduce(function (a, b) { return !a || b.df > a.df || (b.df === a.df && b.exact > a.exact) ? b : a; }, null);
          return v ? v.exact : m[0].key;
        });
      })).then(function (list) {
        return list.some(Boolean) ? list.map(function (w, i) { return w || units[i].alts[0].terms[0].raw; }).join(" ") : null;
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

    // Ranking for intent: a municipality and a word of opening hours, phone or holidays
    // ("kalmar öppettider", "nybro öppet lördag") put that municipality's care units first;
    // a weekend or holiday word without a municipality ("julafton öppet") the weekend page.
    // The pages to lift, as a set of page numbers.
    var INTENT = /^(oppet|oppettid|telefon|telefontid|tid|tider|idag|adress|besoksadress|stangt|akuttelefon|mandag|tisdag|onsdag|torsdag|fredag)$/;
    var HOLIDAY = /^(helg|lordag|sondag|jul|nyar|annandag|trettondedag|rod)/;
    function intent(units) {
      var keys = [];
      units.forEach(function (u) {
        u.alts.forEach(function (alt) {
          alt.terms.forEach(function (t, ti) {
            keys.push(t.key);
            (alt.matches[ti] || []).forEach(function (m) { if (m.weight < 1) keys.push(m.key); });
          });
        });
      });
      var wants = keys.some(function (k) { return INTENT.test(k) || HOLIDAY.test(k); });
      var holiday = keys.some(function (k) { return HOLIDAY.test(k); });
      var lift = new Set(), places = manifest.unitPages || {};
      if (!wants) return lift;
      Object.keys(places).forEach(function (m) {
        var t = term(m.toLowerCase(), manifest.stopSet, manifest.language);
        if (t && keys.some(function (k) { return k === t.key || k === t.raw; })) {
          places[m].forEach(function (n) { lift.add(n); });
        }
      });
      if (!lift.size && holiday) (manifest.weekend || []).forEach(function (n) { lift.add(n); });
      return lift;
    }

    // Ranked pages for `query`: {terms, keys, hits: [{page, section, score, matched}],
    // english, suggestion}. Pages that match more of the query's units come first, then by
    // score; a unit's score on a page is its best alternative's (the sum of each of its terms'
    // best section, scaled by the share of its terms the page has), and the link goes to the
    // section that matched most.
    function search(query, filter, full) {
      filter = filter || {};
      var p = plan(query), units = p.units;
      if (!units.length) return Promise.resolve({ terms: [], keys: [], hits: [], english: p.english });
      var needFilters = filter.kind || filter.municipality;
      return Promise.all([
        resolve(units).then(function () { return full ? loadTails(units) : null; }),
        needFilters ? loadFilters() : null,
      ]).then(function (res) {
        var result = rank(units, p, filter, res[1]);
        // The tails only when the heads leave a first page of results short of pages that
        // have every word (or pass the filter): then a page beyond them may be the one.
        var whole = result.hits.filter(function (h) { return h.matched >= units.length; }).length;
        if (result.partial && whole < PAGE_SIZE && (units.length > 1 || needFilters)) {
          return loadTails(units).then(function () { return rank(units, p, filter, res[1]); });
        }
        return result;
      }).then(function (result) {
        if (result.hits.length) return result;
        return suggest(units).then(function (s) {
          result.suggestion = s;
          return result;
        });
      });
    }

    // The pages of a resolved plan, ranked.
    function rank(units, p, filter, sets) {
      var bits = manifest.sectionBits, mask = (1 << bits) - 1, shift = Math.pow(2, bits);
      var pages = new Map(), keys = new Set(), n = units.length;
      units.forEach(function (u, ui) {
        u.alts.forEach(function (alt, ai) {
          var size = alt.terms.length;
          alt.matches.forEach(function (list, ti) {
            var t = alt.terms[ti];
            list.forEach(function (m) {
              keys.add(m.key);
              m.variants.forEach(function (v) {
                var w = alt.weight * m.weight * (v.exact === t.exact || m.weight < 1 ? 1 : 0.85);
                for (var j = 0; j < v.postings.length; j += 2) {
                  var doc = v.postings[j], page = Math.floor(doc / shift), section = doc & mask;
                  // Above zero even for a word on every page (an idf of almost nothing): the
                  // page has the word.
                  var s = w * score(v.postings[j + 1]) + 1e-9;
                  var pg = pages.get(page);
                  if (!pg) {
                    pg = { page: page, best: new Map(), sections: new Map() };
                    pages.set(page, pg);
                  }
                  var slot = ui + ":" + ai + ":" + ti;
                  if (s > (pg.best.get(slot) || 0)) pg.best.set(slot, s);
                  pg.sections.set(section, (pg.sections.get(section) || 0) + s);
                }
              });
            });
          });
        });
      });
      var lift = intent(units);
      var hits = [];
      pages.forEach(function (pg) {
        if (sets && filter.kind && !(sets.kind[filter.kind] || new Set()).has(pg.page)) return;
        if (sets && filter.municipality &&
          !(sets.municipality[filter.municipality] || new Set()).has(pg.page)) return;
        var total = 0, matched = 0, section = 0, top = -1;
        units.forEach(function (u, ui) {
          var bestScore = 0, bestShare = 0;
          u.alts.forEach(function (alt, ai) {
            var sum = 0, have = 0;
            for (var ti = 0; ti < alt.terms.length; ti++) {
              var s = pg.best.get(ui + ":" + ai + ":" + ti) || 0;
              sum += s;
              if (s > 0) have++;
            }
            var share = have / alt.terms.length;
            if (share * sum > bestScore) bestScore = share * sum;
            if (share > bestShare) bestShare = share;
          });
          total += bestScore;
          matched += bestShare;
        });
        pg.sections.forEach(function (s, k) {
          if (s > top || (s === top && k < section)) { top = s; section = k; }
        });
        if (lift.has(pg.page)) matched += 1;
        hits.push({ page: pg.page, section: section, score: total, matched: matched });
      });
      hits.sort(function (a, b) {
        return b.matched - a.matched || b.score - a.score || a.page - b.page;
      });
      var terms = units.map(function (u) { return u.alts[0].terms[0]; });
      return { terms: terms, keys: Array.from(keys), hits: hits, english: p.english, suggestion: null, partial: partial(units) };
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

  // The words of a search that finds nothing, for an English query on a site in another
  // language (the theme's en.yaml has the same words for an English site).
  var ENGLISH = {
    none: "No results for",
    did_you_mean: "Did you mean",
    none_emergency: "Life-threatening? Call 112",
    none_advice: "Medical advice day and night: call 1177",
    none_web: "1177.se",
    none_guide: "Where should I go?",
  };

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
    var help = el("div", { class: "search-help" });
    if (onPage) box.appendChild(status);
    else box.parentNode.insertBefore(status, box);
    box.appendChild(help);
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
        if (shown < current.hits.length || current.partial) {
          if (onPage) {
            var b = el("button", { type: "button" }, words.more);
            b.addEventListener("click", function () {
              var focus = list.children.length;
              // Past a word's best postings: the whole list, then on from where we are.
              var next = shown < current.hits.length ? Promise.resolve() :
                engine.search(input.value.trim(), filter, true).then(function (res) { current = res; });
              next.then(function () { return showMore(engine, m); }).then(function () {
                var target = list.children[focus];
                if (target) target.querySelector("a").focus();
              });
            });
            more.appendChild(b);
          } else {
            more.appendChild(el("a", { href: form.action + "?q=" + encodeURIComponent(input.value) }, words.all_results));
          }
        }
      });
    }

    // No dead ends: a search that finds nothing says so in the page's language (in English
    // when the query is), offers the nearest words of the index, and links to 112, 1177
    // and the guide.
    function noResults(q, res, m) {
      var w = res.english && m.language !== "en" ? ENGLISH : words;
      status.textContent = w.none + " ”" + q + "”.";
      more.textContent = "";
      help.textContent = "";
      if (res.suggestion) {
        var p = el("p", { class: "search-suggestion" }, w.did_you_mean + " ");
        var b = el("a", { href: form.action + "?q=" + encodeURIComponent(res.suggestion) }, res.suggestion);
        b.addEventListener("click", function (e) {
          e.preventDefault();
          input.value = res.suggestion;
          run();
        });
        p.appendChild(b);
        p.appendChild(document.createTextNode("?"));
        help.appendChild(p);
      }
      var ul = el("ul", { class: "search-none" });
      var links = [["tel:112", w.none_emergency], ["tel:1177", w.none_advice], ["https://www.1177.se/", w.none_web]];
      if (m.guide) links.push([m.guide, w.none_guide]);
      links.forEach(function (l) {
        var li = el("li");
        li.appendChild(el("a", { href: l[0] }, l[1]));
        ul.appendChild(li);
      });
      help.appendChild(ul);
    }

    function run() {
      var q = input.value.trim(), mine = ++generation;
      help.textContent = "";
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
          if (n === 0) {
            noResults(q, res, m);
            return;
          }
          first = "";
          // One change of the live region, once the first result is known: the count and
          // the first result's title are announced together.
          return showMore(engine, m).then(function () {
            if (mine !== generation) return;
            status.textContent = (n === 1 && !res.partial ? words.count_one : n + (res.partial ? "+" : "") + " " + words.count_many) + " ”" + q + "”" + (first ? ". " + words.first + " " + first + "." : "");
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

  return { stem: stemSv, stemEn: stemEn, stemFi: stemFi, normalizeAr: normalizeAr, fold: fold, analyze: analyze, oneEdit: oneEdit, distance: distance, open: open, attach: attach };
})();
