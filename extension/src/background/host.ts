/**
 * The connection to the native host `ru.podpis.host`: one long-lived
 * `connectNative` port, the `hello` handshake, request ids, reassembly of
 * chunked replies, timeouts, reconnect after the host exits, and events.
 */
import { PROTOCOL_VERSION, type CommandName, type Event, type HelloResult } from "../protocol/generated";
import type { Wire } from "../shared/wire";
import { PodpisFailure, isKnownCode } from "../shared/errors";
import { ChunkAssembler } from "./chunks";

/** Native host name (the host manifests are registered under it). */
export const HOST_NAME = "ru.podpis.host";
/** Handshake timeout. */
export const HELLO_TIMEOUT_MS = 10_000;
/** Timeout of commands without user interaction. */
export const SHORT_TIMEOUT_MS = 30_000;
/** Timeout of commands that wait for the user (PIN entry). */
export const USER_TIMEOUT_MS = 10 * 60_000;

/** Minimal port surface, so tests can drive the connection without a browser. */
export interface PortLike {
  postMessage(m: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (m: unknown) => void): void };
  onDisconnect: { addListener(cb: (port: unknown) => void): void };
}

/**
 * Opens a port; `lastError()` returns why it closed: Chrome reports it in
 * `runtime.lastError`, Firefox in the port's `error` property.
 */
export interface Connector {
  connect(name: string): PortLike;
  lastError(port: unknown): string | undefined;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: PodpisFailure) => void; timer: ReturnType<typeof setTimeout> };

/** Listener of host events. */
export type EventListener = (e: Wire<Event>) => void;

/** Browser messages meaning "no such native host". */
const NOT_FOUND_RE = /not found|no such native application|not installed|forbidden|access to the specified native messaging host/i;

/** The host connection. */
export class NativeHost {
  private port: PortLike | null = null;
  private ready: Promise<Wire<HelloResult>> | null = null;
  private hello: Wire<HelloResult> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly chunks = new ChunkAssembler();
  private readonly listeners = new Set<EventListener>();
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  /** Last reason the port closed, for diagnostics. */
  lastDisconnect: string | null = null;

  constructor(
    private readonly connector: Connector,
    private readonly selfOrigin: string,
    private readonly extensionVersion: string,
  ) {}

  /** The handshake result of the current connection (connecting if needed). */
  async handshake(): Promise<Wire<HelloResult>> {
    if (!this.ready) this.ready = this.open();
    return this.ready;
  }

  /** The consent key of the live connection. */
  async consentKey(): Promise<string> {
    return (await this.handshake()).consentKey;
  }

  /**
   * Sends one command and resolves with its result. Rejects with a
   * {@link PodpisFailure} carrying the host's error code, or
   * `HOST_NOT_INSTALLED` / `HOST_DISCONNECTED` / `HOST_TIMEOUT`.
   */
  async request<T>(origin: string, command: CommandName, args: unknown, timeoutMs = SHORT_TIMEOUT_MS): Promise<T> {
    await this.handshake();
    return this.send<T>(origin, command, args, timeoutMs);
  }

