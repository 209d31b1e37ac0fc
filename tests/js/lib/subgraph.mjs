// Subgraph stand-in: a GraphQL server (graphql-js + node:http) serving the subset of the Aave V3
// subgraph schema that liquidbot queries, answered from the local chain (lib/subgraph-index.mjs), with
// The Graph's query rules (first <= 1000, default 100, skip, orderBy/orderDirection, where filters
// incl. _gt/_in/... and child filters `field_`, block: { number }) and fault knobs for tests.
//
// Admin endpoint on the same server:
//   GET    /admin/faults            current knobs
//   POST   /admin/faults  {knob: {value, count}} (count = next K GraphQL requests; absent/null = all)
//   DELETE /admin/faults            clear all knobs
//   GET    /admin/status            request counters and the chain head
// Knobs: latencyMs (ms), http429 (Retry-After seconds), http5xx (status), malformedJson, truncatedJson,
//        graphqlErrors, indexingLag (blocks behind the chain head).

import http from "node:http";
import {
  graphql, buildSchema, GraphQLScalarType, Kind, GraphQLError,
} from "graphql";
import { Indexer } from "./subgraph-index.mjs";
import { freePort, assertPortFree } from "./chain.mjs";

const MAX_FIRST = 1000;
const DEFAULT_FIRST = 100;
const DEPLOYMENT_ID = "QmLiquidbotTestbedAaveV3Base00000000000000000000";

// Entity fields: scalar type names, "@Type" (to-one, non-null), "@Type?" (nullable), or
// [Type, foreignKey] for derived lists.
const ENTITIES = {
  Pool: { id: "ID!", pool: "Bytes", poolConfigurator: "Bytes", proxyPriceProvider: "Bytes", poolDataProviderImpl: "Bytes",
    active: "Boolean!", paused: "Boolean!", lastUpdateTimestamp: "Int!", reserves: ["Reserve", "pool"] },
  Reserve: { id: "ID!", underlyingAsset: "Bytes!", pool: "@Pool", symbol: "String!", name: "String!", decimals: "Int!",
    usageAsCollateralEnabled: "Boolean!", borrowingEnabled: "Boolean!", stableBorrowRateEnabled: "Boolean!", isActive: "Boolean!",
    isFrozen: "Boolean!", isPaused: "Boolean!", isDropped: "Boolean!", borrowableInIsolation: "Boolean!", siloedBorrowing: "Boolean!",
    flashLoanEnabled: "Boolean!", baseLTVasCollateral: "BigInt!", reserveLiquidationThreshold: "BigInt!",
    reserveLiquidationBonus: "BigInt!", reserveFactor: "BigInt!", borrowCap: "BigInt!", supplyCap: "BigInt!",
    liquidationProtocolFee: "BigInt!", unbackedMintCap: "BigInt!", debtCeiling: "BigInt!", eMode: "@EModeCategory?",
    liquidityIndex: "BigInt!", variableBorrowIndex: "BigInt!", liquidityRate: "BigInt!", variableBorrowRate: "BigInt!",
    stableBorrowRate: "BigInt!", lastUpdateTimestamp: "Int!", accruedToTreasury: "BigInt!", unbacked: "BigInt!",
    isolationModeTotalDebt: "BigInt!", totalATokenSupply: "BigInt!", totalScaledVariableDebt: "BigInt!",
    totalCurrentVariableDebt: "BigInt!", totalPrincipalStableDebt: "BigInt!", availableLiquidity: "BigInt!",
    price: "@PriceOracleAsset", aToken: "@SubToken", vToken: "@SubToken", sToken: "@SubToken",
    reserveInterestRateStrategy: "Bytes!", userReserves: ["UserReserve", "reserve"] },
  SubToken: { id: "ID!", pool: "@Pool", underlyingAssetAddress: "Bytes!", underlyingAssetDecimals: "Int!" },
  PriceOracle: { id: "ID!", proxyPriceProvider: "Bytes!", fallbackPriceOracle: "Bytes!", baseCurrency: "Bytes!",
    baseCurrencyUnit: "BigInt!", usdPriceEth: "BigInt!", usdPriceEthMainSource: "Bytes!", usdPriceEthFallbackRequired: "Boolean!",
    lastUpdateTimestamp: "Int!", tokens: ["PriceOracleAsset", "oracle"] },
  PriceOracleAsset: { id: "ID!", oracle: "@PriceOracle", priceSource: "Bytes!", isFallbackRequired: "Boolean!",
    priceInEth: "BigInt!", lastUpdateTimestamp: "Int!" },
  EModeCategory: { id: "ID!", ltv: "BigInt!", liquidationThreshold: "BigInt!", liquidationBonus: "BigInt!", oracle: "Bytes!",
    label: "String!", assets: ["EModeCategoryConfig", "category"] },
  EModeCategoryConfig: { id: "ID!", category: "@EModeCategory", asset: "Bytes!", reserve: "@Reserve", collateral: "Boolean!",
    borrowable: "Boolean!" },
  User: { id: "ID!", borrowedReservesCount: "Int!", eModeCategoryId: "@EModeCategory?", unclaimedRewards: "BigInt!",
    lifetimeRewards: "BigInt!", incentivesLastUpdated: "Int!", reserves: ["UserReserve", "user"] },
  UserReserve: { id: "ID!", pool: "@Pool", reserve: "@Reserve", user: "@User", usageAsCollateralEnabledOnUser: "Boolean!",
    scaledATokenBalance: "BigInt!", currentATokenBalance: "BigInt!", scaledVariableDebt: "BigInt!", currentVariableDebt: "BigInt!",
    principalStableDebt: "BigInt!", currentStableDebt: "BigInt!", currentTotalDebt: "BigInt!", stableBorrowRate: "BigInt!",
    oldStableBorrowRate: "BigInt!", liquidityRate: "BigInt!", variableBorrowIndex: "BigInt!",
    stableBorrowLastUpdateTimestamp: "Int!", lastUpdateTimestamp: "Int!" },
};
const QUERY_NAMES = {
  Pool: ["pool", "pools"], Reserve: ["reserve", "reserves"], SubToken: ["subToken", "subTokens"],
  PriceOracle: ["priceOracle", "priceOracles"], PriceOracleAsset: ["priceOracleAsset", "priceOracleAssets"],
  EModeCategory: ["emodeCategory", "eModeCategories"], EModeCategoryConfig: ["emodeCategoryConfig", "eModeCategoryConfigs"],
  User: ["user", "users"], UserReserve: ["userReserve", "userReserves"],
};

