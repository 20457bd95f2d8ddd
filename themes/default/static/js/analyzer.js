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

  var api = { words: words, fold: fold, stem: stem, analyzeWord: analyzeWord, analyze: analyze, normalizePrefix: normalizePrefix, shardFile: shardFile };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  root.katalogsAnalyzer = api;
})(typeof self !== "undefined" ? self : this);
