/* katalogs browser search. Works from file:// (index files are plain scripts that call
   katalogsIndex) and over HTTP. Loads meta.js, then only the term shards and document chunks
   a query needs. Every string from content is inserted as text, never as HTML. */
(function () {
  "use strict";
  var A = window.katalogsAnalyzer;
  if (!A) return;
  var root = (document.body && document.body.getAttribute("data-root")) || "";
  var store = {};
  var waiting = {};

  window.katalogsIndex = function (name, data) {
    store[name] = data;
    (waiting[name] || []).forEach(function (w) { w.resolve(data); });
    delete waiting[name];
  };

  var loaded = 0;
  function load(name, file) {
    if (store[name] !== undefined) return Promise.resolve(store[name]);
    return new Promise(function (resolve, reject) {
      var first = !waiting[name];
      (waiting[name] = waiting[name] || []).push({ resolve: resolve, reject: reject });
      if (!first) return;
      var s = document.createElement("script");
      s.src = root + file;
      s.async = true;
      s.onerror = function () {
        (waiting[name] || []).forEach(function (w) { w.reject(new Error("cannot load " + file)); });
        delete waiting[name];
      };
      s.onload = function () { loaded++; };
      document.head.appendChild(s);
    });
  }

  function meta() {
    return load("meta", "search/meta.js").then(function (m) {
      /* The edition's language decides how words become terms. */
      A.setLanguage(m.lang);
      return m;
    });
  }

  /* The shard keys starting with a term's first character (search/k/<c>.js; meta.js lists
     the characters that have a file), so meta.js stays small however many shards there are. */
  function route(m, term) {
    var c = Array.from(term)[0] || "";
    if (!c || m.routes.indexOf(c) < 0) return Promise.resolve([]);
    return load("k:" + c, A.shardFile(c).replace("search/t/", "search/k/"));
  }

  /* The shard key a term's postings live under: the longest key that prefixes it. */
  function keyFor(m, term) {
    return route(m, term).then(function (keys) {
      var best = null;
      for (var i = 0; i < keys.length; i++) {
        var k = keys[i];
        if (term.lastIndexOf(k, 0) === 0 && (!best || k.length > best.length)) best = k;
      }
      return best;
    });
  }

  function shard(key) { return load("t:" + key, A.shardFile(key)); }

  /* Postings (src/search/browser.rs `push_number`): pairs of document delta and score, each
     a number in digits of 64, five bits a digit, lowest first, a digit of 32 or more saying
     that another follows. */
  var DIGIT = [];
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  function decode(list, factor, into) {
    var doc = 0, i = 0, n = list.length, k = 0, v, unit, d, s;
    while (i < n) {
      v = 0;
      unit = 1;
      do { d = DIGIT[list.charCodeAt(i++)]; v += (d & 31) * unit; unit *= 32; } while (d & 32);
      if (k++ & 1) {
        s = v * factor;
        if (!(into[doc] >= s)) into[doc] = s;
      } else doc += v;
    }
  }

  /* A document's kind: documents are written kind by kind, meta.js has the runs. */
  function kindOf(m, id) {
    var r = m.kindRuns, k = r.length ? r[0][1] : 0;
    for (var i = 1; i < r.length && r[i][0] <= id; i++) k = r[i][1];
    return k;
  }


  function termShard(m, t) {
    return keyFor(m, t).then(function (key) { return key ? shard(key) : {}; });
  }

  /* The shards holding terms that start with p (at most 40). */
  function prefixShards(m, p) {
    return Promise.all([route(m, p), keyFor(m, p)]).then(function (r) {
      var keys = r[0].filter(function (k) { return k.lastIndexOf(p, 0) === 0; });
      if (r[1]) keys.push(r[1]);
      return Promise.all(keys.slice(0, 40).map(shard));
    });
  }

  /* The indexed terms sharing the root of stem, with their postings. */
  /* Weights from meta.js (src/search/engine.rs): a term of the word's derivational family,
     a term from a glossary expansion, the term a misspelt word was corrected to. */
  function family(m, stem) {
    var r = A.root(stem, m.irregular);
    var found = {};
    /* A root of one or two letters (a word being begun) has no family worth its shards. */
    if (Array.from(r).length < 3) return Promise.resolve(found);
    return Promise.all(A.familyPrefixes(r, m.irregular).map(function (p) {
      return prefixShards(m, p).then(function (shards) {
        shards.forEach(function (sh) {
          for (var t in sh) if (t.lastIndexOf(p, 0) === 0 && t !== stem && A.root(t, m.irregular) === r) found[t] = sh[t];
        });
      });
    })).then(function () { return found; });
  }

  /* A vocabulary file, or an empty one when meta.js lists no file for the key. */
  function vocabulary(m, key) {
    if ((" " + m.vocab + " ").indexOf(" " + key + " ") < 0) return Promise.resolve({ p: [], s: [] });
    return load("v:" + key, A.shardFile(key).replace("search/t/", "search/v/"));
  }

  /* The vocabulary word a misspelt word is corrected to (src/search/lexicon.rs `correct`). */
  function correct(m, typed, stem) {
    var edits = A.allowedEdits(typed);
    if (!edits) return Promise.resolve(null);
    var keys = A.typoKeys(stem);
    var n = Array.from(stem).length;
    return Promise.all([vocabulary(m, keys[0]).then(function (v) { return v.p; }, function () { return []; }),
      vocabulary(m, keys[1]).then(function (v) { return v.s; }, function () { return []; })]).then(function (lists) {
      var best = null;
      lists.forEach(function (list) {
        for (var i = 0; i < list.length; i += 2) {
          var term = A.analyzeWord(list[i]);
          if (Math.abs(Array.from(term).length - n) > edits || term === stem) continue;
          var d = A.editDistance(stem, term);
          if (d > edits) continue;
          var c = { d: d, df: list[i + 1], term: term, form: list[i] };
          if (!best || c.d < best.d || (c.d === best.d && (c.df > best.df || (c.df === best.df && c.term < best.term)))) best = c;
        }
      });
      return best;
    });
  }

  /* One word of a query: its own term, its family, and while typing, every term that starts
     with what was typed. */
  function wordSlot(m, word, typing) {
    var stem = A.analyzeWord(word);
    var slot = { word: word, stem: stem, alts: {}, prefixHits: 0, expansions: [] };
    var jobs = [];
    jobs.push(termShard(m, stem).then(function (sh) {
      if (sh[stem]) slot.alts[stem] = [sh[stem], 1];
      slot.expansions = sh[" " + stem] || [];
    }));
    /* The word in the other edition's language (a translation, the original, a glossary
       term's English equivalent): its terms are marked "~". */
    if (m.other) {
      var alt = "~" + A.analyzeWordIn(m.other, word);
      jobs.push(termShard(m, alt).then(function (sh) { if (sh[alt] && !slot.alts[alt]) slot.alts[alt] = [sh[alt], 1]; }));
    }
    var addFamily = function () {
      return family(m, stem).then(function (f) { for (var t in f) if (!slot.alts[t]) slot.alts[t] = [f[t], m.weights.family]; });
    };
    var prefixes = [];
    if (typing) {
      var p = A.normalizePrefix(word);
      if (Array.from(p).length >= m.prefixMin) prefixes = p === stem ? [p] : [p, stem];
    }
    slot.prefixScores = {};
    prefixes.forEach(function (p) {
      jobs.push(prefixShards(m, p).then(function (shards) {
        shards.forEach(function (sh) {
          for (var t in sh) if (t.lastIndexOf(p, 0) === 0 && t !== stem) { slot.prefixHits++; decode(sh[t], 0.5, slot.prefixScores); }
        });
      }));
    });
    /* The word being typed finds its longer forms as a prefix: its family is looked up only
       when neither finds anything (src/search/engine.rs does the same). */
    if (!prefixes.length) jobs.push(addFamily());
    return Promise.all(jobs).then(function () {
      if (!prefixes.length || Object.keys(slot.alts).length || slot.prefixHits) return slot;
      return addFamily().then(function () { return slot; });
    });
  }

  /* What a query searches (src/search/engine.rs `understand`): question and filler words set
     aside, glossary expansions added, misspelt words corrected, words that match nothing
     reported. */
  function understand(m, q, exact) {
    var ws = A.words(q);
    var typing = !/\s$/.test(q);
    var opener = A.definitionOpener(ws.map(function (w) { return w.text; }), m.defs) || 0;
    var all = ws.map(function (w, i) { return { w: w, i: i }; });
    var content = all.slice(opener).filter(function (x) { return !A.isStop(x.w.text, m.stop); });
    if (!content.length) content = all.slice(opener);
    if (!content.length) content = all;
    return Promise.all(content.map(function (x) { return wordSlot(m, x.w.text, typing && x.i === ws.length - 1); })).then(function (slots) {
      var stems = slots.map(function (s) { return s.stem; });
      var jobs = [];
      slots.forEach(function (s, n) {
        s.expansions.forEach(function (e) {
          var from = e[0], to = e[1];
          for (var k = 0; k < from.length; k++) if (stems[n + k] !== from[k]) return;
          to.forEach(function (t) {
            jobs.push(termShard(m, t).then(function (sh) {
              if (!sh[t]) return;
              for (var k = 0; k < from.length; k++) if (!slots[n + k].alts[t]) slots[n + k].alts[t] = [sh[t], m.weights.expansion];
            }));
          });
        });
      });
      return Promise.all(jobs).then(function () {
        var unmatched = [], corrected = [];
        return Promise.all(slots.map(function (s) {
          if (Object.keys(s.alts).length || s.prefixHits) return null;
          if (exact) { unmatched.push(s.word); return null; }
          return correct(m, s.word, s.stem).then(function (c) {
            if (!c) { unmatched.push(s.word); return null; }
            corrected.push([s.word, c.form]);
            return Promise.all([termShard(m, c.term), family(m, c.term)]).then(function (r) {
              if (r[0][c.term]) s.alts[c.term] = [r[0][c.term], m.weights.corrected];
              for (var t in r[1]) if (!s.alts[t]) s.alts[t] = [r[1][t], m.weights.corrected * m.weights.family];
            });
          });
        })).then(function () {
          return {
            slots: slots.filter(function (s) { return Object.keys(s.alts).length || s.prefixHits; }),
            unmatched: unmatched,
            corrected: corrected,
            subject: opener ? exactKey(ws.slice(opener).map(function (w) { return w.text; }).join(" ")) : null
          };
        });
      });
    });
  }

  /* A result with its row (kind, URL, title, context, text). */
  function row(h) {
    return h.url ? Promise.resolve(h) : meta().then(function (m) { return chunk(m, h.id); }).then(function (r) {
      return { id: h.id, kind: r[0], url: r[1], title: r[2], context: r[3], text: r[4] };
    });
  }

  function chunk(m, doc) {
    var c = Math.floor(doc / m.chunk);
    return load("d:" + c, "search/d/" + c + ".js").then(function (rows) { return rows[doc - c * m.chunk]; });
  }

  function exactKey(text) {
    return A.words(text).map(function (w) { return A.normalizePrefix(w.text); }).join(" ");
  }

  /* The part of a query that is searched, as src/search/bounds.rs `bounded` cuts it: at most
     m.maxQueryChars characters and m.maxQueryWords words (the limits come from meta.js), so a
     pasted book costs no more than a sentence. */
  function bounded(m, q) {
    var chars = 0;
    var cut = q.length;
    for (var i = 0; i < q.length; i++) {
      var c = q.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff && i > 0) continue; /* the second half of a character */
      if (chars === m.maxQueryChars) { cut = i; break; }
      chars++;
    }
    q = q.slice(0, cut);
    var ws = A.words(q);
    return ws.length > m.maxQueryWords ? q.slice(0, ws[m.maxQueryWords].start) : q;
  }

  /* Ranked documents for a query, in the order of src/search/engine.rs `search_report`: the
     glossary term of a definition question first, then documents matching more of the words,
     then score (methodology weighed down). Kinds and names are known for the documents whose
     chunk is loaded, the first max(limit, 16) by words matched and score. */
  function search(q, limit, exact) {
    return meta().then(function (m) {
      q = bounded(m, q);
      var empty = { m: m, hits: [], stems: [], prefix: null, total: 0, unmatched: [], corrected: [] };
      if (!A.words(q).length) return empty;
      return understand(m, q, exact).then(function (u) {
        empty.unmatched = u.unmatched;
        empty.corrected = u.corrected;
        if (!u.slots.length) return empty;
        var total = {}, count = {}, stems = [];
        u.slots.forEach(function (s) {
          var scores = {};
          for (var t in s.alts) { stems.push(t); decode(s.alts[t][0], s.alts[t][1], scores); }
          for (var d in s.prefixScores) if (!(scores[d] >= s.prefixScores[d])) scores[d] = s.prefixScores[d];
          for (d in scores) { total[d] = (total[d] || 0) + scores[d]; count[d] = (count[d] || 0) + 1; }
        });
        /* Methodology pages and lessons weighed down by their kind (meta.js kindRuns), as
           engine.rs does for every candidate. */
        for (var d0 in total) if (m.methodology.indexOf(m.kinds[kindOf(m, +d0)][0]) >= 0) total[d0] *= m.weights.methodology;
        var chosen = Object.keys(total);
        chosen.sort(function (a, b) { return count[b] - count[a] || total[b] - total[a] || a - b; });
        var exact = exactKey(q);
        /* The results asked for are loaded (their rows hold the names a title match and a
           definition question look at) and re-ranked: a query loads the rows it shows. */
        var head = chosen.slice(0, Math.max(limit, HEAD));
        return Promise.all(head.map(function (d) { return chunk(m, +d); })).then(function (rows) {
          var hits = head.map(function (d, i) {
            var r = rows[i];
            var names = [r[2]].concat(r[5] || []);
            var slug = m.kinds[r[0]][0];
            var bonus = names.some(function (n) { return exactKey(n) === exact; }) ? 10000 : 0;
            var defined = u.subject !== null && slug === "term" && names.some(function (n) { return exactKey(n) === u.subject; });
            return { id: +d, score: total[d] + bonus, words: count[d], defined: defined, kind: r[0], url: r[1], title: r[2], context: r[3], text: r[4] };
          });
          hits.sort(function (a, b) { return (b.defined - a.defined) || b.words - a.words || b.score - a.score || a.id - b.id; });
          var ws = A.words(q);
          var last = ws[ws.length - 1].text;
          var typing = !/\s$/.test(q);
          return {
            m: m,
            hits: hits.concat(chosen.slice(head.length).map(function (d) { return { id: +d, score: total[d] }; })),
            stems: stems,
            prefix: typing && Array.from(A.normalizePrefix(last)).length >= m.prefixMin ? A.normalizePrefix(last) : null,
            total: chosen.length,
            allWords: chosen.length > 0 && count[chosen[0]] === u.slots.length,
            unmatched: u.unmatched,
            corrected: u.corrected
          };
        });
      });
    });
  }

  /* Results whose rows are loaded and re-ranked by name at least (a title match, the term of a
     definition question), whatever fewer a caller shows. */
  var HEAD = 10;

  /* The ranking alone, for other scripts and for tests/js/search-relevance.test.mjs. */
  window.katalogsSearch = search;
  window.katalogsSearch.bounded = bounded;

  /* Appends text to an element, marking the words that match the query. */
  function highlight(el, text, stems, prefix) {
    var pos = 0;
    A.words(text).forEach(function (w) {
      var hit = stems.indexOf(A.analyzeWord(w.text)) >= 0 || (prefix && A.normalizePrefix(w.text).lastIndexOf(prefix, 0) === 0);
      if (!hit) return;
      el.appendChild(document.createTextNode(text.slice(pos, w.start)));
      var mark = document.createElement("mark");
      mark.textContent = w.text;
      el.appendChild(mark);
      pos = w.end;
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
  }

  /* A window of the text around the first match. */
  function window_(text, stems, prefix) {
    var ws = A.words(text);
    for (var i = 0; i < ws.length; i++) {
      var w = ws[i];
      if (stems.indexOf(A.analyzeWord(w.text)) >= 0 || (prefix && A.normalizePrefix(w.text).lastIndexOf(prefix, 0) === 0)) {
        var start = Math.max(0, w.start - 60);
        var cut = text.lastIndexOf(" ", start);
        start = start === 0 ? 0 : (cut >= 0 ? cut + 1 : start);
        return (start > 0 ? "…" : "") + text.slice(start, start + 220);
      }
    }
    return text.slice(0, 220);
  }

  function resultItem(m, r, res, tag) {
    var li = document.createElement(tag || "li");
    var kind = document.createElement("span");
    kind.className = "kind-label";
    kind.textContent = m.kinds[r.kind][1] + (r.context ? " · " + r.context : "");
    var a = document.createElement("a");
    a.href = root + withHighlight(r.url, res);
    highlight(a, r.title, res.stems, res.prefix);
    var p = document.createElement("span");
    p.className = "svc-summary";
    highlight(p, window_(r.text || "", res.stems, res.prefix), res.stems, res.prefix);
    li.appendChild(kind);
    li.appendChild(a);
    li.appendChild(p);
    return li;
  }

  /* A query for an address: a lone surrogate (pasted half of a character) becomes U+FFFD
     instead of making encodeURIComponent throw. */
  function encodeQuery(q) {
    return encodeURIComponent(q.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g, function (m, before) {
      return before === undefined ? "\ufffd" : before + "\ufffd";
    }));
  }

  /* What the searcher made of the query, as a paragraph: words that match nothing ("Nav
     atrasts: …") and corrected words ("Rādīti rezultāti vārdam …", with a link searching the
     words as typed). Null when there is nothing to say. */
  function notes(m, res, q) {
    var s = m.strings;
    if (!(res.unmatched || []).length && !(res.corrected || []).length) return null;
    var p = document.createElement("p");
    p.className = "search-notes";
    p.setAttribute("data-search-notes", "");
    (res.corrected || []).forEach(function (c) {
      var span = document.createElement("span");
      span.appendChild(document.createTextNode(s.showing_for + " "));
      var b = document.createElement("strong");
      b.textContent = c[1];
      span.appendChild(b);
      span.appendChild(document.createTextNode(". " + s.search_original + " "));
      var a = document.createElement("a");
      a.href = root + "meklet.html?q=" + encodeQuery(q) + "&exact=1";
      a.setAttribute("data-search-original", "");
      a.textContent = c[0];
      span.appendChild(a);
      span.appendChild(document.createTextNode(". "));
      p.appendChild(span);
    });
    if ((res.unmatched || []).length) {
      var u = document.createElement("span");
      u.appendChild(document.createTextNode(s.not_found + " "));
      res.unmatched.forEach(function (w, i) {
        if (i) u.appendChild(document.createTextNode(", "));
        var e = document.createElement("em");
        e.textContent = w;
        u.appendChild(e);
      });
      p.appendChild(u);
    }
    return p;
  }

  function levenshtein(a, b) {
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
    return prev[b.length];
  }

  /* Nearest vocabulary terms to the query's words, from the shards sharing their start. */
  function nearest(m, stems) {
    return Promise.all(stems.map(function (s) {
      return route(m, s).then(function (keys) { return Promise.all(keys.slice(0, 12).map(shard)); });
    })).then(function (lists) {
      var shards = [].concat.apply([], lists);
      var out = [];
      stems.forEach(function (s) {
        var best = [];
        shards.forEach(function (sh) {
          for (var t in sh) {
            if (t.charAt(0) === " ") continue;
            var d = levenshtein(s, t);
            if (d > 0 && d <= 2) best.push([d, -sh[t].length, t]);
          }
        });
        best.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
        best.slice(0, 3).forEach(function (b) { if (out.indexOf(b[2]) < 0) out.push(b[2]); });
      });
      return out.slice(0, 5);
    });
  }

  /* A result's address carrying the query's matched terms (?hl=…, before any #anchor), so the
     page it opens can mark them. */
  function withHighlight(url, res) {
    var seen = {};
    var terms = (res.stems || []).filter(function (t) { if (seen[t]) return false; seen[t] = 1; return true; }).slice(0, 20);
    if (!terms.length) return url;
    var i = url.indexOf("#");
    var base = i < 0 ? url : url.slice(0, i);
    return base + "?hl=" + encodeQuery(terms.join(" ")) + (i < 0 ? "" : url.slice(i));
  }

  /* Sub-results: a guidance page's or lesson's sections among the results are shown beneath
     the page (at most three, best first), deep-linked to their headings; the group takes the
     place of its best-ranked member. A section whose page is not among the results stands
     alone. */
  function groupSections(m, rows, later) {
    var pageOf = function (r) {
      var slug = m.kinds[r.kind][0];
      return slug === "page" || slug === "lesson" ? r.url.split("#")[0] : null;
    };
    var all = rows.concat(later || []);
    var pages = {};
    all.forEach(function (r) { if (r.url.indexOf("#") < 0 && pageOf(r)) pages[r.url] = r; });
    var groups = {}, out = [];
    /* Rows past the shown ones (later) only join a group a shown row made. */
    all.forEach(function (r, i) {
      var base = pageOf(r);
      if (!base || !pages[base]) { if (i < rows.length) out.push({ r: r, subs: [] }); return; }
      var g = groups[base];
      if (!g) {
        if (i >= rows.length) return;
        g = groups[base] = { r: pages[base], subs: [] };
        out.push(g);
      }
      if (r !== pages[base] && g.subs.length < 3) g.subs.push(r);
    });
    return out;
  }

  /* Guidance pages and lessons among the next results (to the 50th), whose rows may be
     sections or pages of the shown ones: loaded only when a shown result is of those kinds. */
  function laterSections(m, kept, shown) {
    var isPage = function (h) { var slug = m.kinds[kindOf(m, h.id)][0]; return slug === "page" || slug === "lesson"; };
    if (!shown.some(isPage)) return Promise.resolve([]);
    return Promise.all(kept.slice(shown.length, Math.max(50, shown.length)).filter(isPage).map(row));
  }

  /* ---------- landing highlight ----------
     A page opened from a result (?hl=terms) marks the words whose analysed term is one of
     them, scrolls to the first (after the #anchor, when there is one) and offers a button that
     clears the marks. Without JavaScript the parameter is ignored. */
  function landingHighlight() {
    var hl;
    try { hl = new URLSearchParams(window.location.search).get("hl"); } catch (err) { return; }
    var main = document.getElementById("saturs");
    if (!hl || !main || document.querySelector("form[data-search-page]")) return;
    var terms = hl.split(" ").filter(Boolean).slice(0, 40);
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.closest("script, style, mark, button, nav") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var marks = [];
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var hits = A.words(text).filter(function (w) { return terms.indexOf(A.analyzeWord(w.text)) >= 0; });
      if (!hits.length) return;
      var frag = document.createDocumentFragment();
      var pos = 0;
      hits.forEach(function (w) {
        frag.appendChild(document.createTextNode(text.slice(pos, w.start)));
        var m = document.createElement("mark");
        m.className = "landing-mark";
        m.textContent = w.text;
        frag.appendChild(m);
        marks.push(m);
        pos = w.end;
      });
      frag.appendChild(document.createTextNode(text.slice(pos)));
      node.parentNode.replaceChild(frag, node);
    });
    if (!marks.length) return;
    var target = null;
    try { target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1))); } catch (err) { target = null; }
    var first = marks.filter(function (m) { return !target || (target.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING); })[0] || marks[0];
    meta().then(function (m) {
      var bar = document.createElement("p");
      bar.className = "landing-bar";
      bar.setAttribute("data-landing-bar", "");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = m.strings.clear_highlight;
      button.addEventListener("click", function () {
        marks.forEach(function (mk) {
          var parent = mk.parentNode;
          if (!parent) return;
          parent.replaceChild(document.createTextNode(mk.textContent), mk);
          parent.normalize();
        });
        bar.parentNode.removeChild(bar);
        try {
          var url = new URL(window.location.href);
          url.searchParams.delete("hl");
          history.replaceState(null, "", url.toString());
        } catch (err) { /* file:// may refuse */ }
        main.focus();
      });
      bar.appendChild(button);
      main.insertBefore(bar, main.firstChild);
    }, function () { /* no index: the marks stay, without the button */ });
    if (first.scrollIntoView) first.scrollIntoView({ block: "center" });
  }
  landingHighlight();

  /* ---------- the search box on every page ---------- */
  var form = document.querySelector("form[data-search]");
  var input = form && form.querySelector("input[type=search]");
  var panel = form && form.querySelector("[data-search-panel]");
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  if (form) form.appendChild(status);

  /* The header box is an ARIA combobox with a grid popup (WAI-ARIA APG): focus stays in the
     box, ArrowDown/ArrowUp move the active result (aria-activedescendant on a grid cell that
     holds the result's link), Enter opens it, Escape closes the popup. */
  var active = -1;
  function cells() { return panel ? Array.prototype.slice.call(panel.querySelectorAll("[role=gridcell]")) : []; }
  function activate(i) {
    var all = cells();
    active = i < 0 || !all.length ? -1 : Math.min(i, all.length - 1);
    all.forEach(function (c, n) { c.parentNode.setAttribute("aria-selected", String(n === active)); });
    if (active < 0) input.removeAttribute("aria-activedescendant");
    else {
      input.setAttribute("aria-activedescendant", all[active].id);
      if (all[active].scrollIntoView) all[active].scrollIntoView({ block: "nearest" });
    }
  }
  function closePanel() {
    if (!panel) return;
    panel.hidden = true;
    panel.textContent = "";
    active = -1;
    input.removeAttribute("aria-activedescendant");
    input.setAttribute("aria-expanded", "false");
  }

  var seq = 0;
  function livePanel() {
    var q = input.value;
    var mine = ++seq;
    if (!q.trim()) { closePanel(); status.textContent = ""; return; }
    search(q, 8).then(function (res) {
      if (mine !== seq) return;
      var m = res.m, s = m.strings;
      panel.textContent = "";
      var said = notes(m, res, q);
      if (said) panel.appendChild(said);
      var list = document.createElement("ol");
      list.setAttribute("role", "grid");
      list.id = "search-panel-grid";
      list.setAttribute("aria-label", s.results);
      res.hits.slice(0, 8).forEach(function (r, n) {
        if (!r.url) return;
        var li = resultItem(m, r, res);
        li.setAttribute("role", "row");
        li.setAttribute("aria-selected", "false");
        var cell = document.createElement("div");
        cell.setAttribute("role", "gridcell");
        cell.id = "search-panel-r" + n;
        while (li.firstChild) cell.appendChild(li.firstChild);
        li.appendChild(cell);
        list.appendChild(li);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (res.total) {
        panel.appendChild(list);
        var all = document.createElement("a");
        all.className = "all";
        all.href = root + "meklet.html?q=" + encodeQuery(q);
        all.textContent = s.all_results + " (" + res.total + ")";
        panel.appendChild(all);
      } else {
        var none = document.createElement("p");
        none.style.padding = ".5rem .75rem";
        none.textContent = s.no_results + " " + s.hint_spelling;
        panel.appendChild(none);
      }
      panel.hidden = false;
      input.setAttribute("aria-expanded", String(!!res.total));
      status.textContent = res.total + " " + s.result_count;
    }).catch(function () { closePanel(); });
  }

  if (input && panel) {
    panel.id = "search-panel-list";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-haspopup", "grid");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", "search-panel-list");
    var timer;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(livePanel, 40); });
    input.addEventListener("keydown", function (e) {
      var open = !panel.hidden && cells().length > 0;
      if (e.key === "ArrowDown" && open) { e.preventDefault(); activate(active + 1); }
      else if (e.key === "ArrowUp" && open) { e.preventDefault(); activate(active - 1); }
      else if (e.key === "Enter" && open && active >= 0) {
        var link = cells()[active].querySelector("a");
        if (link) { e.preventDefault(); link.click(); }
      } else if (e.key === "Escape") { closePanel(); }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) closePanel(); });
  }

  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var target = document.querySelector("[data-search-page] input[type=search]") || input;
    if (target) { e.preventDefault(); target.focus(); target.select(); }
  });

  /* ---------- the results page ----------
     One search box; kind tabs (buttons with aria-pressed, the kind kept in the address as
     &kind=, in step with the kind select among the filters); the filters collapsed behind "Atlasīt" (open on wide screens); a no-results
     hint as a bulleted list of suggestions, never a numbered result. */
  var page = document.querySelector("form[data-search-page]");
  if (!page) return;
  var pageInput = page.querySelector("input[type=search]");
  var results = document.querySelector("[data-search-results]");
  var pageStatus = document.querySelector("[data-search-status]");
  var filters = document.querySelector("[data-search-filters]");
  var filterFields = filters && filters.querySelector("[data-search-filter-fields]");
  var filtersActive = filters && filters.querySelector("[data-filters-active]");
  var tabs = document.querySelector("[data-kind-tabs]");
  var params = new URLSearchParams(window.location.search);
  var current = null;
  var chosen = { kind: "", holder: "", audience: "", channel: "", situation: "" };
  var kindSlug = params.get("kind") || "";
  var filtersOpened = false;

  /* The results list: an <ol> of results, or a <ul> of suggestions when there are none. */
  function resultsAs(tag) {
    if (results.tagName.toLowerCase() !== tag) {
      var el = document.createElement(tag);
      for (var i = 0; i < results.attributes.length; i++) el.setAttribute(results.attributes[i].name, results.attributes[i].value);
      el.classList.toggle("search-hints", tag === "ul");
      results.parentNode.replaceChild(el, results);
      results = el;
    }
    results.textContent = "";
  }

  /* Keeps the chosen kind in the address (&kind=service), without a new history entry. */
  function kindToAddress() {
    var url = new URL(window.location.href);
    if (kindSlug) url.searchParams.set("kind", kindSlug);
    else url.searchParams.delete("kind");
    try { history.replaceState(null, "", url.toString()); } catch (err) { /* file:// may refuse */ }
  }

  /* Kind tabs: one per kind with results (counted under the other filters), most first. */
  function showTabs(m, f, ids) {
    if (!tabs) return;
    var counts = {}, all = 0;
    ids.forEach(function (id) {
      if (!matches(m, f, id, true)) return;
      var slug = m.kinds[kindOf(m, id)][0];
      counts[slug] = (counts[slug] || 0) + 1;
      all++;
    });
    var buttons = Array.prototype.slice.call(tabs.querySelectorAll("button[data-kind]"));
    buttons.forEach(function (b) {
      var slug = b.getAttribute("data-kind");
      var n = slug ? counts[slug] || 0 : all;
      b.querySelector("[data-kind-count]").textContent = "(" + n + ")";
      b.hidden = slug !== "" && !n && slug !== kindSlug;
      b.setAttribute("aria-pressed", String(slug === kindSlug));
    });
    /* Services, life situations, terms and institutions before the methodology; most first. */
    var later = function (b) { return m.methodology.indexOf(b.getAttribute("data-kind")) >= 0 ? 1 : 0; };
    buttons.slice(1).sort(function (a, b) {
      return later(a) - later(b) || (counts[b.getAttribute("data-kind")] || 0) - (counts[a.getAttribute("data-kind")] || 0);
    }).forEach(function (b) { tabs.appendChild(b); });
    tabs.hidden = ids.length === 0;
  }

  if (tabs) {
    tabs.addEventListener("click", function (e) {
      var b = e.target.closest && e.target.closest("button[data-kind]");
      if (!b || !current) return;
      kindSlug = b.getAttribute("data-kind");
      chosen.kind = kindIndex(current.m);
      kindToAddress();
      visible = PAGE;
      show();
    });
  }

  function kindIndex(m) {
    for (var i = 0; i < m.kinds.length; i++) if (m.kinds[i][0] === kindSlug) return String(i);
    return "";
  }

  /* Whether a document passes the chosen filters; f (search/f.js) is loaded whenever a filter
     other than the kind is chosen. */
  function matches(m, f, id, anyKind) {
    var holderIndex = chosen.holder === "" ? -1 : +chosen.holder;
    if (!anyKind && chosen.kind !== "" && kindOf(m, id) !== +chosen.kind) return false;
    if (!f) return true;
    if (chosen.holder !== "" && f.h[id] !== holderIndex) return false;
    if (chosen.audience !== "" && !(f.a[id] & (1 << +chosen.audience))) return false;
    if (chosen.channel !== "" && !(f.c[id] & (1 << +chosen.channel))) return false;
    if (chosen.situation !== "" && f.s[id].indexOf(+chosen.situation) < 0) return false;
    return true;
  }

  function facetSelect(m, name, options, f, ids) {
    var counts = {};
    ids.forEach(function (id) {
      var vals;
      if (name === "kind") vals = [kindOf(m, id)];
      else if (name === "holder") vals = f.h[id] >= 0 ? [f.h[id]] : [];
      else if (name === "audience" || name === "channel") {
        var mask = name === "audience" ? f.a[id] : f.c[id];
        vals = [];
        for (var b = 0; b < 31; b++) if (mask & (1 << b)) vals.push(b);
      } else vals = f.s[id];
      vals.forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
    });
    var keys = Object.keys(counts);
    if (!keys.length && chosen[name] === "") return null;
    var label = document.createElement("label");
    label.className = "search-filter";
    var title = document.createElement("span");
    title.textContent = f.facetTitles[name];
    label.appendChild(title);
    var sel = document.createElement("select");
    var all = document.createElement("option");
    all.value = "";
    all.textContent = m.strings.any_value;
    sel.appendChild(all);
    keys.sort(function (a, b) { return counts[b] - counts[a]; }).forEach(function (k) {
      var o = document.createElement("option");
      o.value = k;
      o.textContent = options[k][1] + " (" + counts[k] + ")";
      if (chosen[name] === k) o.selected = true;
      sel.appendChild(o);
    });
    sel.setAttribute("data-facet-name", name);
    sel.addEventListener("change", function () {
      chosen[name] = sel.value;
      if (name === "kind") {
        kindSlug = sel.value === "" ? "" : m.kinds[+sel.value][0];
        kindToAddress();
      }
      visible = PAGE;
      show();
    });
    label.appendChild(sel);
    return label;
  }

  /* Results shown: the first PAGE (as many as Pagefind's first page), then MORE a click;
     only the shown load their rows. */
  var PAGE = 10, MORE = 20, visible = PAGE, focusFrom = -1;
  var moreBox = document.createElement("p");
  moreBox.className = "search-more";
  results.parentNode.insertBefore(moreBox, results.nextSibling);
  if (filters) filters.addEventListener("toggle", function () { if (filters.open && store.f === undefined) show(); });

  var shown_ = 0;
  function show() {
    if (!current) return;
    var res = current, m = res.m, s = m.strings;
    var mine = ++shown_;
    var render = function (f) {
      var ids = res.hits.map(function (h) { return h.id; });
      var kept = res.hits.filter(function (h) { return matches(m, f, h.id); });
      var shown = kept.slice(0, visible);
      var before = results.children.length;
      return Promise.all([Promise.all(shown.map(row)), laterSections(m, kept, shown)]).then(function (both) {
        var rows = both[0];
        if (mine !== shown_) return;
        resultsAs(kept.length ? "ol" : "ul");
        groupSections(m, rows, both[1]).forEach(function (g) {
          var li = resultItem(m, g.r, res);
          if (g.subs.length) {
            var ul = document.createElement("ul");
            ul.className = "sub-results";
            g.subs.forEach(function (sr) {
              var item = document.createElement("li");
              var a = document.createElement("a");
              a.href = root + withHighlight(sr.url, res);
              highlight(a, sr.title, res.stems, res.prefix);
              item.appendChild(a);
              ul.appendChild(item);
            });
            li.appendChild(ul);
          }
          results.appendChild(li);
        });
        pageStatus.textContent = kept.length ? kept.length + " " + s.result_count : s.no_results;
        notesBox.textContent = "";
        var said = notes(m, res, res.q);
        if (said) notesBox.appendChild(said);
        showTabs(m, f, ids);
        if (f && filters) {
          var active = document.activeElement;
          var refocus = active && filters.contains(active) ? active.getAttribute("data-facet-name") : null;
          filterFields.textContent = "";
          var count = 0;
          [["kind", m.kinds], ["holder", f.holders], ["audience", f.audiences], ["channel", f.channels], ["situation", f.situations]].forEach(function (x) {
            var el = facetSelect(m, x[0], x[1], f, ids);
            if (el) filterFields.appendChild(el);
            if (chosen[x[0]] !== "") count++;
          });
          filtersActive.textContent = count ? "(" + count + ")" : "";
          filters.hidden = ids.length === 0 || !filterFields.firstChild;
          // The results lead, the kind tabs above them: the filters start closed unless the
          // address already chose one.
          if (!filters.hidden && !filtersOpened) {
            filtersOpened = true;
            if (count) filters.open = true;
          }
          var again = refocus && filters.querySelector('select[data-facet-name="' + refocus + '"]');
          if (again) again.focus();
        } else if (filters) {
          /* The filters' values load when they are opened. */
          filterFields.textContent = "";
          filters.hidden = ids.length === 0;
        }
        moreBox.textContent = "";
        if (kept.length > shown.length) {
          var button = document.createElement("button");
          button.type = "button";
          button.setAttribute("data-search-more", "");
          button.textContent = s.more + " (" + (kept.length - shown.length) + ")";
          button.addEventListener("click", function () {
            visible += MORE;
            focusFrom = results.children.length;
            show();
          });
          moreBox.appendChild(button);
        }
        if (focusFrom >= 0) {
          var next = results.children[focusFrom] && results.children[focusFrom].querySelector("a");
          focusFrom = -1;
          if (next) next.focus();
        }
        if (!kept.length) {
          var hint = document.createElement("li");
          hint.textContent = s.hint_spelling;
          results.appendChild(hint);
          nearest(m, res.stems).then(function (terms) {
            if (!terms.length || mine !== shown_) return;
            var li = document.createElement("li");
            li.appendChild(document.createTextNode(s.nearest + " "));
            terms.forEach(function (t, i) {
              var a = document.createElement("a");
              a.href = "meklet.html?q=" + encodeQuery(t);
              a.textContent = t;
              if (i) li.appendChild(document.createTextNode(", "));
              li.appendChild(a);
            });
            results.appendChild(li);
          });
        }
      });
    };
    var facets = filters && (filters.open || ["holder", "audience", "channel", "situation"].some(function (k) { return chosen[k] !== ""; }));
    if (res.total && facets) load("f", "search/f.js").then(render, function () { return render(null); });
    else render(null);
  }

  var runs = 0;
  function run() {
    var q = pageInput.value;
    var mine = ++runs;
    if (!q.trim()) {
      current = null;
      shown_++;
      results.textContent = "";
      moreBox.textContent = "";
      notesBox.textContent = "";
      pageStatus.textContent = "";
      if (filters) { filterFields.textContent = ""; filters.hidden = true; }
      if (tabs) tabs.hidden = true;
      return;
    }
    pageStatus.textContent = "…";
    visible = PAGE;
    search(q + " ", PAGE, exactWords).then(function (res) {
      if (mine !== runs) return;
      res.q = q;
      current = res;
      chosen.kind = kindIndex(res.m);
      show();
    });
  }

  /* ?exact=1 (the link offering the words as typed): no typo correction. */
  var exactWords = params.get("exact") === "1";
  var notesBox = document.createElement("div");
  notesBox.setAttribute("aria-live", "polite");
  pageStatus.parentNode.insertBefore(notesBox, pageStatus.nextSibling);
  var q0 = params.get("q") || "";
  pageInput.value = q0;
  if (input) input.value = q0;
  page.addEventListener("submit", function (e) {
    e.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", pageInput.value);
    url.searchParams.delete("kind");
    url.searchParams.delete("exact");
    exactWords = false;
    try { history.replaceState(null, "", url.toString()); } catch (err) { /* file:// may refuse */ }
    chosen = { kind: "", holder: "", audience: "", channel: "", situation: "" };
    kindSlug = "";
    run();
  });
  run();
})();
