import { test } from "node:test";
import assert from "node:assert/strict";
import { ChunkAssembler } from "../src/background/chunks";

test("reassembles chunks in any order", () => {
  const a = new ChunkAssembler();
  const json = JSON.stringify({ id: 3, ok: true, result: { big: "x".repeat(100) } });
  const parts = [json.slice(0, 10), json.slice(10, 50), json.slice(50)];
  assert.deepEqual(a.add(3, 2, 3, parts[2]), { state: "partial" });
  assert.deepEqual(a.add(3, 0, 3, parts[0]), { state: "partial" });
  assert.deepEqual(a.add(3, 1, 3, parts[1]), { state: "complete", json });
  assert.equal(a.pending, 0);
});

test("keeps replies of different requests apart", () => {
  const a = new ChunkAssembler();
  a.add(1, 0, 2, "[1,");
  a.add(2, 0, 2, "[2,");
  assert.deepEqual(a.add(2, 1, 2, "2]"), { state: "complete", json: "[2,2]" });
  assert.deepEqual(a.add(1, 1, 2, "1]"), { state: "complete", json: "[1,1]" });
});

test("refuses malformed, duplicate and inconsistent chunks", () => {
  const a = new ChunkAssembler();
  assert.equal(a.add(1, 0, 0, "x").state, "error");
  assert.equal(a.add(1, 2, 2, "x").state, "error");
  assert.equal(a.add(1, -1, 2, "x").state, "error");
  assert.equal(a.add(1, 0, 2, 5).state, "error");
  assert.equal(a.add(1, 0, 1e9, "x").state, "error");
  a.add(4, 0, 3, "a");
  assert.equal(a.add(4, 0, 3, "a").state, "error");
  a.add(5, 0, 3, "a");
  assert.equal(a.add(5, 1, 4, "b").state, "error");
  assert.equal(a.pending, 0);
});