const kindOf = (spec) => {
  if (Array.isArray(spec)) return { kind: "list", target: spec[0], fk: spec[1] };
  if (spec.startsWith("@")) return { kind: "ref", target: spec.replace(/[@?]/g, ""), nullable: spec.endsWith("?") };
  return { kind: "scalar", type: spec.replace("!", ""), nonNull: spec.endsWith("!") };
};

function buildSdl() {
  const out = [
    "scalar BigInt", "scalar BigDecimal", "scalar Bytes",
    "enum OrderDirection { asc desc }",
    "input Block_height { hash: Bytes number: Int number_gte: Int }",
    "type _Block_ { hash: Bytes number: Int! timestamp: Int parentHash: Bytes }",
    "type _Meta_ { block: _Block_! deployment: String! hasIndexingErrors: Boolean! }",
  ];
  const listArgs = (t) => `(skip: Int = 0, first: Int = ${DEFAULT_FIRST}, orderBy: ${t}_orderBy, orderDirection: OrderDirection, where: ${t}_filter)`;
  const query = ["type Query {"];
  for (const [name, fields] of Object.entries(ENTITIES)) {
    const typeLines = [];
    const filter = [];
    const order = [];
    for (const [f, spec] of Object.entries(fields)) {
      const k = kindOf(spec);
      if (k.kind === "scalar") {
        typeLines.push(`${f}: ${spec}`);
        const t = k.type;
        const ops = t === "Boolean" ? ["", "_not", "_in", "_not_in"] : ["", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in"];
        for (const op of ops) filter.push(`${f}${op}: ${op.endsWith("in") ? `[${t}!]` : t}`);
        if (["String", "Bytes", "ID"].includes(t)) for (const op of ["_contains", "_not_contains", "_starts_with", "_ends_with"]) filter.push(`${f}${op}: ${t}`);
        order.push(f);
      } else if (k.kind === "ref") {
        typeLines.push(`${f}: ${k.target}${k.nullable ? "" : "!"}`);
        for (const op of ["", "_not", "_gt", "_lt", "_gte", "_lte", "_starts_with"]) filter.push(`${f}${op}: String`);
        for (const op of ["_in", "_not_in"]) filter.push(`${f}${op}: [String!]`);
        filter.push(`${f}_: ${k.target}_filter`);
        order.push(f);
      } else {
        typeLines.push(`${f}${listArgs(k.target)}: [${k.target}!]!`);
        filter.push(`${f}_: ${k.target}_filter`);
      }
    }
    filter.push(`and: [${name}_filter]`, `or: [${name}_filter]`);
    out.push(`type ${name} {\n  ${typeLines.join("\n  ")}\n}`);
    out.push(`input ${name}_filter {\n  ${filter.join("\n  ")}\n}`);
    out.push(`enum ${name}_orderBy { ${order.join(" ")} }`);
    const [one, many] = QUERY_NAMES[name];
    query.push(`  ${one}(id: ID!, block: Block_height): ${name}`);
    query.push(`  ${many}${listArgs(name).replace(")", ", block: Block_height)")}: [${name}!]!`);
  }
  query.push("  _meta(block: Block_height): _Meta_", "}");
  out.push(query.join("\n"));
  return out.join("\n\n");
}

const BigIntScalar = new GraphQLScalarType({
  name: "BigInt",
  serialize: (v) => BigInt(v).toString(),
  parseValue: (v) => {
    if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
    if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
    throw new GraphQLError(`Invalid BigInt value: ${JSON.stringify(v)}`);
  },
  parseLiteral: (ast) => {
    if ((ast.kind === Kind.STRING && /^-?\d+$/.test(ast.value)) || ast.kind === Kind.INT) return BigInt(ast.value);
    throw new GraphQLError(`Invalid BigInt value`);
  },
});
const BytesScalar = new GraphQLScalarType({
  name: "Bytes",
  serialize: (v) => String(v).toLowerCase(),
  parseValue: (v) => {
    if (typeof v === "string" && /^0x([0-9a-fA-F]{2})*$/.test(v)) return v.toLowerCase();
    throw new GraphQLError(`Invalid Bytes value: ${JSON.stringify(v)}`);
  },
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING && /^0x([0-9a-fA-F]{2})*$/.test(ast.value)) return ast.value.toLowerCase();
    throw new GraphQLError(`Invalid Bytes value`);
  },
});

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === "bigint" || typeof b === "bigint") { const x = BigInt(a); const y = BigInt(b); return x < y ? -1 : x > y ? 1 : 0; }
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean") return Number(a) - Number(b);
  const x = String(a); const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function norm(v, spec) {
  if (v === null || v === undefined) return v;
  const k = kindOf(spec);
  if (k.kind === "scalar" && k.type === "BigInt") return BigInt(v);
  if (k.kind === "scalar" && k.type === "Int") return Number(v);
  if (k.kind === "ref" || (k.kind === "scalar" && ["ID", "Bytes"].includes(k.type))) return String(v).toLowerCase();
  return v;
}

