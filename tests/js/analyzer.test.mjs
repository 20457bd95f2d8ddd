// The browser's Latvian analyser (themes/default/static/js/analyzer.js) must produce exactly
// the terms the Rust analyser indexes: checked word by word against the vectors the Rust test
// tests/analysis_vectors.rs writes for the whole bundled vocabulary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const ANALYZER = `${repo}themes/default/static/js/analyzer.js`;
const VECTORS = `${repo}tests/js/analysis-vectors.json`;

/** Loads analyzer.js the way a browser does: a plain script in a global scope with `self`. */
function loadAnalyzer() {
  const context = vm.createContext({});
  context.self = context;
  vm.runInContext(readFileSync(ANALYZER, "utf8"), context, { filename: ANALYZER });
  const api = context.katalogsAnalyzer;
  assert.ok(api, "analyzer.js defines no global katalogsAnalyzer");
  return api;
}

const vectors = JSON.parse(readFileSync(VECTORS, "utf8"));
const lz = loadAnalyzer();

test("the vectors hold the whole bundled vocabulary", () => {
  const words = Object.keys(vectors);
  assert.ok(words.length > 1000, `only ${words.length} words in ${VECTORS}`);
});

test("the JavaScript analyser matches the Rust one on every word", () => {
  const wrong = [];
  let count = 0;
  for (const [word, expected] of Object.entries(vectors)) {
    // Arrays from the vm context have another realm's prototype; copy before comparing.
    const got = Array.from(lz.analyze(word));
    count++;
    if (got.length !== expected.length || got.some((t, i) => t !== expected[i])) {
      wrong.push(`${JSON.stringify(word)}: Rust ${JSON.stringify(expected)}, JS ${JSON.stringify(got)}`);
    }
  }
  assert.equal(
    wrong.length,
    0,
    `${wrong.length} of ${count} words differ (regenerate the vectors with ` +
      `KATALOGS_UPDATE_VECTORS=1 cargo test --test analysis_vectors if the Rust side changed):\n` +
      wrong.slice(0, 30).join("\n"),
  );
});

test("word boundaries match: the terms come from the same tokens", () => {
  // analyze() must be analyzeWord() over words(); a port that tokenised differently but
  // happened to stem alike would hide in the test above only for single-token words.
  const wrong = [];
  for (const word of Object.keys(vectors)) {
    const viaWords = Array.from(lz.words(word), (w) => lz.analyzeWord(w.text));
    const direct = Array.from(lz.analyze(word));
    if (viaWords.join("\u0000") !== direct.join("\u0000")) wrong.push(word);
    for (const w of lz.words(word)) {
      if (word.slice(w.start, w.end) !== w.text) wrong.push(`${word} (offsets)`);
    }
  }
  assert.deepEqual(wrong, []);
});

test("diacritics are optional and inflections collapse, as in Rust", () => {
  const a = (s) => Array.from(lz.analyze(s));
  assert.deepEqual(a("pakalpojuma turētājam"), a("pakalpojuma turetajam"));
  assert.deepEqual(a("dzīves situācijās"), a("dzives situacijas"));
  assert.deepEqual(a("Pārvaldība"), ["parvaldib"]);
  assert.equal(lz.normalizePrefix("Pārvaldī"), "parvaldi");
});

test("shard file names follow src/search/browser.rs shard_file", () => {
  assert.equal(lz.shardFile("pa"), "search/t/pa.js");
  assert.equal(lz.shardFile("дa"), "search/t/_00434a.js");
});

// Derivation, question words, typo tolerance: tests/analysis_vectors.rs writes the Rust
// results (and the lists meta.js hands the browser) to derivation-vectors.json.
const derivation = JSON.parse(readFileSync(`${repo}tests/js/derivation-vectors.json`, "utf8"));

test("the JavaScript root matches the Rust one on every bundled term", () => {
  const wrong = [];
  const entries = Object.entries(derivation.roots);
  for (const [term, expected] of entries) {
    const got = lz.root(term, derivation.irregular);
    if (got !== expected) wrong.push(`${term}: Rust ${expected}, JS ${got}`);
  }
  const own = entries.filter(([t, r]) => t !== r).length;
  assert.ok(own >= 200, `only ${own} terms with a root of their own`);
  assert.deepEqual(wrong, []);
});

test("families meet and different words stay apart in JavaScript too", () => {
  const rootOf = (w) => lz.root(lz.analyzeWord(w), derivation.irregular);
  for (const [words, expected] of derivation.families) {
    for (const w of words) assert.equal(rootOf(w), expected, w);
  }
  for (const [a, b] of derivation.apart) assert.notEqual(rootOf(a), rootOf(b), `${a} / ${b}`);
});

test("edit distance, typo keys, allowed edits and definition openings agree with Rust", () => {
  for (const [a, b, d] of derivation.edits) {
    assert.equal(lz.editDistance(a, b), d, `${a} / ${b}`);
    assert.equal(lz.editDistance(b, a), d, `${b} / ${a}`);
  }
  for (const [w, p, s] of derivation.typoKeys) assert.deepEqual(Array.from(lz.typoKeys(w)), [p, s], w);
  for (const [w, n] of derivation.allowedEdits) assert.equal(lz.allowedEdits(w), n, w);
  for (const [q, n] of derivation.definitions) assert.equal(lz.definitionOpener(q.split(" "), derivation.defs), n, q);
  assert.ok(lz.isStop("Kā", derivation.stop) && lz.isStop("kapēc", derivation.stop) && !lz.isStop("pabalsts", derivation.stop));
});
