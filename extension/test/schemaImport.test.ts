// The two WASM modules as the options page uses them: the schema-import
// module compiles XSD files into a pack, the main module loads that pack;
// the main module itself has no compiler (that is what keeps it small).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadWasm } from "../src/shared/wasm";
import { loadSchemaImport } from "../src/shared/schemaImport";

// dist/tests/ → extension/wasm/
const wasmDir = join(process.cwd(), "wasm");
const main = () => loadWasm(readFileSync(join(wasmDir, "podpis_wasm_bg.wasm")));
const importer = () => loadSchemaImport(readFileSync(join(wasmDir, "podpis_schema_import_bg.wasm")));

const enc = (s: string) => new TextEncoder().encode(s);
const TYPES = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="CodeType"><xs:restriction base="xs:string"><xs:pattern value="[0-9]{7}"/></xs:restriction></xs:simpleType>
</xs:schema>`;
const FORM = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:include schemaLocation="types/TYPES.xsd"/>
  <xs:element name="Report"><xs:annotation><xs:documentation>Тестовая форма</xs:documentation></xs:annotation>
    <xs:complexType><xs:attribute name="code" type="CodeType" use="required"/></xs:complexType>
  </xs:element>
</xs:schema>`;

test("a pack compiled by the schema-import module loads in the main module and checks", async () => {
  const [compiler, wasm] = await Promise.all([importer(), main()]);
  const pack = compiler.compileSchemas([
    { name: "TEST_FORM.xsd", bytes: enc(FORM) },
    { name: "types/TYPES.xsd", bytes: enc(TYPES) },
  ]);
  assert.ok(pack instanceof Uint8Array && pack.length > 10);
  const v = wasm.Validator.fromPack(pack);
  const forms = v.forms();
  assert.deepEqual(forms.map((f) => [f.name, f.root]), [["TEST_FORM", "Report"]]);
  const bad = v.check(enc('<?xml version="1.0" encoding="UTF-8"?><Report code="12"/>'), "x.xml", "en");
  assert.equal(bad.form, "TEST_FORM");
  assert.ok(bad.findings.some((f) => f.severity === "Error" && f.path.includes("code")), JSON.stringify(bad.findings));
  const good = v.check(enc('<?xml version="1.0" encoding="UTF-8"?><Report code="1234567"/>'), "x.xml", "en");
  assert.deepEqual(good.findings, []);
  v.free?.();
});

test("schema errors name the file; the main module offers no compiler", async () => {
  const [compiler, wasm] = await Promise.all([importer(), main()]);
  try {
    compiler.compileSchemas([{ name: "TEST_FORM.xsd", bytes: enc(FORM) }]);
    assert.fail("compiled a schema whose include is missing");
  } catch (e) {
    const err = e as { code: string; file?: string; messageEn: string };
    assert.equal(err.code, "SCHEMA_MISSING_FILE");
    assert.equal(err.file, "TEST_FORM.xsd");
    assert.match(err.messageEn, /TYPES\.xsd/);
  }
  assert.equal((wasm.Validator as unknown as { compile?: unknown }).compile, undefined);
});