function matches(snap, type, e, where) {
  if (!where) return true;
  const fields = ENTITIES[type];
  for (const [key, val] of Object.entries(where)) {
    if (val === undefined) continue;
    if (key === "and") { if (!val.every((w) => matches(snap, type, e, w))) return false; continue; }
    if (key === "or") { if (!val.some((w) => matches(snap, type, e, w))) return false; continue; }
    const m = /^(.*?)(_not_in|_in|_not_contains|_contains|_starts_with|_ends_with|_not|_gte|_lte|_gt|_lt|_)?$/.exec(key);
    let [, field, op = ""] = m;
    if (!(field in fields)) { field = key; op = ""; }
    const spec = fields[field];
    const k = kindOf(spec);
    if (op === "_") {
      if (k.kind === "ref") {
        const child = e[field] === null ? null : lookup(snap, k.target, e[field]);
        if (!child || !matches(snap, k.target, child, val)) return false;
      } else {
        if (!children(snap, k, e).some((c) => matches(snap, k.target, c, val))) return false;
      }
      continue;
    }
    const actual = norm(e[field], spec);
    const c = (x) => compare(actual, norm(x, spec));
    let ok;
    switch (op) {
      case "": ok = c(val) === 0; break;
      case "_not": ok = c(val) !== 0; break;
      case "_gt": ok = c(val) > 0; break;
      case "_lt": ok = c(val) < 0; break;
      case "_gte": ok = c(val) >= 0; break;
      case "_lte": ok = c(val) <= 0; break;
      case "_in": ok = val.some((x) => c(x) === 0); break;
      case "_not_in": ok = !val.some((x) => c(x) === 0); break;
      case "_contains": ok = String(actual).includes(String(norm(val, spec))); break;
      case "_not_contains": ok = !String(actual).includes(String(norm(val, spec))); break;
      case "_starts_with": ok = String(actual).startsWith(String(norm(val, spec))); break;
      case "_ends_with": ok = String(actual).endsWith(String(norm(val, spec))); break;
      default: throw new GraphQLError(`unsupported filter ${key}`);
    }
    if (!ok) return false;
  }
  return true;
}

