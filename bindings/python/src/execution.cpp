// Executor components: signers (local key, keystore, remote), keystores, the SQLite store, the nonce
// manager, fee quotes and the sender over executor::RpcBackend. Key material never reaches a repr,
// a str or an error message; network work runs without the GIL.
#include "common.hpp"

#include <liquidbot/executor.hpp>
#include <liquidbot/reader.hpp>
#include <liquidbot/fees.hpp>
#include <liquidbot/keystore.hpp>
#include <liquidbot/nonce.hpp>
#include <liquidbot/sender.hpp>
#include <liquidbot/signer.hpp>
#include <liquidbot/store.hpp>

#include <pybind11/stl.h>

#include <array>
#include <cstring>
#include <memory>

namespace liquidbot::python {
namespace {

template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> fixed_bytes(py::handle value, const char* what) {
  if (value.is_none()) return std::nullopt;
  const Bytes raw = to_bytes(value, what);
  if (raw.size() != N)
    raise(Errc::invalid_argument,
          std::string(what) + ": expected " + std::to_string(N) + " bytes, got " + std::to_string(raw.size()));
  std::array<std::uint8_t, N> out{};
  std::memcpy(out.data(), raw.data(), N);
  return out;
}

IntentState to_state(const std::string& name) { return unwrap(parse_intent_state(name)); }
std::string state_name(IntentState s) { return std::string(intent_state_name(s)); }

py::dict fees_dict(const FeeQuote& q) {
  py::dict d;
  d["base_fee"] = q.base_fee;
  d["max_priority_fee_per_gas"] = q.max_priority_fee_per_gas;
  d["max_fee_per_gas"] = q.max_fee_per_gas;
  return d;
}

FeePolicy fee_policy(std::uint32_t headroom_blocks, double reward_percentile, std::uint32_t history_blocks,
                     const u256& tip_floor, const u256& tip_ceiling, const u256& max_fee_per_gas_cap,
                     std::uint32_t bump_percent) {
  if (!(reward_percentile >= 0 && reward_percentile <= 100))
    raise(Errc::invalid_argument, "reward_percentile: must be in 0..100");
  if (history_blocks == 0) raise(Errc::invalid_argument, "history_blocks: must be at least 1");
  if (bump_percent < 10) raise(Errc::invalid_argument, "bump_percent: must be at least 10 (geth's replacement rule)");
  if (tip_floor > tip_ceiling) raise(Errc::invalid_argument, "tip_floor: above tip_ceiling");
  FeePolicy p;
  p.headroom_blocks = headroom_blocks;
  p.reward_percentile = reward_percentile;
  p.history_blocks = history_blocks;
  p.tip_floor = tip_floor;
  p.tip_ceiling = tip_ceiling;
  p.max_fee_per_gas_cap = max_fee_per_gas_cap;
  p.bump_percent = bump_percent;
  return p;
}

py::dict track_dict(const TrackResult& t) {
  py::dict d;
  d["state"] = std::string(to_string(t.state));
  d["reason"] = t.reason;
  d["alert"] = t.alert;
  d["replaced"] = t.replaced;
  d["receipt"] = t.receipt ? py::object(receipt_dict(*t.receipt)) : py::object(py::none());
  return d;
}

OperatorFeeParams operator_params(const std::string& rule, std::uint32_t scalar, std::uint64_t constant) {
  OperatorFeeParams p;
  if (rule == "none") p.rule = OperatorFeeRule::none;
  else if (rule == "isthmus") p.rule = OperatorFeeRule::isthmus;
  else if (rule == "jovian") p.rule = OperatorFeeRule::jovian;
  else raise(Errc::invalid_argument, "operator_rule: expected 'none', 'isthmus' or 'jovian', got '" + rule + "'");
  p.scalar = scalar;
  p.constant = constant;
  return p;
}

const char* const kActionCostKeys[] = {"l2_expected", "l2_worst", "l1_fee", "operator_expected",
                                       "operator_worst", "value", "expected_total", "worst_total"};

py::dict action_cost_dict(const ActionCost& c) {
  const u256* values[] = {&c.l2_expected, &c.l2_worst, &c.l1_fee, &c.operator_expected,
                          &c.operator_worst, &c.value, &c.expected_total, &c.worst_total};
  py::dict d;
  for (std::size_t i = 0; i < 8; ++i) d[kActionCostKeys[i]] = *values[i];
  return d;
}

ActionCost to_action_cost(const py::dict& d) {
  ActionCost c;
  u256* values[] = {&c.l2_expected, &c.l2_worst, &c.l1_fee, &c.operator_expected,
                    &c.operator_worst, &c.value, &c.expected_total, &c.worst_total};
  for (std::size_t i = 0; i < 8; ++i) *values[i] = int_field(d, "cost", kActionCostKeys[i]);
  return c;
}

FeeQuote to_fee_quote(const py::dict& d, const char* what) {
  return FeeQuote{int_field(d, what, "base_fee"), int_field(d, what, "max_priority_fee_per_gas"),
                  int_field(d, what, "max_fee_per_gas")};
}

py::dict protection_dict(const executor::Protection& p) {
  py::dict d;
  d["intent_id"] = p.intent_id;
  d["strategy"] = p.strategy;
  d["outcome"] = p.outcome;
  d["reason"] = p.reason;
  py::list hashes;
  for (const Hash& h : p.tx_hashes) hashes.append(from_bytes(h.view()));
  d["tx_hashes"] = hashes;
  return d;
}

/// Store reference counting in Python: the C++ store is owned here.
using StorePtr = std::unique_ptr<Store>;

/// A nonce manager with the RPC nonce source it reads from; close() frees the (chain, signer) slot.
struct PyNonceManager {
  std::shared_ptr<RpcNonceSource> source;
  std::shared_ptr<NonceManager> manager;  ///< shared with the senders that use it

