// window.podpis ↔ isolated bridge over window messages, in one fake page
// window: a call with no live bridge behind it rejects EXTENSION_UNAVAILABLE
// (instead of hanging), a slow but live one still resolves.
import { test, mock } from "node:test";
import assert from "node:assert/strict";

type Api = { status(): Promise<unknown> };
const g = globalThis as unknown as Record<string, unknown>;
const events = new EventTarget();
g.window = g;
g.location = { origin: "https://cabinet.test" };
g.addEventListener = events.addEventListener.bind(events);
g.removeEventListener = events.removeEventListener.bind(events);
g.dispatchEvent = events.dispatchEvent.bind(events);
// Posted messages arrive in order, each in its own turn, with source = window.
g.postMessage = (data: unknown) => queueMicrotask(() => {
  const ev = new Event("message");
  Object.defineProperties(ev, { data: { value: structuredClone(data) }, source: { value: g } });
  events.dispatchEvent(ev);
});
const flush = async () => { for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r)); };
const watch = (p: Promise<unknown>) => {
  const s: { done: boolean; value?: unknown; error?: Record<string, unknown> } = { done: false };
  p.then((v) => Object.assign(s, { done: true, value: v }), (e) => Object.assign(s, { done: true, error: e }));
  return s;
};

test("no live bridge: the call rejects EXTENSION_UNAVAILABLE (ru/en) after the acknowledgement timeout", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    await import("../src/content/main-world");
    const api = g.podpis as Api;
    const s = watch(api.status());
    await flush();
    assert.equal(s.done, false, "waits for the bridge");
    mock.timers.tick(4999);
    await flush();
    assert.equal(s.done, false);
    mock.timers.tick(1);
    await flush();
    assert.equal(s.done, true);
    assert.equal(s.error?.code, "EXTENSION_UNAVAILABLE");
    assert.equal(s.error?.name, "PodpisError");
    assert.match(String(s.error?.messageRu), /Расширение Podpis недоступно/);
    assert.match(String(s.error?.messageEn), /unavailable/);
  } finally {
    mock.timers.reset();
  }
});

test("a live bridge acknowledges at once: a slow background reply still resolves", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const sent: unknown[] = [];
    g.chrome = { runtime: {
      sendMessage: (msg: unknown) => { sent.push(msg); return new Promise((r) => setTimeout(() => r({ ok: true, result: { host: "slow" } }), 8000)); },
      connect: () => { throw new Error("no events in this test"); },
    } };
    await import("../src/content/bridge");
    const api = g.podpis as Api;
    const s = watch(api.status());
    await flush();
    assert.deepEqual(sent, [{ type: "api", call: { method: "status", params: {} } }]);
    mock.timers.tick(5000);
    await flush();
    assert.equal(s.done, false, "acknowledged: no EXTENSION_UNAVAILABLE");
    mock.timers.tick(3000);
    await flush();
    assert.deepEqual([s.done, s.value, s.error], [true, { host: "slow" }, undefined]);
  } finally {
    mock.timers.reset();
  }
});

test("a dead extension context behind a live bridge: EXTENSION_UNAVAILABLE at once", async () => {
  (g.chrome as { runtime: Record<string, unknown> }).runtime.sendMessage = () => Promise.reject(new Error("Extension context invalidated."));
  const api = g.podpis as Api;
  await assert.rejects(api.status(), (e: Record<string, unknown>) => e.code === "EXTENSION_UNAVAILABLE" && /reload the page/.test(String(e.messageEn)));
});