function lookup(snap, type, id) {
  if (!snap.byId) snap.byId = {};
  if (!snap.byId[type]) snap.byId[type] = new Map(snap[type].map((x) => [x.id, x]));
  return snap.byId[type].get(String(id).toLowerCase()) ?? null;
}

// Rows of k.target whose foreign key k.fk is parent.id, from an index built once per snapshot and
// entity group (a 1000-user page with nested reserves stays linear in its size).
function children(snap, k, parent) {
  if (!snap.childIndex) snap.childIndex = new Map();
  const key = `${k.target}.${k.fk}`;
  let index = snap.childIndex.get(key);
  if (!index || index.rows !== snap[k.target]) {
    index = { rows: snap[k.target], byParent: new Map() };
    for (const c of index.rows) {
      const list = index.byParent.get(c[k.fk]);
      if (list) list.push(c);
      else index.byParent.set(c[k.fk], [c]);
    }
    snap.childIndex.set(key, index);
  }
  return index.byParent.get(parent.id) ?? [];
}

const hasChildFilter = (where) => !!where && Object.entries(where).some(([k, v]) =>
  k.endsWith("_") || ((k === "and" || k === "or") && v.some(hasChildFilter)));

// Loads the entity group of `type` (and every group when the filter follows relations).
async function loaded(snap, type, where) {
  await snap.load(type);
  if (hasChildFilter(where)) { await snap.load("Reserve"); await snap.load("User"); }
}

function collection(snap, type, rows, args, maxSkip) {
  const first = args.first ?? DEFAULT_FIRST;
  const skip = args.skip ?? 0;
  if (first < 0 || first > MAX_FIRST) throw new GraphQLError(`The \`first\` argument must be between 0 and ${MAX_FIRST}, but is ${first}`);
  if (skip < 0 || skip > maxSkip) throw new GraphQLError(`The \`skip\` argument must be between 0 and ${maxSkip}, but is ${skip}`);
  let out = rows.filter((e) => matches(snap, type, e, args.where));
  const by = args.orderBy ?? "id";
  const dir = args.orderDirection === "desc" ? -1 : 1;
  const spec = ENTITIES[type][by];
  out = [...out].sort((a, b) => dir * (compare(norm(a[by], spec), norm(b[by], spec)) || compare(a.id, b.id)));
  return out.slice(skip, skip + first);
}

