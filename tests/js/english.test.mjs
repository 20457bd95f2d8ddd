// The browser's English analysis (the Porter2 port in themes/default/static/js/analyzer.js)
// must produce exactly the terms rust-stemmers gives the Rust side: checked word by word
// against the vectors tests/english_vectors.rs writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const ANALYZER = `${repo}themes/default/static/js/analyzer.js`;
const VECTORS = `${repo}tests/js/english-vectors.json`;

function loadAnalyzer() {
  const context = vm.createContext({});
  context.self = context;
  vm.runInContext(readFileSync(ANALYZER, "utf8"), context, { filename: ANALYZER });
  return context.katalogsAnalyzer;
}

const vectors = JSON.parse(readFileSync(VECTORS, "utf8"));
const lz = loadAnalyzer();

test("the English vectors hold the repository's English vocabulary", () => {
  assert.ok(Object.keys(vectors).length > 1000);
});

test("the JavaScript Porter2 port matches rust-stemmers on every word", () => {
  const wrong = [];
  for (const [word, [expected]] of Object.entries(vectors)) {
    const got = lz.englishWord(word);
    if (got !== expected) wrong.push(`${JSON.stringify(word)}: Rust ${expected}, JS ${got}`);
  }
  assert.equal(wrong.length, 0, `${wrong.length} words differ:\n${wrong.slice(0, 40).join("\n")}`);
});

test("the edition's language selects the analysis", () => {
  lz.setLanguage("en");
  assert.equal(lz.analyzeWord("Benefits"), "benefit");
  assert.equal(lz.analyzeWordIn("lv", "pakalpojumiem"), lz.stem("pakalpojumiem"));
  lz.setLanguage("lv");
  assert.equal(lz.analyzeWord("pakalpojumiem"), lz.stem("pakalpojumiem"));
});
