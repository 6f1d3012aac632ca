/**
 * Reassembly of chunked host replies: `{id, chunk:{index,total,data}}`
 * frames whose `data` concatenated in order is the reply's JSON text.
 */

/** Limits for one reassembly. */
export const MAX_CHUNKS = 4096;

/** Outcome of feeding one chunk. */
export type ChunkOutcome =
  | { state: "partial" }
  | { state: "complete"; json: string }
  | { state: "error"; detail: string };

/** Collects the chunks of replies, keyed by request id. */
export class ChunkAssembler {
  private readonly parts = new Map<number, { total: number; got: number; data: string[] }>();

  /** Feeds one chunk frame's fields. */
  add(id: number, index: unknown, total: unknown, data: unknown): ChunkOutcome {
    if (!Number.isInteger(total) || (total as number) < 1 || (total as number) > MAX_CHUNKS ||
      !Number.isInteger(index) || (index as number) < 0 || (index as number) >= (total as number) || typeof data !== "string") {
      this.parts.delete(id);
      return { state: "error", detail: "malformed chunk frame" };
    }
    let p = this.parts.get(id);
    if (!p) {
      p = { total: total as number, got: 0, data: new Array<string>(total as number) };
      this.parts.set(id, p);
    }
    if (p.total !== total) {
      this.parts.delete(id);
      return { state: "error", detail: "chunk total changed" };
    }
    if (p.data[index as number] !== undefined) {
      this.parts.delete(id);
      return { state: "error", detail: "duplicate chunk" };
    }
    p.data[index as number] = data;
    p.got++;
    if (p.got < p.total) return { state: "partial" };
    this.parts.delete(id);
    return { state: "complete", json: p.data.join("") };
  }

  /** Drops partial data of a request (on timeout or disconnect). */
  drop(id: number): void {
    this.parts.delete(id);
  }

  /** Drops everything. */
  clear(): void {
    this.parts.clear();
  }

  /** Number of replies being reassembled. */
  get pending(): number {
    return this.parts.size;
  }
}