export function createSchema({ snapshotFor, maxSkip = Infinity }) {
  const schema = buildSchema(buildSdl());
  Object.assign(schema.getType("BigInt"), { serialize: BigIntScalar.serialize, parseValue: BigIntScalar.parseValue, parseLiteral: BigIntScalar.parseLiteral });
  Object.assign(schema.getType("Bytes"), { serialize: BytesScalar.serialize, parseValue: BytesScalar.parseValue, parseLiteral: BytesScalar.parseLiteral });
  const withSnap = (snap, e) => (e === null ? null : { ...e, __snap: snap });
  for (const [type, fields] of Object.entries(ENTITIES)) {
    const gqlFields = schema.getType(type).getFields();
    for (const [f, spec] of Object.entries(fields)) {
      const k = kindOf(spec);
      if (k.kind === "ref") {
        gqlFields[f].resolve = async (parent) => {
          if (parent[f] === null) return null;
          await parent.__snap.load(k.target);
          return withSnap(parent.__snap, lookup(parent.__snap, k.target, parent[f]));
        };
      } else if (k.kind === "list") {
        gqlFields[f].resolve = async (parent, args) => {
          await loaded(parent.__snap, k.target, args.where);
          return collection(parent.__snap, k.target, children(parent.__snap, k, parent), args, maxSkip).map((e) => withSnap(parent.__snap, e));
        };
      }
    }
    const [one, many] = QUERY_NAMES[type];
    const q = schema.getQueryType().getFields();
    q[one].resolve = async (_, args, ctx) => {
      const snap = await snapshotFor(args.block, ctx);
      await snap.load(type);
      return withSnap(snap, lookup(snap, type, args.id));
    };
    q[many].resolve = async (_, args, ctx) => {
      const snap = await snapshotFor(args.block, ctx);
      await loaded(snap, type, args.where);
      return collection(snap, type, snap[type], args, maxSkip).map((e) => withSnap(snap, e));
    };
  }
  schema.getQueryType().getFields()._meta.resolve = async (_, args, ctx) => {
    const snap = await snapshotFor(args.block, ctx);
    return { block: { number: snap.block.number, hash: snap.block.hash, timestamp: snap.block.timestamp, parentHash: null },
      deployment: DEPLOYMENT_ID, hasIndexingErrors: false };
  };
  return schema;
}

const FAULT_KINDS = ["latencyMs", "http429", "http5xx", "malformedJson", "truncatedJson", "graphqlErrors", "indexingLag"];

function parseFaults(obj) {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) throw new Error("faults: expected a JSON object");
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    if (!FAULT_KINDS.includes(k)) throw new Error(`faults: unknown knob '${k}' (known: ${FAULT_KINDS.join(", ")})`);
    if (v === null || v === false) { out[k] = null; continue; }
    const spec = typeof v === "object" ? v : { value: v };
    const value = spec.value ?? true;
    const count = spec.count ?? null;
    if (count !== null && !(Number.isInteger(count) && count > 0)) throw new Error(`faults: ${k}.count must be a positive integer or null`);
    if (["latencyMs", "http429", "http5xx", "indexingLag"].includes(k) && !(Number.isInteger(value) && value >= 0)) throw new Error(`faults: ${k}.value must be a non-negative integer`);
    if (k === "http5xx" && (value < 500 || value > 599)) throw new Error("faults: http5xx.value must be a 5xx status");
    out[k] = { value, count };
  }
  return out;
}

