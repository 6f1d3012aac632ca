// A tiny static server for the test cabinet page on 127.0.0.1, which also
// serves the page API module sites ship (extension/page-api/podpis.mjs).
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { EXTENSION } from "./env.mjs";
import { join } from "node:path";

const PAGE = readFileSync(new URL("../fixtures/cabinet.html", import.meta.url));
const PAGE_API = readFileSync(join(EXTENSION, "page-api/podpis.mjs"));

/** Listens on `address`, port 0; resolves with the port. */
const listen = (server, address) => new Promise((resolve) => server.listen(0, address, () => resolve(server.address().port)));

/**
 * Starts the server; resolves with {origin, localOrigin, plainOrigin, close}:
 * the same pages as http://127.0.0.1:PORT and as http://localhost:PORT (a
 * second site, which the host's development origins do not list), and as
 * http://127.0.0.2:PORT2, a site the extension's content scripts do not
 * match (a page without Podpis). `/podpis.mjs` is the page API module.
 * `isolated`: serve the page cross-origin isolated (COOP + COEP), which
 * gives it fine-grained `performance.now()` (benchmarks).
 */
export async function startServer({ isolated = false } = {}) {
  const common = { "cache-control": "no-store",
    ...(isolated ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {}) };
  const handler = (req, res) => {
    if (new URL(req.url, "http://x").pathname === "/podpis.mjs") {
      res.writeHead(200, { ...common, "content-type": "text/javascript; charset=utf-8" });
      return res.end(PAGE_API);
    }
    res.writeHead(200, { ...common, "content-type": "text/html; charset=utf-8" });
    res.end(PAGE);
  };
  const servers = [createServer(handler), createServer(handler)];
  const port = await listen(servers[0], "127.0.0.1");
  const plainPort = await listen(servers[1], "127.0.0.2");
  const close = (s) => new Promise((r) => { s.closeAllConnections(); s.close(r); });
  return {
    origin: `http://127.0.0.1:${port}`, localOrigin: `http://localhost:${port}`, plainOrigin: `http://127.0.0.2:${plainPort}`,
    close: () => Promise.all(servers.map(close)),
  };
}
