import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { EXTENSION_ERROR_CODES, PodpisFailure, toPodpisError } from "../src/shared/errors";
import { ERROR_MESSAGES } from "../src/protocol/generated";

const load = (l: string) => JSON.parse(readFileSync(new URL(`../../_locales/${l}/messages.json`, import.meta.url), "utf8"));
const catalogs = { ru: load("ru"), en: load("en") };

test("every extension code has ru and en texts", () => {
  for (const code of EXTENSION_ERROR_CODES) {
    assert.ok(catalogs.ru[`error_${code}`]?.message, `ru ${code}`);
    assert.ok(catalogs.en[`error_${code}`]?.message, `en ${code}`);
  }
});

test("ru and en catalogs have the same keys", () => {
  assert.deepEqual(Object.keys(catalogs.ru).sort(), Object.keys(catalogs.en).sort());
});

test("extension codes take locale texts; message follows the language", () => {
  const e = toPodpisError(new PodpisFailure("HOST_NOT_INSTALLED", "not found"), catalogs, "ru");
  assert.equal(e.code, "HOST_NOT_INSTALLED");
  assert.match(e.messageRu, /podpis-host install/);
  assert.equal(e.message, e.messageRu);
  assert.equal(e.detail, "not found");
  assert.equal(toPodpisError(new PodpisFailure("HOST_NOT_INSTALLED"), catalogs, "en").message, catalogs.en.error_HOST_NOT_INSTALLED.message);
});

test("host codes keep the host's texts, else the generated defaults", () => {
  const e = toPodpisError(new PodpisFailure("PIN_INCORRECT", undefined, { messageRu: "Неверный PIN", messageEn: "Wrong PIN", attemptsLeft: 2 }), catalogs, "ru");
  assert.deepEqual([e.code, e.messageRu, e.attemptsLeft], ["PIN_INCORRECT", "Неверный PIN", 2]);
  const d = toPodpisError(new PodpisFailure("NO_TOKEN"), catalogs, "en");
  assert.equal(d.message, ERROR_MESSAGES.NO_TOKEN.en);
});

test("anything else becomes INTERNAL", () => {
  assert.equal(toPodpisError(new Error("boom"), catalogs, "ru").code, "INTERNAL");
  assert.equal(toPodpisError(new PodpisFailure("WHATEVER" as never), catalogs, "ru").code, "INTERNAL");
});

test("the page API's PodpisErrorCode (podpis.d.ts) lists exactly the host's and the extension's codes", () => {
  const dts = readFileSync(new URL("../../page-api/podpis.d.ts", import.meta.url), "utf8");
  const union = /export type PodpisErrorCode =([^;]*);/.exec(dts)?.[1] ?? "";
  const declared = [...union.matchAll(/"([A-Z_0-9]+)"/g)].map((m) => m[1]).sort();
  // ORIGIN_NOT_ALLOWED is both the host's and the extension's.
  assert.deepEqual(declared, [...new Set([...Object.keys(ERROR_MESSAGES), ...EXTENSION_ERROR_CODES])].sort());
});

test("every extension code is in the page API's error table (docs/page-api.md)", () => {
  const doc = readFileSync(new URL("../../../docs/page-api.md", import.meta.url), "utf8");
  for (const code of EXTENSION_ERROR_CODES) assert.match(doc, new RegExp(`\`${code}\``), code);
});
