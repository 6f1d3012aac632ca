/**
 * What a report's first start tag says about its form — root element,
 * namespace, `ВерсФорм` — and its first `КНД` attribute, read from the
 * first 64 KiB in JavaScript. The WASM validator's `detect` does this for
 * the packs it can load; this is for the forms of packs it cannot load any
 * more (made by an older Podpis), to tell the user that the form IS
 * installed but its pack needs importing again (`FORM_PACK_OUTDATED`)
 * rather than that the form is unknown. It follows the validator's own
 * rules (wasm-validator/core/src/form_identity.rs: `identify_document`,
 * `select_form`), stricter on КНД.
 */
import type { FormInfo } from "../shared/wasm";

/** How much of a document is read. */
export const IDENTIFY_PREFIX_BYTES = 64 * 1024;

/** A document's identity. */
export interface DocumentIdentity {
  /** Root namespace ("" for none, as in FNS reports). */
  rootNs: string;
  /** Root local name. */
  rootLocal: string;
  /** Root `ВерсФорм`. */
  version?: string;
  /** First `КНД="…"` attribute. */
  knd?: string;
}

/** The encoding label of an XML document's head: BOM, then the declaration, else UTF-8. */
export function encodingOf(head: Uint8Array): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  let decl = "";
  for (let i = 0; i < Math.min(head.length, 256); i++) decl += String.fromCharCode(head[i]!);
  const m = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(decl);
  return m ? m[1]!.toLowerCase() : "utf-8";
}

/** The head of `bytes` as text (unknown labels read as UTF-8). */
function decodeHead(bytes: Uint8Array): string {
  const head = bytes.subarray(0, IDENTIFY_PREFIX_BYTES);
  let decoder: TextDecoder;
  try { decoder = new TextDecoder(encodingOf(head)); } catch { decoder = new TextDecoder("utf-8"); }
  return decoder.decode(head);
}

/** The first `name="value"` (or `'value'`) attribute in `text` whose name stands alone. */
export function attributeValue(text: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const i = text.indexOf(name, from);
    if (i < 0) return undefined;
    from = i + name.length;
    if (i > 0 && !/\s/.test(text[i - 1]!)) continue;
    const m = /^\s*=\s*(["'])/.exec(text.slice(from, from + 64));
    if (!m) continue;
    const start = from + m[0].length;
    const end = text.indexOf(m[1]!, start);
    if (end >= 0) return text.slice(start, end);
  }
}

/** The identity of XML `bytes`, or null when no start tag is found. */
export function identifyDocument(bytes: Uint8Array): DocumentIdentity | null {
  const text = decodeHead(bytes);
  let at = 0;
  for (;;) {
    const lt = text.indexOf("<", at);
    if (lt < 0) return null;
    if (text.startsWith("<!--", lt)) {
      const end = text.indexOf("-->", lt);
      if (end < 0) return null;
      at = end + 3;
      continue;
    }
    if (text.startsWith("<?", lt) || text.startsWith("<!", lt)) {
      const end = text.indexOf(">", lt);
      if (end < 0) return null;
      at = end + 1;
      continue;
    }
    const gt = text.indexOf(">", lt);
    if (gt < 0) return null;
    const tag = text.slice(lt + 1, gt);
    const qname = /^[^\s/]*/.exec(tag)![0];
    const colon = qname.indexOf(":");
    const prefix = colon >= 0 ? qname.slice(0, colon) : "";
    const id: DocumentIdentity = {
      rootNs: attributeValue(tag, prefix ? `xmlns:${prefix}` : "xmlns") ?? "",
      rootLocal: colon >= 0 ? qname.slice(colon + 1) : qname,
    };
    const version = attributeValue(tag, "ВерсФорм");
    if (version !== undefined) id.version = version;
    const knd = attributeValue(text, "КНД");
    if (knd !== undefined) id.knd = knd;
    return id;
  }
}

/**
 * The form among `forms` the document belongs to: same root and
 * namespace, КНД not contradicting; a matching КНД and version preferred.
 * Null when none fits.
 */
export function formFor(forms: FormInfo[], id: DocumentIdentity): FormInfo | null {
  let best: { score: number; form: FormInfo } | null = null;
  for (const f of forms) {
    if (f.root !== id.rootLocal || (f.namespace ?? "") !== id.rootNs) continue;
    if (f.knd && id.knd && f.knd !== id.knd) continue;
    const score = (f.knd && f.knd === id.knd ? 4 : 0) + (f.version && id.version ? (f.version === id.version ? 2 : -2) : 0);
    if (!best || score > best.score) best = { score, form: f };
  }
  return best?.form ?? null;
}