  /** Subscribes to host events; returns the unsubscribe function. */
  onEvent(cb: EventListener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Whether events have listeners (then the connection is kept up). */
  get wantsEvents(): boolean {
    return this.listeners.size > 0;
  }

  private send<T>(origin: string, command: CommandName, args: unknown, timeoutMs: number): Promise<T> {
    const port = this.port;
    if (!port) return Promise.reject(new PodpisFailure("HOST_DISCONNECTED"));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.chunks.drop(id);
        if (command !== "hello") {
          try { port.postMessage({ id: this.nextId++, origin: this.selfOrigin, command: "cancel", args: { target: id } }); } catch { /* port gone */ }
        }
        reject(new PodpisFailure("HOST_TIMEOUT", `${command} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      try {
        port.postMessage({ id, origin, command, args: args ?? {} });
      } catch (e) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new PodpisFailure("HOST_DISCONNECTED", String(e)));
      }
    });
  }

  private async open(): Promise<Wire<HelloResult>> {
    let port: PortLike;
    try {
      port = this.connector.connect(HOST_NAME);
    } catch (e) {
      this.ready = null;
      throw new PodpisFailure("HOST_NOT_INSTALLED", String(e));
    }
    this.port = port;
    let closed = false;
    port.onMessage.addListener((m) => this.onFrame(m));
    port.onDisconnect.addListener((p) => {
      closed = true;
      this.onClosed(port, this.connector.lastError(p));
    });
    let hello: Wire<HelloResult>;
    try {
      hello = await this.send<Wire<HelloResult>>(this.selfOrigin, "hello", { protocol: PROTOCOL_VERSION, extensionVersion: this.extensionVersion }, HELLO_TIMEOUT_MS);
    } catch (e) {
      if (!closed) { try { port.disconnect(); } catch { /* ignore */ } this.onClosed(port); }
      this.ready = null;
      throw e;
    }
    const major = (v: string) => v.split(".")[0];
    if (typeof hello?.protocol !== "string" || major(hello.protocol) !== major(PROTOCOL_VERSION)) {
      try { port.disconnect(); } catch { /* ignore */ }
      this.onClosed(port);
      this.ready = null;
      throw new PodpisFailure("PROTOCOL_MISMATCH", `host speaks ${String(hello?.protocol)}, extension ${PROTOCOL_VERSION}`);
    }
    this.hello = hello;
    return hello;
  }

  private onFrame(m: unknown): void {
    if (typeof m !== "object" || m === null) return;
    const f = m as Record<string, unknown>;
    if (typeof f.event === "string") {
      for (const l of this.listeners) {
        try { l(f as Wire<Event>); } catch { /* listener errors are theirs */ }
      }
      return;
    }
    if (typeof f.id !== "number") return;
    const id = f.id;
    if (f.chunk && typeof f.chunk === "object") {
      const c = f.chunk as Record<string, unknown>;
      const out = this.chunks.add(id, c.index, c.total, c.data);
      if (out.state === "partial") return;
      if (out.state === "error") return this.settle(id, { ok: false, error: { code: "INTERNAL", detail: out.detail } });
      let reply: unknown;
      try { reply = JSON.parse(out.json); } catch { return this.settle(id, { ok: false, error: { code: "INTERNAL", detail: "chunked reply is not JSON" } }); }
      return this.settle(id, reply);
    }
    this.settle(id, f);
  }

  private settle(id: number, reply: unknown): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    const r = reply as { ok?: unknown; result?: unknown; error?: Record<string, unknown> };
    if (r && r.ok === true) return p.resolve(r.result);
    const e = r?.error ?? {};
    const code = isKnownCode(e.code) ? e.code : "INTERNAL";
    const fromHost = typeof e.messageRu === "string" && typeof e.messageEn === "string"
      ? { messageRu: e.messageRu, messageEn: e.messageEn, ...(typeof e.attemptsLeft === "number" ? { attemptsLeft: e.attemptsLeft } : {}) }
      : undefined;
    p.reject(new PodpisFailure(code, typeof e.detail === "string" ? e.detail : undefined, fromHost));
  }

  private onClosed(port: PortLike, reason?: string): void {
    if (this.port !== port) return;
    const why = reason ?? "host exited";
    this.lastDisconnect = why;
    const code = this.hello === null && NOT_FOUND_RE.test(why) ? "HOST_NOT_INSTALLED" : "HOST_DISCONNECTED";
    this.port = null;
    this.ready = null;
    this.hello = null;
    this.chunks.clear();
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new PodpisFailure(code, why));
    }
    this.pending.clear();
    if (code === "HOST_DISCONNECTED" && this.wantsEvents) this.scheduleReconnect();
  }

  /** Reconnects after an unexpected exit so token events keep flowing. */
  private scheduleReconnect(): void {
    if (this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.wantsEvents && !this.ready) this.handshake().catch(() => { /* next request retries */ });
    }, 2000);
  }
}
