// Minimal JSON-RPC 2.0 client over HTTP (single calls and batches) used by the test bed.

let nextId = 1;

export class RpcError extends Error {
  constructor(method, error) {
    super(`${method}: ${error.message ?? JSON.stringify(error)}`);
    this.code = error.code;
    this.data = error.data;
    // A revert's data: a hex string in error.data, or nested in error.data.data (Hardhat/EDR).
    this.revertData = typeof error.data === "string" ? error.data : error.data?.data;
  }
}

// A kept-alive connection may be closed by the server just as a request is written to it
// ("other side closed"); such a request never reached the server, so it is sent again.
async function post(url, body) {
  const payload = JSON.stringify(body);
  let res;
  for (let attempt = 0; ; attempt++) {
    try {
      res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: payload });
      break;
    } catch (e) {
      const code = e.cause?.code;
      if (attempt >= 2 || (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET")) throw new Error(`rpc ${url}: ${e.message}${code ? ` (${code})` : ""}`);
    }
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`rpc ${url}: HTTP ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

export async function rpc(url, method, params = []) {
  const reply = await post(url, { jsonrpc: "2.0", id: nextId++, method, params });
  if (reply.error) throw new RpcError(method, reply.error);
  return reply.result;
}

// Sends calls ([method, params] pairs) as one JSON-RPC batch; results in call order.
// Throws on the first error unless allowErrors, in which case errors are returned as RpcError objects.
export async function rpcBatch(url, calls, { allowErrors = false } = {}) {
  if (calls.length === 0) return [];
  const base = nextId;
  nextId += calls.length;
  const body = calls.map(([method, params], i) => ({ jsonrpc: "2.0", id: base + i, method, params: params ?? [] }));
  const reply = await post(url, body);
  if (!Array.isArray(reply)) throw new Error(`rpc batch: expected an array reply, got ${JSON.stringify(reply).slice(0, 200)}`);
  const byId = new Map(reply.map((r) => [r.id, r]));
  return calls.map(([method], i) => {
    const r = byId.get(base + i);
    if (!r) throw new Error(`rpc batch: no reply for call ${i} (${method})`);
    if (r.error) {
      const e = new RpcError(method, r.error);
      if (!allowErrors) throw e;
      return e;
    }
    return r.result;
  });
}

export const toQuantity = (v) => "0x" + BigInt(v).toString(16);