  NonceManager& get() {
    if (!manager) raise(Errc::state, "NonceManager: closed");
    return *manager;
  }
};

/// The executor with the nonce manager it uses and the Python log callback (None = no log).
/// `executor` is declared last so it goes first, before the callback it may call.
struct PyExecutor {
  std::shared_ptr<RpcNonceSource> nonce_source;
  std::shared_ptr<NonceManager> nonces;
  py::object log;
  std::unique_ptr<executor::Executor> executor;
};

/// A sender with the RpcBackend it sends through and the nonce manager it may re-sign with.
struct PySender {
  std::shared_ptr<RpcNonceSource> nonce_source;
  std::shared_ptr<NonceManager> nonces;
  std::unique_ptr<executor::RpcBackend> backend;
  std::unique_ptr<Sender> sender;
};

}  // namespace

void bind_execution(py::module_& m) {
  // ---- signers
  py::class_<Signer, std::unique_ptr<Signer>>(
      m, "Signer",
      "A transaction signer: local key (hex, env, file), keystore or remote (eth_signTransaction). Key "
      "material never appears in repr, str or error messages. Build one with the static constructors.")
      .def_static("from_hex", [](const std::string& text) { return unwrap(local_signer_from_hex(text)); },
                  py::arg("text"), "Local key from 64 hex digits (optional 0x); the error never echoes the text.")
      .def_static("from_env", [](const std::string& variable) { return unwrap(local_signer_from_env(variable.c_str())); },
                  py::arg("variable") = "WALLET_PRIVATE_KEY",
                  "Local key from an environment variable; NotFound when unset or empty.")
      .def_static("from_file", [](const std::string& path) { return unwrap(local_signer_from_file(path)); },
                  py::arg("path"), "Local key from a file holding the hex key; refuses group/other-readable files.")
      .def_static("from_keystore", [](const std::string& path, const std::string& password) {
                    py::gil_scoped_release release;
                    return unwrap(keystore_signer_from_file(path, password));
                  }, py::arg("path"), py::arg("password"),
                  "Key from a v3 keystore file; SignatureError for a wrong password (MAC mismatch).")
      .def_static("from_keystore_json", [](const std::string& json, const std::string& password) {
                    py::gil_scoped_release release;
                    PrivateKey key = unwrap(keystore_decrypt(json, password));
                    return std::unique_ptr<Signer>(std::make_unique<LocalSigner>(std::move(key), "keystore"));
                  }, py::arg("json"), py::arg("password"), "Key from v3 keystore JSON text (kind 'keystore').")
      .def_static("remote", [](rpc::Client& client, const Address& address) {
                    return std::unique_ptr<Signer>(std::make_unique<RemoteSigner>(client, address));
                  }, py::arg("client"), py::arg("address"), py::keep_alive<0, 1>(),
                  "Remote signer: eth_signTransaction on the client's endpoint for `address`; the answer must "
                  "be the same transaction recovered to `address` (SignatureError otherwise).")
      .def_property_readonly("address", &Signer::address, "The signing account.")
      .def_property_readonly("kind", [](const Signer& s) { return std::string(s.kind()); },
                             "'local', 'keystore' or 'remote'.")
      .def("sign_transaction", [](Signer& s, Transaction& tx) {
        py::gil_scoped_release release;
        unwrap(s.sign_transaction(tx));
      }, py::arg("tx"), "Signs the Transaction in place (sets its signature; no other field changes).")
      .def("__repr__", [](const Signer& s) {
        return "Signer(kind=" + std::string(s.kind()) + ", address=" + s.address().to_checksum() + ")";
      });
  m.def("sign_request_json", [](const Transaction& tx, const Address& sender) { return sign_request_json(tx, sender); },
        py::arg("tx"), py::arg("sender"), "The eth_signTransaction transaction object a remote signer is sent.");

  // ---- keystores
  m.def("keystore_encrypt", [](const PrivateKey& key, const std::string& password, const std::string& kdf,
                               std::uint64_t scrypt_n, std::uint32_t scrypt_r, std::uint32_t scrypt_p,
                               std::uint32_t pbkdf2_iterations, py::handle salt, py::handle iv, py::handle uuid) {
        KeystoreOptions o;
        if (kdf == "scrypt") o.kdf = KeystoreKdf::scrypt;
        else if (kdf == "pbkdf2") o.kdf = KeystoreKdf::pbkdf2;
        else raise(Errc::invalid_argument, "kdf: expected 'scrypt' or 'pbkdf2', got '" + kdf + "'");
        o.scrypt_n = scrypt_n;
        o.scrypt_r = scrypt_r;
        o.scrypt_p = scrypt_p;
        o.pbkdf2_iterations = pbkdf2_iterations;
        o.salt = fixed_bytes<32>(salt, "salt");
        o.iv = fixed_bytes<16>(iv, "iv");
        o.uuid = fixed_bytes<16>(uuid, "uuid");
        py::gil_scoped_release release;
        return unwrap(keystore_encrypt(key, password, o));
      }, py::arg("key"), py::arg("password"), py::kw_only(), py::arg("kdf") = "scrypt",
      py::arg("scrypt_n") = KeystoreOptions{}.scrypt_n, py::arg("scrypt_r") = KeystoreOptions{}.scrypt_r,
      py::arg("scrypt_p") = KeystoreOptions{}.scrypt_p, py::arg("pbkdf2_iterations") = KeystoreOptions{}.pbkdf2_iterations,
      py::arg("salt") = py::none(), py::arg("iv") = py::none(), py::arg("uuid") = py::none(),
      "Web3 Secret Storage v3 JSON of the key (scrypt N=2^18 r=8 p=1 by default, or pbkdf2). salt (32 bytes), "
      "iv and uuid (16 bytes) fix the random parts for reproducible output.");
  m.def("keystore_decrypt", [](const std::string& json, const std::string& password) {
        py::gil_scoped_release release;
        return unwrap(keystore_decrypt(json, password));
      }, py::arg("json"), py::arg("password"),
      "The PrivateKey of a v3 keystore. DecodeError for a malformed keystore, Unsupported for an unknown "
      "kdf/cipher, SignatureError for a wrong password, InvalidArgument when the address does not match.");
  m.def("keystore_address", [](const std::string& json) { return unwrap(keystore_address(json)); }, py::arg("json"),
        "The keystore's stored address without decrypting it (None when absent).");

  // ---- store
  m.def("make_intent_id", [](std::uint64_t chain_id, const Address& user, const std::string& trigger) {
        return make_intent_id(chain_id, user, trigger);
      }, py::arg("chain_id"), py::arg("user"), py::arg("trigger"),
      "keccak256('liquidbot.intent/1' || chainId || user || trigger) as 0x-hex: one id per trigger.");
  m.def("is_valid_intent_transition", [](const std::string& from, const std::string& to) {
        return is_valid_transition(to_state(from), to_state(to));
      }, py::arg("from_state"), py::arg("to_state"),
      "Whether from -> to is a legal intent lifecycle step (planned, simulated, sent, included, replaced, "
      "failed, given_up); InvalidArgument for an unknown state name.");
  m.attr("STRATEGY_REPAY") = static_cast<std::uint32_t>(kStrategyRepay);
  m.attr("STRATEGY_SUPPLY") = static_cast<std::uint32_t>(kStrategySupply);
  m.attr("STRATEGY_DELEVERAGE") = static_cast<std::uint32_t>(kStrategyDeleverage);
  m.attr("STRATEGY_ALL") = static_cast<std::uint32_t>(kStrategyAll);

  py::class_<Enrollment>(m, "Enrollment", "An enrolled position and its protection preferences (WAD thresholds).")
      .def(py::init(&from_kwargs<Enrollment>),
           "Keyword arguments: chain_id, user, target_hf, act_threshold, strategies, max_cost, active.")
      .def_readwrite("chain_id", &Enrollment::chain_id)
      .def_readwrite("user", &Enrollment::user)
      .def_readwrite("target_hf", &Enrollment::target_hf)
      .def_readwrite("act_threshold", &Enrollment::act_threshold)
      .def_readwrite("strategies", &Enrollment::strategies, "Bit set of STRATEGY_* (default STRATEGY_ALL).")
      .def_readwrite("max_cost", &Enrollment::max_cost, "Per intervention in base currency units; 0 = no cap.")
      .def_readwrite("active", &Enrollment::active)
      .def_readonly("created_at_ms", &Enrollment::created_at_ms, "Set by the store.")
      .def("__eq__", [](const Enrollment& a, const Enrollment& b) { return a == b; })
      .def("__repr__", [](const Enrollment& e) {
        return "Enrollment(chain_id=" + std::to_string(e.chain_id) + ", user=" + e.user.to_checksum() +
               ", target_hf=" + e.target_hf.to_dec() + ", act_threshold=" + e.act_threshold.to_dec() +
               ", active=" + (e.active ? "True" : "False") + ")";
      });
  py::class_<Intent>(m, "Intent", "One protective action per trigger, with its lifecycle state.")
      .def(py::init(&from_kwargs<Intent>),
           "Keyword arguments: id, chain_id, user, trigger, strategy, signer, state, nonce, reason, payload.")
      .def_readwrite("id", &Intent::id)
      .def_readwrite("chain_id", &Intent::chain_id)
      .def_readwrite("user", &Intent::user)
      .def_readwrite("trigger", &Intent::trigger)
      .def_readwrite("strategy", &Intent::strategy)
      .def_readwrite("signer", &Intent::signer)
      .def_property("state", [](const Intent& i) { return state_name(i.state); },
                    [](Intent& i, const std::string& s) { i.state = to_state(s); }, "Lifecycle state name.")
      .def_readwrite("nonce", &Intent::nonce)
      .def_readwrite("reason", &Intent::reason)
      .def_readwrite("payload", &Intent::payload)
      .def_readonly("created_at_ms", &Intent::created_at_ms)
      .def_readonly("updated_at_ms", &Intent::updated_at_ms)
      .def("__repr__", [](const Intent& i) {
        return "Intent(id=" + i.id + ", user=" + i.user.to_checksum() + ", state=" + state_name(i.state) + ")";
      });
  py::class_<TxAttempt>(m, "TxAttempt", "One signed transaction sent for an intent.")
      .def_readonly("intent_id", &TxAttempt::intent_id)
      .def_readonly("attempt", &TxAttempt::attempt)
      .def_readonly("nonce", &TxAttempt::nonce)
      .def_readonly("tx_hash", &TxAttempt::tx_hash)
      .def_property_readonly("raw_tx", [](const TxAttempt& a) { return from_bytes(a.raw_tx); })
      .def_readonly("max_fee_per_gas", &TxAttempt::max_fee_per_gas)
      .def_readonly("max_priority_fee_per_gas", &TxAttempt::max_priority_fee_per_gas)
      .def_readonly("l1_fee_estimate", &TxAttempt::l1_fee_estimate)
      .def_readonly("gas_limit", &TxAttempt::gas_limit)
      .def_readonly("sent_at_ms", &TxAttempt::sent_at_ms);
  py::class_<Intervention>(m, "Intervention", "The outcome of an included protective transaction.")
      .def(py::init(&from_kwargs<Intervention>),
           "Keyword arguments: intent_id, chain_id, user, strategy, tx_hash, block_number, success, hf_before, "
           "hf_after, gas_used, effective_gas_price, l1_fee, total_cost_wei, service_fee, service_fee_asset.")
      .def_readwrite("intent_id", &Intervention::intent_id)
      .def_readwrite("chain_id", &Intervention::chain_id)
      .def_readwrite("user", &Intervention::user)
      .def_readwrite("strategy", &Intervention::strategy)
      .def_readwrite("tx_hash", &Intervention::tx_hash)
      .def_readwrite("block_number", &Intervention::block_number)
      .def_readwrite("success", &Intervention::success)
      .def_readwrite("hf_before", &Intervention::hf_before)
      .def_readwrite("hf_after", &Intervention::hf_after)
      .def_readwrite("gas_used", &Intervention::gas_used)
      .def_readwrite("effective_gas_price", &Intervention::effective_gas_price)
      .def_readwrite("l1_fee", &Intervention::l1_fee)
      .def_readwrite("total_cost_wei", &Intervention::total_cost_wei)
      .def_readwrite("service_fee", &Intervention::service_fee)
      .def_readwrite("service_fee_asset", &Intervention::service_fee_asset)
      .def_readonly("recorded_at_ms", &Intervention::recorded_at_ms)
      .def("__repr__", [](const Intervention& i) {
        return "Intervention(intent_id=" + i.intent_id + ", user=" + i.user.to_checksum() +
               ", success=" + (i.success ? "True" : "False") + ", block_number=" + std::to_string(i.block_number) + ")";
      });

  py::class_<Store, StorePtr>(m, "Store",
                              "Persistent executor state (SQLite, WAL): enrollments, intents, attempts, "
                              "interventions, nonces. Not thread-safe.")
      .def_static("open", [](const std::string& path) { return unwrap(open_sqlite_store(path)); }, py::arg("path"),
                  "Opens (creating and migrating) a SQLite file; ':memory:' for tests. Unsupported for a newer schema.")
      .def_static("open_at_version", [](const std::string& path, std::uint32_t version) {
                    return unwrap(open_sqlite_store_at_version(path, version));
                  }, py::arg("path"), py::arg("version"), "Opens and migrates only up to `version` (upgrade tests).")
      .def("schema_version", [](Store& s) { return unwrap(s.schema_version()); })
      .def("enroll", [](Store& s, const Enrollment& e) { unwrap(s.enroll(e)); }, py::arg("enrollment"),
           "Inserts or replaces (chain_id, user)'s preferences (created_at is kept).")
      .def("unenroll", [](Store& s, std::uint64_t chain_id, const Address& user) { unwrap(s.unenroll(chain_id, user)); },
           py::arg("chain_id"), py::arg("user"), "Marks the position inactive; NotFound when never enrolled.")
      .def("enrollment", [](Store& s, std::uint64_t chain_id, const Address& user) {
        return unwrap(s.enrollment(chain_id, user));
      }, py::arg("chain_id"), py::arg("user"), "The enrollment or None.")
      .def("active_enrollments", [](Store& s, std::uint64_t chain_id) { return unwrap(s.active_enrollments(chain_id)); },
           py::arg("chain_id"), "Active enrollments of the chain, ordered by user address.")
      .def("create_intent", [](Store& s, const Intent& i) { return unwrap(s.create_intent(i)); }, py::arg("intent"),
           "Inserts a new intent; False (and no change) when its id exists: the trigger was already acted on.")
      .def("intent", [](Store& s, const std::string& id) { return unwrap(s.intent(id)); }, py::arg("id"),
           "The intent or None.")
      .def("transition_intent", [](Store& s, const std::string& id, const std::string& to, const std::string& reason,
                                   std::optional<std::uint64_t> nonce) {
        unwrap(s.transition_intent(id, to_state(to), reason, nonce));
      }, py::arg("id"), py::arg("to"), py::arg("reason") = "", py::arg("nonce") = py::none(),
      "Moves the intent to state `to`; StateError on an illegal step, NotFound for an unknown id.")
      .def("intents_in_states", [](Store& s, const std::vector<std::string>& names) {
        std::vector<IntentState> states;
        for (const std::string& n : names) states.push_back(to_state(n));
        return unwrap(s.intents_in_states(states));
      }, py::arg("states"), "Intents in any of the named states, oldest first.")
      .def("open_intents_for_user", [](Store& s, std::uint64_t chain_id, const Address& user) {
        return unwrap(s.open_intents_for_user(chain_id, user));
      }, py::arg("chain_id"), py::arg("user"), "Intents of the user that are not final.")
      .def("attempts", [](Store& s, const std::string& id) { return unwrap(s.attempts(id)); }, py::arg("intent_id"),
           "Transaction attempts of an intent, in attempt order.")
      .def("record_intervention", [](Store& s, const Intervention& i) { unwrap(s.record_intervention(i)); },
           py::arg("intervention"))
      .def("interventions", [](Store& s, std::uint64_t chain_id) { return unwrap(s.interventions(chain_id)); },
           py::arg("chain_id"), "Recorded interventions of the chain.")
      .def("next_nonce", [](Store& s, std::uint64_t chain_id, const Address& signer) {
        return unwrap(s.next_nonce(chain_id, signer));
      }, py::arg("chain_id"), py::arg("signer"), "The persisted next nonce or None.")
      .def("save_next_nonce", [](Store& s, std::uint64_t chain_id, const Address& signer, std::uint64_t next) {
        unwrap(s.save_next_nonce(chain_id, signer, next));
      }, py::arg("chain_id"), py::arg("signer"), py::arg("next"));

  // ---- nonces and fees
  py::class_<PyNonceManager>(m, "NonceManager",
                             "The single writer of one signer's nonces (chain pending count and the store's next "
                             "nonce, whichever is higher). One live manager per (chain, signer) in a process: "
                             "close() (or dropping it) frees the slot once no Sender uses it. Uses its client under its own lock.")
      .def(py::init([](std::uint64_t chain_id, const Address& signer, rpc::Client& client, Store* store) {
             auto self = std::make_unique<PyNonceManager>();
             self->source = std::make_shared<RpcNonceSource>(client);
             RpcNonceSource& source = *self->source;
             self->manager = without_gil([&] { return NonceManager::create(chain_id, signer, source, store); });
             return self;
           }), py::arg("chain_id"), py::arg("signer"), py::arg("client"), py::arg("store") = py::none(),
           py::keep_alive<1, 4>(), py::keep_alive<1, 5>(),
           "StateError when another live manager has this (chain, signer).")
      .def("acquire", [](PyNonceManager& self) {
        NonceManager& mgr = self.get();
        return without_gil([&] { return mgr.acquire(); });
      }, "The next nonce (lowest released one first); persisted before it is returned.")
      .def("release", [](PyNonceManager& self, std::uint64_t nonce) { self.get().release(nonce); }, py::arg("nonce"),
           "Gives back a nonce that was never broadcast.")
      .def("resync", [](PyNonceManager& self) {
        NonceManager& mgr = self.get();
        return without_gil([&] { return mgr.resync(); });
      }, "After 'nonce too low': moves next up to the chain's pending count; returns the new next.")
      .def("detect_gaps", [](PyNonceManager& self) {
        NonceManager& mgr = self.get();
        const NonceGaps g = without_gil([&] { return mgr.detect_gaps(); });
        py::dict d;
        d["chain_pending"] = g.chain_pending;
        d["chain_mined"] = g.chain_mined;
        d["next"] = g.next;
        d["missing"] = g.missing;
        return d;
      }, "Compares with the chain: chain_pending, chain_mined, next, missing (nonces handed out but not pooled).")
      .def("peek_next", [](PyNonceManager& self) { return self.get().peek_next(); })
      .def("released", [](PyNonceManager& self) { return self.get().released(); })
      .def_property_readonly("signer", [](PyNonceManager& self) { return self.get().signer(); })
      .def_property_readonly("chain_id", [](PyNonceManager& self) { return self.get().chain_id(); })
      .def("close", [](PyNonceManager& self) { self.manager.reset(); },
           "Destroys the manager (frees the (chain, signer) slot); later calls raise StateError.");
  m.def("fee_quote", [](rpc::Client& client, std::uint32_t headroom_blocks, double reward_percentile,
                        std::uint32_t history_blocks, const u256& tip_floor, const u256& tip_ceiling,
                        const u256& max_fee_per_gas_cap, std::uint32_t bump_percent) {
        const FeePolicy p = fee_policy(headroom_blocks, reward_percentile, history_blocks, tip_floor, tip_ceiling,
                                       max_fee_per_gas_cap, bump_percent);
        return fees_dict(without_gil([&] { return fetch_fee_quote(client, p); }));
      }, py::arg("client"), py::kw_only(), py::arg("headroom_blocks") = FeePolicy{}.headroom_blocks,
      py::arg("reward_percentile") = FeePolicy{}.reward_percentile, py::arg("history_blocks") = FeePolicy{}.history_blocks,
      py::arg("tip_floor") = FeePolicy{}.tip_floor, py::arg("tip_ceiling") = FeePolicy{}.tip_ceiling,
      py::arg("max_fee_per_gas_cap") = FeePolicy{}.max_fee_per_gas_cap, py::arg("bump_percent") = FeePolicy{}.bump_percent,
      "EIP-1559 fees from eth_feeHistory: dict base_fee, max_priority_fee_per_gas, max_fee_per_gas. "
      "UnreachableTarget when the quote exceeds max_fee_per_gas_cap.");

  m.def("bump_fees", [](const py::dict& old_fees, std::uint32_t bump_percent, const u256& max_fee_per_gas_cap,
                        std::optional<py::dict> market) {
        FeePolicy p;
        p.bump_percent = bump_percent;
        p.max_fee_per_gas_cap = max_fee_per_gas_cap;
        std::optional<FeeQuote> fresh;
        if (market) fresh = to_fee_quote(*market, "market");
        return fees_dict(unwrap(bump_fees(to_fee_quote(old_fees, "old_fees"), p, fresh)));
      }, py::arg("old_fees"), py::kw_only(), py::arg("bump_percent") = FeePolicy{}.bump_percent,
      py::arg("max_fee_per_gas_cap") = FeePolicy{}.max_fee_per_gas_cap, py::arg("market") = py::none(),
      "Replacement fees: both caps of a fee_quote dict raised by bump_percent (>= 10, rounded up, at least "
      "+1 wei) and to at least the fresh `market` quote. InvalidArgument for bump_percent < 10, "
      "UnreachableTarget above max_fee_per_gas_cap.");
  m.def("quote_fees", [](const std::vector<u256>& base_fee_per_gas, const std::vector<std::vector<u256>>& reward,
                         std::optional<u256> suggested_tip, std::uint32_t headroom_blocks, double reward_percentile,
                         const u256& tip_floor, const u256& tip_ceiling, const u256& max_fee_per_gas_cap) {
        const FeePolicy p = fee_policy(headroom_blocks, reward_percentile, FeePolicy{}.history_blocks, tip_floor,
                                       tip_ceiling, max_fee_per_gas_cap, FeePolicy{}.bump_percent);
        FeeHistory history;
        history.base_fee_per_gas = base_fee_per_gas;
        history.reward = reward;
        history.gas_used_ratio.assign(reward.size(), 0.0);
        return fees_dict(unwrap(quote_fees(history, p, suggested_tip)));
      }, py::arg("base_fee_per_gas"), py::arg("reward"), py::arg("suggested_tip") = py::none(), py::kw_only(),
      py::arg("headroom_blocks") = FeePolicy{}.headroom_blocks, py::arg("reward_percentile") = FeePolicy{}.reward_percentile,
      py::arg("tip_floor") = FeePolicy{}.tip_floor, py::arg("tip_ceiling") = FeePolicy{}.tip_ceiling,
      py::arg("max_fee_per_gas_cap") = FeePolicy{}.max_fee_per_gas_cap,
      "fee_quote without the node: from eth_feeHistory's baseFeePerGas (block_count + 1 entries, the last is "
      "the next block's) and reward (one list of one percentile per block), plus eth_maxPriorityFeePerGas when "
      "known (the tip is the floor when no block has a reward). The headroom is cut down to "
      "max_fee_per_gas_cap; UnreachableTarget when the next base fee plus the tip is above it, DecodeError "
      "for an empty base_fee_per_gas.");
  m.def("base_fee_headroom", [](const u256& next_base_fee, std::uint32_t blocks, std::uint32_t elasticity,
                                std::uint32_t denominator, const u256& min_base_fee) {
        if (denominator == 0) raise(Errc::invalid_argument, "denominator: must be at least 1");
        return unwrap(base_fee_headroom(next_base_fee, Eip1559Params{elasticity, denominator, min_base_fee}, blocks));
      }, py::arg("next_base_fee"), py::arg("blocks"), py::kw_only(), py::arg("elasticity") = Eip1559Params{}.elasticity,
      py::arg("denominator") = Eip1559Params{}.denominator, py::arg("min_base_fee") = u256{},
      "max(next_base_fee, min_base_fee) * ((denominator + elasticity - 1) / denominator) ** blocks, rounded up "
      "at every step: the base fee after `blocks` full blocks.");
  m.def("wei_to_base_currency", [](const u256& wei, const u256& eth_price) {
        return unwrap(wei_to_base_currency(wei, eth_price));
      }, py::arg("wei"), py::arg("eth_price"), "ceil(wei * eth_price / 1e18): a cost in the Aave base currency.");
  m.def("operator_fee", [](std::uint64_t gas, const std::string& rule, std::uint32_t scalar, std::uint64_t constant) {
        return operator_fee(operator_params(rule, scalar, constant), gas);
      }, py::arg("gas"), py::kw_only(), py::arg("rule") = "none", py::arg("scalar") = 0, py::arg("constant") = 0,
      "OP-stack operator fee: 'isthmus' gas * scalar / 1e6 + constant, 'jovian' gas * scalar * 100 + constant, "
      "'none' 0.");
  m.def("action_cost", [](const py::dict& fees, std::uint64_t gas_used, std::uint64_t gas_limit, const u256& l1_fee,
                          const u256& value, const std::string& operator_rule, std::uint32_t operator_scalar,
                          std::uint64_t operator_constant) {
        return action_cost_dict(unwrap(action_cost(to_fee_quote(fees, "fees"), gas_used, gas_limit, l1_fee,
                                                   operator_params(operator_rule, operator_scalar, operator_constant),
                                                   value)));
      }, py::arg("fees"), py::kw_only(), py::arg("gas_used"), py::arg("gas_limit"), py::arg("l1_fee") = u256{},
      py::arg("value") = u256{}, py::arg("operator_rule") = "none", py::arg("operator_scalar") = 0,
      py::arg("operator_constant") = 0,
      "Cost of one action in wei from a fee_quote dict: l2_expected (gas_used * (base_fee + tip), the tip capped "
      "by max_fee - base_fee), l2_worst (gas_limit * max_fee), l1_fee, operator_expected/worst, value, "
      "expected_total and worst_total (the funding requirement). InvalidArgument when gas_used > gas_limit or "
      "max_fee_per_gas < base_fee.");
  m.def("check_cost_caps", [](const py::dict& cost, const u256& eth_price, const u256& max_cost_wei,
                              const u256& max_cost_base) {
        unwrap(check_cost_caps(to_action_cost(cost), CostCaps{max_cost_wei, max_cost_base}, eth_price));
      }, py::arg("cost"), py::arg("eth_price"), py::kw_only(), py::arg("max_cost_wei") = u256{},
      py::arg("max_cost_base") = u256{},
      "None when an action_cost dict is inside the caps (worst_total <= max_cost_wei, expected_total in base "
      "currency <= max_cost_base; 0 = no cap); UnreachableTarget naming the cap otherwise.");
  m.def("is_valid_replacement", [](const py::dict& old_fees, const py::dict& new_fees) {
        return is_valid_replacement(to_fee_quote(old_fees, "old_fees"), to_fee_quote(new_fees, "new_fees"));
      }, py::arg("old_fees"), py::arg("new_fees"),
      "geth's replacement rule: both new caps strictly higher and at least old * 110 / 100.");

  // ---- sender
  py::class_<PySender>(m, "Sender",
                       "Broadcasts signed protective transactions, follows receipts, replaces by fee and gives up "
                       "after max_attempts; every attempt is recorded in the Store first. Keeps its client, signer, "
                       "store and nonce manager alive. Not thread-safe.")
      .def(py::init([](rpc::Client& client, Signer& signer, Store& store, PyNonceManager* nonces,
                       std::uint32_t blocks_before_replacement, std::uint32_t max_attempts,
                       std::uint32_t transport_retries, std::uint32_t nonce_retries, std::uint32_t headroom_blocks,
                       double reward_percentile, std::uint32_t history_blocks, const u256& tip_floor,
                       const u256& tip_ceiling, const u256& max_fee_per_gas_cap, std::uint32_t bump_percent) {
             if (blocks_before_replacement == 0) raise(Errc::invalid_argument, "blocks_before_replacement: must be at least 1");
             if (max_attempts == 0) raise(Errc::invalid_argument, "max_attempts: must be at least 1");
             SenderPolicy policy;
             policy.blocks_before_replacement = blocks_before_replacement;
             policy.max_attempts = max_attempts;
             policy.transport_retries = transport_retries;
             policy.nonce_retries = nonce_retries;
             policy.fees = fee_policy(headroom_blocks, reward_percentile, history_blocks, tip_floor, tip_ceiling,
                                      max_fee_per_gas_cap, bump_percent);
             auto self = std::make_unique<PySender>();
             if (nonces != nullptr) {
               nonces->get();
               self->nonce_source = nonces->source;
               self->nonces = nonces->manager;
             }
             self->backend = std::make_unique<executor::RpcBackend>(client, policy.fees);
             self->sender = std::make_unique<Sender>(*self->backend, signer, store,
                                                     self->nonces.get(), policy);
             return self;
           }), py::arg("client"), py::arg("signer"), py::arg("store"), py::arg("nonces") = py::none(), py::kw_only(),
           py::arg("blocks_before_replacement") = SenderPolicy{}.blocks_before_replacement,
           py::arg("max_attempts") = SenderPolicy{}.max_attempts,
           py::arg("transport_retries") = SenderPolicy{}.transport_retries,
           py::arg("nonce_retries") = SenderPolicy{}.nonce_retries,
           py::arg("headroom_blocks") = FeePolicy{}.headroom_blocks,
           py::arg("reward_percentile") = FeePolicy{}.reward_percentile,
           py::arg("history_blocks") = FeePolicy{}.history_blocks, py::arg("tip_floor") = FeePolicy{}.tip_floor,
           py::arg("tip_ceiling") = FeePolicy{}.tip_ceiling,
           py::arg("max_fee_per_gas_cap") = FeePolicy{}.max_fee_per_gas_cap,
           py::arg("bump_percent") = FeePolicy{}.bump_percent, py::keep_alive<1, 2>(), py::keep_alive<1, 3>(),
           py::keep_alive<1, 4>(), py::keep_alive<1, 5>(),
           "nonces (a NonceManager) lets the sender re-sign on a fresh nonce after 'nonce too low'.")
      .def("submit", [](PySender& self, const std::string& intent_id, const Transaction& tx, const u256& l1_fee_estimate) {
        Sender& sender = *self.sender;
        return track_dict(without_gil([&] { return sender.submit(intent_id, tx, l1_fee_estimate); }));
      }, py::arg("intent_id"), py::arg("tx"), py::arg("l1_fee_estimate") = u256{},
      "Signs tx (nonce, fees, gas limit set by the caller; the argument is not modified), records attempt 0, "
      "moves the intent (which must be 'simulated') to 'sent' and broadcasts. Returns the track dict: state "
      "('pending', 'included', 'reverted', 'failed', 'given_up'), reason, alert, replaced, receipt.")
      .def("poll", [](PySender& self, const std::string& intent_id) {
        Sender& sender = *self.sender;
        return track_dict(without_gil([&] { return sender.poll(intent_id); }));
      }, py::arg("intent_id"), "Follows one intent: receipts, replacement when due, give-up; returns the track dict.")
      .def("reconcile", [](PySender& self) {
        Sender& sender = *self.sender;
        const std::map<std::string, TrackResult> results = without_gil([&] { return sender.reconcile(); });
        py::dict d;
        for (const auto& [id, r] : results) d[py::str(id)] = track_dict(r);
        return d;
      }, "After a restart: closes or resumes every sent/replaced intent and fails interrupted ones; {id: track dict}.")
      .def("tracked", [](const PySender& self) { return self.sender->tracked(); }, "Intent ids currently pending.");

  // ---- executor
  py::class_<PyExecutor>(m, "Executor",
                         "The protection loop: follows open intents, reads the enrolled users (Store."
                         "active_enrollments) and protects the ones below their act threshold (repay or supply "
                         "on behalf with the executor's tokens, or the flash-loan deleverage), refusing over the "
                         "cost caps; simulates, signs, sends, follows and records. Keeps its client, reader, "
                         "signer, store and nonce manager alive. Not thread-safe.")
      .def(py::init([](const executor::Config& config, rpc::Client& client, reader::Reader& reader, Signer& signer,
                       Store& store, PyNonceManager& nonces, py::object log) {
             if (!log.is_none() && !PyCallable_Check(log.ptr()))
               raise(Errc::invalid_argument, "log: must be callable or None");
             auto self = std::make_unique<PyExecutor>();
             NonceManager& manager = nonces.get();
             self->nonce_source = nonces.source;
             self->nonces = nonces.manager;
             self->log = std::move(log);
             executor::LogSink sink;
             if (!self->log.is_none()) {
               const py::object* callback = &self->log;
               sink = [callback](executor::LogLevel level, std::string_view event, const std::string& fields) {
                 py::gil_scoped_acquire gil;
                 try {
                   py::object parsed = py::module_::import("json").attr("loads")("{" + fields + "}");
                   (*callback)(std::string(executor::to_string(level)), std::string(event), parsed);
                 } catch (py::error_already_set& e) {
                   e.discard_as_unraisable("liquidbot.Executor log callback");
                 }
               };
             } else {
               sink = [](executor::LogLevel, std::string_view, const std::string&) {};
             }
             self->executor = std::make_unique<executor::Executor>(config, client, reader, signer, store, manager,
                                                                   std::move(sink));
             return self;
           }), py::arg("config"), py::arg("client"), py::arg("reader"), py::arg("signer"), py::arg("store"),
           py::arg("nonces"), py::arg("log") = py::none(), py::keep_alive<1, 3>(), py::keep_alive<1, 4>(),
           py::keep_alive<1, 5>(), py::keep_alive<1, 6>(), py::keep_alive<1, 7>(),
           "log(level, event, fields) receives each JSON log line's level, event name and other members as a "
           "dict (never a key); an exception it raises is reported as unraisable and does not stop the loop.")
      .def("reconcile", [](PyExecutor& self) {
        executor::Executor& ex = *self.executor;
        without_gil([&] { return ex.reconcile(); });
      }, "Closes or resumes intents left open by a previous run and records the included ones.")
      .def("cycle", [](PyExecutor& self) {
        executor::Executor& ex = *self.executor;
        return without_gil([&] { return ex.cycle(); });
      }, "One cycle at the head: follow open intents, read the enrolled users, protect those below their "
         "threshold. Returns how many protections were started.")
      .def("protect", [](PyExecutor& self, const reader::Market& market, const reader::UserRead& read,
                         const Enrollment& enrollment) {
        executor::Executor& ex = *self.executor;
        return protection_dict(without_gil([&] { return ex.protect(market, read, enrollment); }));
      }, py::arg("market"), py::arg("read"), py::arg("enrollment"),
      "Sizes, simulates and sends the protection of one user read at market's block: dict intent_id, strategy "
      "('repay', 'supply', 'deleverage' or ''), outcome ('sent', 'dry_run', 'skipped', 'failed'), reason, tx_hashes.")
      .def("follow", [](PyExecutor& self) {
        executor::Executor& ex = *self.executor;
        without_gil([&] { return ex.follow(); });
      }, "Polls every pending intent once: replacements when due, inclusions recorded.")
      .def_property_readonly("pending", [](const PyExecutor& self) { return self.executor->pending(); },
                             "How many intents are still pending.");
}

}  // namespace liquidbot::python
