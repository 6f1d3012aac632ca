/**
 * JSON wire shapes. The generated protocol types use `bigint` for Rust
 * `u64` fields; on the wire (JSON) they are plain numbers, all well below
 * 2^53 (request ids, millisecond timestamps, byte counts).
 */
export type Wire<T> = T extends bigint
  ? number
  : T extends Array<infer U>
    ? Array<Wire<U>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;
