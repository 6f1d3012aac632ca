// A tiny static server for the test cabinet page on 127.0.0.1.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";

const PAGE = readFileSync(new URL("../fixtures/cabinet.html", import.meta.url));

/**
 * Starts the server; resolves with {origin, localOrigin, close}: the same
 * server as http://127.0.0.1:PORT and as http://localhost:PORT (a second
 * site, which the host's development origins do not list).
 * `isolated`: serve the page cross-origin isolated (COOP + COEP), which
 * gives it fine-grained `performance.now()` (benchmarks).
 */
export function startServer({ isolated = false } = {}) {
  const headers = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store",
    ...(isolated ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {}) };
  const server = createServer((req, res) => {
    res.writeHead(200, headers);
    res.end(PAGE);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    resolve({ origin: `http://127.0.0.1:${port}`, localOrigin: `http://localhost:${port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) });
  }));
}
