/* katalogs Latvian analyser: a port of src/search/analysis.rs. It must produce exactly the
   terms the Rust side indexes; tests/js/analyzer.test.mjs checks it against vectors the Rust
   tests write for the whole bundled vocabulary.
   Steps: words = runs of letters, digits and combining marks; lowercase; fold diacritics; light stemming
   (Kreslins / Lucene LatvianStemmer on the folded word). */
(function (root) {
  "use strict";

  // A letter or digit, then letters, digits and combining marks (decomposed input is one word).
  var WORD = /[\p{Alphabetic}\p{N}][\p{Alphabetic}\p{N}\p{M}]*/gu;
  var MARK = /\p{M}/gu;

  // [suffix, vowels the word must have more than, may uncover a palatalised consonant]
  var SUFFIXES = [
    ["iem", 2, true], ["ais", 2, false], ["ai", 2, false], ["ei", 2, false],
    ["am", 1, false], ["em", 1, false], ["im", 1, false], ["um", 1, false],
    ["us", 1, true], ["as", 1, false], ["es", 1, false], ["os", 1, true],
    ["ij", 1, false], ["is", 1, false], ["ie", 1, false],
    ["u", 1, true], ["a", 1, true], ["i", 1, true], ["e", 1, false], ["o", 1, false],
    ["s", 0, false]
  ];
  var MIN_STEM = 3;

  function words(text) {
    var out = [];
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
    return out;
  }

  function fold(word) {
    return word.normalize("NFD").replace(MARK, "");
  }

  function vowels(chars) {
    var n = 0;
    for (var i = 0; i < chars.length; i++) if ("aeiou".indexOf(chars[i]) >= 0) n++;
    return n;
  }

  function stem(word) {
    var chars = Array.from(word);
    var nv = vowels(chars);
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = Array.from(SUFFIXES[i][0]);
      if (nv > SUFFIXES[i][1] && chars.length >= s.length + MIN_STEM) {
        var tail = chars.slice(chars.length - s.length).join("");
        if (tail === SUFFIXES[i][0]) {
          var st = chars.slice(0, chars.length - s.length);
          if (SUFFIXES[i][2] && st.length >= 2 && st[st.length - 1] === "j" && "pbmv".indexOf(st[st.length - 2]) >= 0) st.pop();
          return st.join("");
        }
      }
    }
    return word;
  }

  function analyzeWord(word) {
    return stem(fold(word.toLowerCase()));
  }

  function analyze(text) {
    return words(text).map(function (w) { return analyzeWord(w.text); });
  }

  function normalizePrefix(word) {
    return fold(word.toLowerCase());
  }

  /* The file of a shard key (src/search/browser.rs `shard_file`). */
  function shardFile(key) {
    var out = "";
    Array.from(key).forEach(function (c) {
      if (/^[a-z0-9]$/.test(c)) out += c;
      else out += "_" + ("00000" + c.codePointAt(0).toString(16)).slice(-5);
    });
    return "search/t/" + out + ".js";
  }

  /* The derivational root of an analysed term (src/search/analysis.rs `root`, whose comment
     lists the rules); `irregular` is meta.js `irregular`, [[form, root], ...]. */
  function rootOf(term, irregular) {
    for (var i = 0; i < (irregular || []).length; i++) if (irregular[i][0] === term) return irregular[i][1];
    var keep = function (x) { return Array.from(x).length >= 3; };
    var theme = function (x) { var r = x.slice(0, -1); return /[aeiou]$/.test(x) && keep(r) ? r : x; };
    var cut = function (suffix) {
      if (term.length < suffix.length || term.slice(term.length - suffix.length) !== suffix) return null;
      var r = term.slice(0, term.length - suffix.length);
      return keep(r) ? r : null;
    };
    var r = cut("san");
    if (r !== null) return theme(r);
    r = cut("acij");
    if (r !== null) return r;
    r = cut("ti");
    if (r !== null) return theme(r);
    var t = term;
    if (/um$/.test(term) && Array.from(term).length - 2 >= 4) t = term.slice(0, -2);
    if (/ej$/.test(t) && keep(t.slice(0, -2))) return t.slice(0, -2);
    if (t !== term) return t;
    r = cut("t");
    if (r !== null) {
      r = theme(r);
      return /ej$/.test(r) && keep(r.slice(0, -2)) ? r.slice(0, -2) : r;
    }
    return term;
  }

  /* The prefixes under which the terms of a root are found (analysis.rs `family_prefixes`). */
  function familyPrefixes(r, irregular) {
    var out = [r];
    (irregular || []).forEach(function (x) { if (x[1] === r) out.push(x[0]); });
    return out;
  }

  function isStop(word, stop) { return stop.indexOf(normalizePrefix(word)) >= 0; }

  /* How many leading words open a definition question (analysis.rs `definition_opener`). */
  function definitionOpener(ws, defs) {
    var folded = ws.map(normalizePrefix);
    var best = 0;
    defs.forEach(function (o) {
      if (folded.length > o.length && o.every(function (x, i) { return folded[i] === x; }) && o.length > best) best = o.length;
    });
    return best || null;
  }

  function allowedEdits(word) {
    var n = Array.from(normalizePrefix(word)).length;
    return n <= 4 ? 0 : n <= 8 ? 1 : 2;
  }

  /* Optimal string alignment distance (analysis.rs `edit_distance`). */
  function editDistance(a, b) {
    a = Array.from(a); b = Array.from(b);
    var d = [];
    for (var i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (var j = 0; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
        d[i][j] = v;
      }
    }
    return d[a.length][b.length];
  }

  /* First and last two characters: the vocabulary files a term is in (analysis.rs `typo_keys`). */
  function typoKeys(term) {
    var c = Array.from(term);
    return [c.slice(0, 2).join(""), c.slice(Math.max(0, c.length - 2)).join("")];
  }

  var api = {
    words: words, fold: fold, stem: stem, analyzeWord: analyzeWord, analyze: analyze, normalizePrefix: normalizePrefix, shardFile: shardFile,
    root: rootOf, familyPrefixes: familyPrefixes, isStop: isStop, definitionOpener: definitionOpener, allowedEdits: allowedEdits,
    editDistance: editDistance, typoKeys: typoKeys
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  root.katalogsAnalyzer = api;
})(typeof self !== "undefined" ? self : this);
