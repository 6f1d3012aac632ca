import { test } from "node:test";
import assert from "node:assert/strict";
import { NativeHost, type PortLike } from "../src/background/host";
import { PodpisFailure } from "../src/shared/errors";

/** A scripted native port. `answer` gets each request and may reply. */
function fakeHost(answer: (req: any, port: FakePort) => void, opts: { lastError?: string } = {}) {
  const ports: FakePort[] = [];
  const connector = {
    connect: () => { const p = new FakePort(answer); ports.push(p); return p; },
    lastError: (port: unknown) => (port as { error?: { message?: string } } | undefined)?.error?.message ?? opts.lastError,
  };
  return { host: new NativeHost(connector, "chrome-extension://test", "0.1.0"), ports };
}

class FakePort implements PortLike {
  private msg: Array<(m: unknown) => void> = [];
  private disc: Array<(p: unknown) => void> = [];
  sent: any[] = [];
  constructor(private readonly answer: (req: any, port: FakePort) => void) {}
  postMessage(m: unknown) { this.sent.push(m); queueMicrotask(() => this.answer(m, this)); }
  disconnect() { /* the browser does not call onDisconnect for our own disconnect */ }
  onMessage = { addListener: (cb: (m: unknown) => void) => { this.msg.push(cb); } };
  onDisconnect = { addListener: (cb: (p: unknown) => void) => { this.disc.push(cb); } };
  emit(m: unknown) { for (const cb of this.msg) cb(m); }
  close(error?: string) { for (const cb of this.disc) cb(error ? { error: { message: error } } : undefined); }
}

const HELLO = { hostVersion: "0.1.0", protocol: "1.0", commands: [], algorithms: [], digests: [], formats: [], consentKey: "AAAA" };

test("hello handshake, then requests with ids and the page origin", async () => {
  const { host, ports } = fakeHost((req, p) => {
    if (req.command === "hello") p.emit({ id: req.id, ok: true, result: HELLO });
    if (req.command === "status") p.emit({ id: req.id, ok: true, result: { hostVersion: "0.1.0" } });
  });
  const r = await host.request<{ hostVersion: string }>("https://a.ru", "status", {});
  assert.equal(r.hostVersion, "0.1.0");
  assert.equal(ports.length, 1);
  assert.deepEqual(ports[0].sent[0], { id: 1, origin: "chrome-extension://test", command: "hello", args: { protocol: "1.0", extensionVersion: "0.1.0" } });
  assert.deepEqual(ports[0].sent[1], { id: 2, origin: "https://a.ru", command: "status", args: {} });
  assert.equal(await host.consentKey(), "AAAA");
});

test("a major protocol mismatch is refused", async () => {
  const { host } = fakeHost((req, p) => p.emit({ id: req.id, ok: true, result: { ...HELLO, protocol: "2.0" } }));
  await assert.rejects(host.request("https://a.ru", "status", {}), (e: PodpisFailure) => e.code === "PROTOCOL_MISMATCH");
});

test("chunked replies are reassembled", async () => {
  const { host } = fakeHost((req, p) => {
    if (req.command === "hello") return p.emit({ id: req.id, ok: true, result: HELLO });
    const json = JSON.stringify({ id: req.id, ok: true, result: ["x".repeat(300)] });
    p.emit({ id: req.id, chunk: { index: 1, total: 2, data: json.slice(100) } });
    p.emit({ id: req.id, chunk: { index: 0, total: 2, data: json.slice(0, 100) } });
  });
  assert.deepEqual(await host.request("https://a.ru", "list-certificates", {}), ["x".repeat(300)]);
});

test("host errors keep their code and texts", async () => {
  const { host } = fakeHost((req, p) => {
    if (req.command === "hello") return p.emit({ id: req.id, ok: true, result: HELLO });
    p.emit({ id: req.id, ok: false, error: { code: "PIN_LOCKED", messageRu: "ru", messageEn: "en", detail: "d" } });
  });
  await assert.rejects(host.request("https://a.ru", "sign", {}), (e: PodpisFailure) => e.code === "PIN_LOCKED" && e.fromHost?.messageRu === "ru" && e.detail === "d");
});

test("a missing host is HOST_NOT_INSTALLED; a later request connects again", async () => {
  let installed = false;
  const { host, ports } = fakeHost((req, p) => {
    if (!installed) return p.close();
    if (req.command === "hello") p.emit({ id: req.id, ok: true, result: HELLO });
    else p.emit({ id: req.id, ok: true, result: 1 });
  }, { lastError: "Specified native messaging host not found." });
  await assert.rejects(host.request("https://a.ru", "status", {}), (e: PodpisFailure) => e.code === "HOST_NOT_INSTALLED");
  installed = true;
  assert.equal(await host.request("https://a.ru", "status", {}), 1);
  assert.equal(ports.length, 2);
});

test("host exit during a request is HOST_DISCONNECTED, then reconnects", async () => {
  let n = 0;
  const { host, ports } = fakeHost((req, p) => {
    if (req.command === "hello") return p.emit({ id: req.id, ok: true, result: HELLO });
    if (n++ === 0) return p.close();
    p.emit({ id: req.id, ok: true, result: "again" });
  }, { lastError: "Native host has exited." });
  await assert.rejects(host.request("https://a.ru", "sign", {}), (e: PodpisFailure) => e.code === "HOST_DISCONNECTED");
  assert.equal(await host.request("https://a.ru", "status", {}), "again");
  assert.equal(ports.length, 2);
});

test("timeouts reject with HOST_TIMEOUT and send cancel", async () => {
  const { host, ports } = fakeHost((req, p) => { if (req.command === "hello") p.emit({ id: req.id, ok: true, result: HELLO }); });
  await assert.rejects(host.request("https://a.ru", "sign", {}, 20), (e: PodpisFailure) => e.code === "HOST_TIMEOUT");
  assert.equal(ports[0].sent.at(-1).command, "cancel");
  assert.deepEqual(ports[0].sent.at(-1).args, { target: 2 });
});

test("events go to subscribers", async () => {
  const { host, ports } = fakeHost((req, p) => { if (req.command === "hello") p.emit({ id: req.id, ok: true, result: HELLO }); });
  const got: unknown[] = [];
  host.onEvent((e) => got.push(e));
  await host.handshake();
  ports[0].emit({ event: "token-removed", data: { token: { module: "m", serial: "1" }, label: "t" } });
  assert.equal((got[0] as { event: string }).event, "token-removed");
});

test("Firefox reports a missing host on the port's error", async () => {
  const { host } = fakeHost((_req, p) => p.close("No such native application ru.podpis.host"));
  await assert.rejects(host.request("https://a.ru", "status", {}), (e: PodpisFailure) => e.code === "HOST_NOT_INSTALLED");
});
