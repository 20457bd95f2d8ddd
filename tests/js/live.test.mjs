// The preview's live-reload script (src/serve/live.js) in a script context with a fake
// EventSource, fetch and timers: when the server refuses the event stream (too many pages
// open), the page polls the status and reloads after a rebuild.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const script = readFileSync(fileURLToPath(new URL("../../src/serve/live.js", import.meta.url)), "utf8");

function page() {
  const state = { generation: 1, reloads: 0, timers: [], fetches: 0, sources: [] };
  class EventSource {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSED = 2;
    constructor(url) {
      this.url = url;
      this.readyState = EventSource.CONNECTING;
      this.listeners = {};
      state.sources.push(this);
    }
    addEventListener(name, f) { (this.listeners[name] = this.listeners[name] || []).push(f); }
    fire(name, data) { (this.listeners[name] || []).forEach((f) => f({ data })); }
  }
  const context = vm.createContext({
    EventSource,
    JSON,
    URL,
    fetch: () => {
      state.fetches++;
      const body = { generation: state.generation, errors: [], strings: {} };
      return Promise.resolve({ json: () => Promise.resolve(body) });
    },
    setInterval: (f, ms) => { state.timers.push([f, ms]); return state.timers.length; },
    encodeURIComponent,
    location: { pathname: "/pakalpojumi/ā.html", reload: () => { state.reloads++; } },
    document: { getElementById: () => null, querySelectorAll: () => [] },
  });
  context.window = context;
  vm.runInContext(script, context);
  return { state, context };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

test("a refused event stream falls back to polling the status", async () => {
  const { state, context } = page();
  await settle();
  const events = state.sources[0];
  // The stream says which page it is, so the page reloads as soon as the rebuild has made it.
  assert.equal(events.url, "/__katalogs/events?page=%2Fpakalpojumi%2F%C4%81.html");
  // A dropped stream reconnects by itself: no polling.
  events.fire("error");
  assert.equal(state.timers.length, 0);
  // Refused (503): the browser closes the stream for good.
  events.readyState = 2;
  events.fire("error");
  events.fire("error");
  assert.equal(state.timers.length, 1, "one poller");
  assert.ok(context.katalogsPreview.polling());
  const [poll, ms] = state.timers[0];
  assert.ok(ms >= 500 && ms <= 10000, `polls every ${ms} ms`);
  poll();
  await settle();
  assert.equal(state.reloads, 0, "nothing rebuilt yet");
  state.generation = 2;
  poll();
  await settle();
  assert.equal(state.reloads, 1, "a rebuild reloads the page");
});
