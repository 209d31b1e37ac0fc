// Loopback HTTP server that injects transport faults a real node cannot produce, for the C++
// transport tests. Every request's path selects the fault; once a fault's count is used up (or for
// the pass-through path) the request is forwarded unchanged to --upstream (the test-bed node), so
// answers always come from the real node. Counters are per path, so each test uses its own path.
//
//   node tests/js/faultserver.mjs --upstream http://127.0.0.1:8545
//   prints "FAULTSERVER_URL=http://127.0.0.1:<port> PID=<pid>" and serves until SIGTERM/SIGINT.
//
// Paths (<tag> is any test-chosen suffix to keep counters apart):
//   /pass/<tag>                      forward
//   /429/<n>/<retryAfterS>/<tag>     first n requests: 429 with Retry-After: retryAfterS
//   /5xx/<n>/<status>/<tag>          first n requests: that status
//   /stall/<n>/<ms>/<tag>            first n requests: wait ms before forwarding
//   /truncate/<n>/<tag>              first n requests: Content-Length larger than the bytes sent, then close
//   /malformed/<n>/<tag>             first n requests: 200 with a body that is not JSON
//   /reset/<n>/<tag>                 first n requests: the socket is destroyed without an answer
//   /chain/<hexid>/<tag>             eth_chainId answered with <hexid> (wrong chain id), rest forwarded
//   /batchlimit/<max>/<tag>          batches longer than max get geth's one-element "batch too large" answer
//   /logrange/<max>/<tag>            a single eth_getLogs whose fromBlock..toBlock (hex numbers) spans more
//                                    than max blocks gets Infura's answer {"code":-32005,"message":"query
//                                    returned more than 10000 results"}; the rest is forwarded
// GET /count/<full path>   -> {"count": requests seen on that path}
// GET /refused/<full path> -> {"refused": eth_getLogs refused there, "ranges": [[from, to] of every
//                             eth_getLogs seen there, in arrival order]}
import http from "node:http";

const args = process.argv.slice(2);
const upstreamIndex = args.indexOf("--upstream");
if (upstreamIndex < 0 || !args[upstreamIndex + 1]) {
  console.error("usage: faultserver.mjs --upstream <url>");
  process.exit(2);
}
const upstream = new URL(args[upstreamIndex + 1]);
const counts = new Map();
const logRanges = new Map(); // path -> { refused, ranges }

function forward(body, res) {
  const req = http.request({ host: upstream.hostname, port: upstream.port, path: upstream.pathname, method: "POST",
    headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (up) => {
    const chunks = [];
    up.on("data", (c) => chunks.push(c));
    up.on("end", () => {
      const data = Buffer.concat(chunks);
      res.writeHead(up.statusCode ?? 502, { "content-type": "application/json", "content-length": data.length });
      res.end(data);
    });
  });
  req.on("error", (e) => { res.writeHead(502); res.end(String(e.message)); });
  req.end(body);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    if (req.method === "GET" && req.url.startsWith("/refused/")) {
      const seenRanges = logRanges.get(req.url.slice("/refused".length)) ?? { refused: 0, ranges: [] };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(seenRanges));
      return;
    }
    if (req.method === "GET" && req.url.startsWith("/count/")) {
      const key = req.url.slice("/count".length);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ count: counts.get(key) ?? 0 }));
      return;
    }
    const seen = (counts.get(req.url) ?? 0) + 1;
    counts.set(req.url, seen);
    const parts = req.url.split("/").filter(Boolean);
    const kind = parts[0];
    const n = Number(parts[1] ?? 0);
    const active = seen <= n;
    if (kind === "429" && active) {
      res.writeHead(429, { "retry-after": parts[2], "content-type": "text/plain" });
      res.end("rate limited");
    } else if (kind === "5xx" && active) {
      res.writeHead(Number(parts[2]), { "content-type": "text/plain" });
      res.end("server error");
    } else if (kind === "stall" && active) {
      setTimeout(() => forward(body, res), Number(parts[2]));
    } else if (kind === "truncate" && active) {
      res.writeHead(200, { "content-type": "application/json", "content-length": 1000 });
      res.write('{"jsonrpc":"2.0","id":1,"res');
      setTimeout(() => res.socket?.destroy(), 20);
    } else if (kind === "malformed" && active) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"jsonrpc":"2.0","id":1,"result":0x1 oops');
    } else if (kind === "reset" && active) {
      req.socket.destroy();
    } else if (kind === "batchlimit") {
      let parsed;
      try { parsed = JSON.parse(body); } catch { parsed = null; }
      if (Array.isArray(parsed) && parsed.length > Number(parts[1])) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify([{ jsonrpc: "2.0", id: parsed[0].id, error: { code: -32600, message: "batch too large" } }]));
      } else {
        forward(body, res);
      }
    } else if (kind === "logrange") {
      let parsed;
      try { parsed = JSON.parse(body); } catch { parsed = null; }
      const filter = parsed && !Array.isArray(parsed) && parsed.method === "eth_getLogs" ? parsed.params?.[0] : null;
      const quantity = (q) => (typeof q === "string" && /^0x[0-9a-f]+$/i.test(q) ? Number(BigInt(q)) : null);
      const from = quantity(filter?.fromBlock);
      const to = quantity(filter?.toBlock);
      if (filter) {
        const entry = logRanges.get(req.url) ?? { refused: 0, ranges: [] };
        logRanges.set(req.url, entry);
        entry.ranges.push([from, to]);
        if (from !== null && to !== null && to - from + 1 > n) {
          entry.refused++;
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ jsonrpc: "2.0", id: parsed.id, error: { code: -32005, message: "query returned more than 10000 results" } }));
          return;
        }
      }
      forward(body, res);
    } else if (kind === "chain") {
      let parsed;
      try { parsed = JSON.parse(body); } catch { parsed = null; }
      if (parsed && !Array.isArray(parsed) && parsed.method === "eth_chainId") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id: parsed.id, result: parts[1] }));
      } else {
        forward(body, res);
      }
    } else {
      forward(body, res);
    }
  });
});

server.listen(0, "127.0.0.1", () => {
  console.log(`FAULTSERVER_URL=http://127.0.0.1:${server.address().port} PID=${process.pid}`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
