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

  /* English: the Snowball English (Porter2) stemmer, a port of what rust-stemmers'
     Algorithm::English does (src/search/language.rs); tests/js/english.test.mjs checks it
     against vectors the Rust side writes. Only plain ASCII words are stemmed. */
  function isV(c) { return c !== undefined && "aeiouy".indexOf(c) >= 0; }
  var EXCEPTIONS1 = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  var EXCEPTIONS2 = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  var STEP2 = [
    ["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"], ["iveness", "ive"],
    ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"], ["entli", "ent"], ["ation", "ate"],
    ["alism", "al"], ["aliti", "al"], ["ousli", "ous"], ["iviti", "ive"], ["fulli", "ful"],
    ["enci", "ence"], ["anci", "ance"], ["abli", "able"], ["izer", "ize"], ["ator", "ate"],
    ["alli", "al"], ["bli", "ble"], ["ogi", "og"], ["li", ""]
  ];
  var STEP3 = [
    ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ative", ""], ["ical", "ic"], ["ness", ""], ["ful", ""]
  ];
  var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous",
    "ive", "ize", "ion", "al", "er", "ic"];

  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }

  /* A short syllable ends w[0..end). */
  function shortv(w, end) {
    var a = w[end - 1], b = w[end - 2], c = w[end - 3];
    if (end >= 3 && !isV(a) && "wxY".indexOf(a) < 0 && isV(b) && !isV(c)) return true;
    return end === 2 && !isV(a) && isV(b);
  }

  /* Where the region after the first non-vowel following a vowel starts, from `from`. */
  function region(w, from) {
    for (var i = from; i < w.length; i++) {
      if (isV(w[i])) {
        for (var j = i + 1; j < w.length; j++) if (!isV(w[j])) return j + 1;
        return w.length;
      }
    }
    return w.length;
  }

  function englishStem(w) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS1, w)) return EXCEPTIONS1[w];
    if (w.length < 3) return w;
    if (w[0] === "'") w = w.slice(1);
    var chars = w.split("");
    if (chars[0] === "y") chars[0] = "Y";
    for (var i = 1; i < chars.length; i++) if (chars[i] === "y" && isV(chars[i - 1])) chars[i] = "Y";
    w = chars.join("");
    var p1 = w.length, p2 = w.length;
    var pre = ["gener", "commun", "arsen"].filter(function (p) { return w.lastIndexOf(p, 0) === 0; })[0];
    p1 = pre ? pre.length : region(w, 0);
    p2 = region(w, p1);
    /* Step 1a */
    if (ends(w, "'s'")) w = w.slice(0, -3);
    else if (ends(w, "'s")) w = w.slice(0, -2);
    else if (ends(w, "'")) w = w.slice(0, -1);
    if (ends(w, "sses")) w = w.slice(0, -2);
    else if (ends(w, "ied") || ends(w, "ies")) w = w.slice(0, -3) + (w.length - 3 >= 2 ? "i" : "ie");
    else if (ends(w, "us") || ends(w, "ss")) { /* unchanged */ }
    else if (ends(w, "s")) {
      for (var k = 0; k < w.length - 2; k++) if (isV(w[k])) { w = w.slice(0, -1); break; }
    }
    if (EXCEPTIONS2.indexOf(w) >= 0) return w;
    /* Step 1b */
    var s1b = ["eedly", "ingly", "edly", "eed", "ing", "ed"].filter(function (s) { return ends(w, s); })[0];
    if (s1b === "eed" || s1b === "eedly") {
      if (w.length - s1b.length >= p1) w = w.slice(0, -s1b.length) + "ee";
    } else if (s1b) {
      var stem1 = w.slice(0, -s1b.length);
      var hasV = false;
      for (var m = 0; m < stem1.length; m++) if (isV(stem1[m])) { hasV = true; break; }
      if (hasV) {
        w = stem1;
        if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) w += "e";
        else if (["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"].some(function (d) { return ends(w, d); })) w = w.slice(0, -1);
        else if (w.length === p1 && shortv(w, w.length)) w += "e";
      }
    }
    /* Step 1c */
    var last = w[w.length - 1];
    if ((last === "y" || last === "Y") && w.length > 2 && !isV(w[w.length - 2])) w = w.slice(0, -1) + "i";
    /* Step 2 */
    var e2 = STEP2.filter(function (r) { return ends(w, r[0]); })[0];
    if (e2 && w.length - e2[0].length >= p1) {
      var before = w[w.length - e2[0].length - 1];
      if (e2[0] === "ogi") { if (before === "l") w = w.slice(0, -3) + "og"; }
      else if (e2[0] === "li") { if (before !== undefined && "cdeghkmnrt".indexOf(before) >= 0) w = w.slice(0, -2); }
      else w = w.slice(0, -e2[0].length) + e2[1];
    }
    /* Step 3 */
    var e3 = STEP3.filter(function (r) { return ends(w, r[0]); })[0];
    if (e3 && w.length - e3[0].length >= p1) {
      if (e3[0] === "ative") { if (w.length - 5 >= p2) w = w.slice(0, -5); }
      else w = w.slice(0, -e3[0].length) + e3[1];
    }
    /* Step 4 */
    var e4 = STEP4.filter(function (x) { return ends(w, x); })[0];
    if (e4 && w.length - e4.length >= p2) {
      if (e4 === "ion") { var st = w[w.length - 4]; if (st === "s" || st === "t") w = w.slice(0, -3); }
      else w = w.slice(0, -e4.length);
    }
    /* Step 5 */
    if (ends(w, "e")) {
      var at = w.length - 1;
      if (at >= p2 || (at >= p1 && !shortv(w, at))) w = w.slice(0, -1);
    } else if (ends(w, "l")) {
      if (w.length - 1 >= p2 && w[w.length - 2] === "l") w = w.slice(0, -1);
    }
    return w.replace(/Y/g, "y");
  }

  function englishWord(word) {
    var w = fold(word.toLowerCase());
    return /^[\x00-\x7f]*$/.test(w) ? englishStem(w) : w;
  }

  /* The analysis of each language the site's editions use (src/search/language.rs). */
  var language = "lv";
  function analyzeWordIn(lang, word) {
    return lang === "en" ? englishWord(word) : stem(fold(word.toLowerCase()));
  }

  /* The edition's own language: set by search.js from the index's meta.js. */
  function setLanguage(lang) { language = lang || "lv"; }

  function analyzeWord(word) {
    return analyzeWordIn(language, word);
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
    editDistance: editDistance, typoKeys: typoKeys,
    englishWord: englishWord, analyzeWordIn: analyzeWordIn, setLanguage: setLanguage
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  root.katalogsAnalyzer = api;
})(typeof self !== "undefined" ? self : this);