// Starts the server. opts: { rpcUrl, deployment, port, faults, maxSkip }. Returns { url, port, close(), faults }.
export async function startSubgraph({ rpcUrl, deployment, port, faults = {}, maxSkip = Infinity }) {
  if (port === undefined) port = await freePort();
  else await assertPortFree(port);
  const indexer = new Indexer({ rpcUrl, deployment });
  const knobs = {};
  Object.assign(knobs, parseFaults(faults));
  const stats = { graphqlRequests: 0, faultsApplied: 0 };
  const take = (k) => {
    const f = knobs[k];
    if (!f) return null;
    if (f.count !== null) { f.count -= 1; if (f.count <= 0) delete knobs[k]; }
    stats.faultsApplied++;
    return f.value;
  };
  const snapshotFor = async (block, ctx) => {
    const indexed = Math.max(0, (await ctx.head()) - ctx.lag);
    if (block && block.number !== undefined && block.number !== null) {
      if (block.number > indexed) {
        throw new GraphQLError(`Failed to decode \`block.number\` value: \`subgraph ${DEPLOYMENT_ID} has only indexed up to block number ${indexed} and data for block number ${block.number} is therefore not yet available\``);
      }
      return indexer.snapshot(block.number).ready;
    }
    if (block && block.number_gte !== undefined && block.number_gte !== null && block.number_gte > indexed) {
      throw new GraphQLError(`subgraph ${DEPLOYMENT_ID} has only indexed up to block number ${indexed} and data for block number ${block.number_gte} is therefore not yet available`);
    }
    if (block && block.hash) throw new GraphQLError("block: { hash } is not supported by the test bed stand-in");
    return indexer.snapshot(indexed).ready;
  };
  const schema = createSchema({ snapshotFor, maxSkip });

  const send = (res, status, body, headers = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  };

  async function graphqlRequest(req, res, raw) {
    stats.graphqlRequests++;
    const latency = take("latencyMs");
    if (latency) await new Promise((r) => setTimeout(r, latency));
    const retry = take("http429");
    if (retry !== null) return send(res, 429, JSON.stringify({ error: "Too Many Requests" }), { "retry-after": String(retry) });
    const status5xx = take("http5xx");
    if (status5xx !== null) return send(res, status5xx, JSON.stringify({ error: "Bad Gateway" }));
    if (take("graphqlErrors") !== null) {
      return send(res, 200, JSON.stringify({ errors: [{ message: "Store error: database unavailable" }] }));
    }
    const lag = take("indexingLag") ?? 0;
    let body;
    try { body = JSON.parse(raw); } catch {
      return send(res, 400, JSON.stringify({ errors: [{ message: "The request body is not valid JSON" }] }));
    }
    if (typeof body?.query !== "string") return send(res, 400, JSON.stringify({ errors: [{ message: "The query is missing" }] }));
    let head = null;
    const ctx = { lag, head: async () => (head ??= await indexer.head()) };
    const result = await graphql({ schema, source: body.query, variableValues: body.variables ?? undefined, operationName: body.operationName ?? undefined, contextValue: ctx });
    let text = JSON.stringify(result, (_, v) => (typeof v === "bigint" ? v.toString() : v));
    if (take("malformedJson") !== null) text = text.replace(/"id":"/, '"id":0x').replace(/,/, ",,");
    else if (take("truncatedJson") !== null) text = text.slice(0, Math.floor(text.length / 2));
    return send(res, 200, text);
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url, "http://localhost");
      try {
        if (url.pathname === "/admin/faults") {
          if (req.method === "GET") return send(res, 200, JSON.stringify(knobs));
          if (req.method === "DELETE") { for (const k of Object.keys(knobs)) delete knobs[k]; return send(res, 200, "{}"); }
          if (req.method === "POST") {
            let parsed;
            try { parsed = parseFaults(JSON.parse(raw)); } catch (e) { return send(res, 400, JSON.stringify({ error: e.message })); }
            for (const [k, v] of Object.entries(parsed)) { if (v === null) delete knobs[k]; else knobs[k] = v; }
            return send(res, 200, JSON.stringify(knobs));
          }
          return send(res, 405, JSON.stringify({ error: "use GET, POST or DELETE" }));
        }
        if (url.pathname === "/admin/status") return send(res, 200, JSON.stringify({ ...stats, chainHead: await indexer.head() }));
        if (req.method === "POST") return await graphqlRequest(req, res, raw);
        if (req.method === "GET" && url.searchParams.has("query")) {
          return await graphqlRequest(req, res, JSON.stringify({ query: url.searchParams.get("query"),
            variables: url.searchParams.has("variables") ? JSON.parse(url.searchParams.get("variables")) : undefined }));
        }
        return send(res, 405, JSON.stringify({ errors: [{ message: "POST a GraphQL query" }] }));
      } catch (e) {
        return send(res, 500, JSON.stringify({ errors: [{ message: `stand-in failure: ${e.message}` }] }));
      }
    });
  });
  await new Promise((resolve, reject) => { server.once("error", reject); server.listen(port, "127.0.0.1", resolve); });
  return {
    url: `http://127.0.0.1:${port}/subgraphs/name/liquidbot/aave-v3-base`, port, faults: knobs,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}
