// Chain access: the snapshot reader (reader.hpp), the subgraph client and the Borrow-event scan
// (subgraph.hpp) and the position monitor (monitor.hpp). Network work runs without the GIL; the
// monitor's change callback runs with it.
#include "common.hpp"

#include <liquidbot/aave/risk.hpp>
#include <liquidbot/monitor.hpp>
#include <liquidbot/reader.hpp>
#include <liquidbot/subgraph.hpp>

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <chrono>
#include <memory>
#include <optional>

namespace liquidbot::python {
namespace {

using reader::Reader;

double seconds(std::chrono::nanoseconds d) { return static_cast<double>(d.count()) / 1e9; }

py::dict addresses_dict(const reader::MarketAddresses& a) {
  py::dict d;
  d["provider"] = a.provider;
  d["pool"] = a.pool;
  d["oracle"] = a.oracle;
  d["data_provider"] = a.data_provider;
  d["pool_revision"] = a.pool_revision;
  d["revision"] = std::string(aave::to_string(a.revision));
  return d;
}

/// The engine's account data for a read equals the Pool's getUserAccountData from the same call.
bool read_matches(const reader::UserRead& r) {
  auto engine = aave::account_data(r.snapshot);
  return engine.ok() && engine.value() == r.on_chain;
}

std::vector<Address> to_addresses(py::handle users, const char* what) {
  if (PyUnicode_Check(users.ptr()) || PyBytes_Check(users.ptr()))
    throw py::type_error(std::string(what) + ": expected a list of addresses, got a single value");
  std::vector<Address> out;
  for (py::handle u : py::reinterpret_borrow<py::iterable>(users)) out.push_back(to_address(u, what));
  return out;
}

py::dict borrower_dict(const subgraph::Borrower& b) {
  py::dict d;
  d["user"] = b.user;
  d["borrowed_reserves_count"] = b.borrowed_reserves_count;
  d["emode"] = b.emode;
  py::list reserves;
  for (const subgraph::UserReserve& r : b.reserves) {
    py::dict e;
    e["asset"] = r.asset;
    e["scaled_a_token_balance"] = r.scaled_a_token_balance;
    e["scaled_variable_debt"] = r.scaled_variable_debt;
    e["collateral"] = r.collateral;
    reserves.append(e);
  }
  d["reserves"] = reserves;
  return d;
}

py::dict page_dict(const subgraph::Page& p) {
  py::dict d;
  py::list borrowers;
  for (const subgraph::Borrower& b : p.borrowers) borrowers.append(borrower_dict(b));
  d["borrowers"] = borrowers;
  d["block"] = p.block;
  d["has_indexing_errors"] = p.has_indexing_errors;
  return d;
}

std::string source_name(monitor::Source s) { return std::string(monitor::to_string(s)); }

py::object level_or_none(const std::optional<aave::RiskLevel>& level) {
  return level ? py::object(py::str(std::string(aave::to_string(*level)))) : py::object(py::none());
}

/// The Python callable given to Monitor.on_change and the first exception it raised in a step.
/// Only touched with the GIL held.
struct CallbackState {
  py::object callback = py::none();
  py::object pending_error = py::none();  ///< the first exception instance raised in this step
  bool stepping = false;                  ///< inside step(): mutating calls are refused
};

/// The Python error being handled as a normalised exception instance (traceback attached).
py::object fetch_exception() {
  PyObject* type = nullptr;
  PyObject* value = nullptr;
  PyObject* trace = nullptr;
  PyErr_Fetch(&type, &value, &trace);
  PyErr_NormalizeException(&type, &value, &trace);
  if (trace != nullptr && value != nullptr) PyException_SetTraceback(value, trace);
  Py_XDECREF(type);
  Py_XDECREF(trace);
  return py::reinterpret_steal<py::object>(value);
}

/// A monitor plus the state of its Python callback (stable address: the C++ callback points to it).
struct PyMonitor {
  std::unique_ptr<CallbackState> state = std::make_unique<CallbackState>();
  std::optional<monitor::Monitor> monitor;

  monitor::Monitor& get() {
    if (!monitor) raise(Errc::state, "Monitor: not initialised");
    return *monitor;
  }
  /// For calls that change the monitor: refused from inside an on_change callback.
  monitor::Monitor& get_mutable(const char* what) {
    if (state->stepping)
      raise(Errc::state, std::string("Monitor.") + what + ": not allowed from inside an on_change callback");
    return get();
  }
};

/// Installs the C++ callback once: it takes the GIL, calls the Python callable and, when it
/// raises, keeps the first exception for step() and skips the remaining calls of the cycle.
void install_callback(PyMonitor& self) {
  CallbackState* state = self.state.get();
  self.get().on_change([state](const monitor::Change& change) {
    py::gil_scoped_acquire acquire;
    if (state->callback.is_none() || !state->pending_error.is_none()) return;
    try {
      const py::object callback = state->callback;  // the callback may replace itself
      callback(py::cast(change));
    } catch (py::error_already_set& e) {
      e.restore();
      state->pending_error = fetch_exception();
    } catch (const LbException& e) {
      state->pending_error = make_exception(e.error);
    } catch (const std::exception& e) {
      state->pending_error = py::reinterpret_steal<py::object>(
          PyObject_CallOneArg(PyExc_RuntimeError, py::str(std::string("on_change: ") + e.what()).ptr()));
    }
  });
}

py::dict cycle_dict(const monitor::CycleReport& r) {
  py::dict d;
  d["block"] = r.block;
  d["discovered"] = r.discovered;
  d["source"] = source_name(r.source);
  d["borrowers"] = r.borrowers;
  d["users_read"] = r.users_read;
  d["hot_users"] = r.hot_users;
  d["failed_users"] = r.failed_users;
  d["changes"] = r.changes;
  d["discovery_time"] = seconds(r.discovery_time);
  d["read_time"] = seconds(r.read_time);
  d["evaluate_time"] = seconds(r.evaluate_time);
  return d;
}

py::dict health_dict(const monitor::Health& h) {
  py::dict d;
  d["head_block"] = h.head_block;
  d["last_good_block"] = h.last_good_block;
  d["stale_blocks"] = h.stale_blocks;
  d["stale_for"] = static_cast<double>(h.stale_for.count()) / 1e3;
  d["last_good_time"] =
      h.last_good_time == std::chrono::system_clock::time_point{}
          ? py::object(py::none())
          : py::object(py::float_(static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                          h.last_good_time.time_since_epoch())
                                                          .count()) /
                                  1e3));
  d["discovery_source"] = source_name(h.discovery_source);
  d["discovery_block"] = h.discovery_block;
  d["last_error"] = h.last_error;
  d["discovery_error"] = h.discovery_error;
  d["consecutive_failures"] = h.consecutive_failures;
  d["failed_user_reads"] = h.failed_user_reads;
  return d;
}

subgraph::Config subgraph_config(std::string url, std::string api_key, std::uint32_t page_size,
                                 std::uint64_t max_lag_blocks, int page_attempts, double timeout_seconds,
                                 int max_attempts) {
  if (!(timeout_seconds > 0)) raise(Errc::invalid_argument, "timeout_seconds: must be positive");
  if (max_attempts < 1) raise(Errc::invalid_argument, "max_attempts: must be at least 1");
  subgraph::Config c;
  c.url = std::move(url);
  c.api_key = std::move(api_key);
  c.page_size = page_size;
  c.max_lag_blocks = max_lag_blocks;
  c.page_attempts = page_attempts;
  c.http.total_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout_seconds * 1000));
  c.http.max_attempts = max_attempts;
  unwrap(c.validate());
  return c;
}

}  // namespace

void bind_chain(py::module_& m) {
  // ---- reader
  py::class_<reader::Market>(m, "MarketRead",
                             "Reserves, prices, indexes and eMode categories of the market at one block "
                             "(Reader.read_market); shared by every user read at that block.")
      .def_readonly("block_number", &reader::Market::block_number)
      .def_readonly("timestamp", &reader::Market::timestamp)
      .def_readonly("base_currency_unit", &reader::Market::base_currency_unit)
      .def_property_readonly("addresses", [](const reader::Market& mk) { return addresses_dict(mk.addresses); },
                             "Provider, pool, oracle, data provider, pool_revision and the math revision.")
      .def_property_readonly("reserves", [](const reader::Market& mk) {
        py::list out;
        for (std::size_t i = 0; i < mk.reserves.size(); ++i) {
          py::dict d;
          d["asset"] = mk.reserves[i].asset;
          d["id"] = mk.reserves[i].id;
          d["price"] = mk.reserves[i].price;
          d["decimals"] = mk.reserves[i].config.decimals;
          if (i < mk.tokens.size()) {
            d["a_token"] = mk.tokens[i].a_token;
            d["variable_debt_token"] = mk.tokens[i].variable_debt_token;
            d["stable_debt_token"] = mk.tokens[i].stable_debt_token;
          }
          out.append(d);
        }
        return out;
      }, "Reserves as dicts: asset, id, price, decimals and the a/variable/stable debt token addresses.")
      .def_property_readonly("emode_ids", [](const reader::Market& mk) {
        std::vector<unsigned> ids;
        for (const aave::EModeCategory& e : mk.emodes) ids.push_back(e.id);
        return ids;
      }, "The eMode category ids read.")
      .def("__repr__", [](const reader::Market& mk) {
        return "MarketRead(block_number=" + std::to_string(mk.block_number) + ", reserves=" +
               std::to_string(mk.reserves.size()) + ", pool=" + mk.addresses.pool.to_checksum() + ")";
      });

  py::class_<reader::UserRead>(m, "UserRead",
                               "One user's snapshot and Pool.getUserAccountData from the same Multicall3 call.")
      .def_readonly("snapshot", &reader::UserRead::snapshot, "The engine Snapshot (same object as Snapshot.load).")
      .def_readonly("on_chain", &reader::UserRead::on_chain, "Pool.getUserAccountData at the same block.")
      .def_property_readonly("matches_chain", &read_matches,
                             "True when account_data(snapshot) equals on_chain in all six fields.")
      .def("__repr__", [](const reader::UserRead& r) {
        return "UserRead(user=" + r.snapshot.user.address.to_checksum() + ", timestamp=" +
               std::to_string(r.snapshot.timestamp) + ", matches_chain=" + (read_matches(r) ? "True" : "False") + ")";
      });

  py::class_<Reader>(m, "Reader",
                     "On-chain reader of an Aave V3 market (Multicall3 aggregate3 pinned to one block). Keeps "
                     "its RpcClient alive; not thread-safe (share neither it nor its client across threads).")
      .def_static("discover", [](rpc::Client& client, const Address& provider, std::optional<std::string> revision,
                                 const Address& multicall, std::size_t max_calls_per_aggregate,
                                 std::uint8_t max_emode_id) {
        reader::ReaderOptions o;
        o.multicall = multicall;
        if (revision) o.revision = unwrap(aave::parse_revision(*revision));
        if (max_calls_per_aggregate == 0) raise(Errc::invalid_argument, "max_calls_per_aggregate: must be at least 1");
        o.max_calls_per_aggregate = max_calls_per_aggregate;
        o.max_emode_id = max_emode_id;
        return without_gil([&] { return Reader::discover(client, provider, o); });
      }, py::arg("client"), py::arg("provider"), py::kw_only(), py::arg("revision") = py::none(),
      py::arg("multicall") = reader::kMulticall3, py::arg("max_calls_per_aggregate") = 400,
      py::arg("max_emode_id") = 16, py::keep_alive<0, 1>(),
      "Reads Pool, oracle, data provider and POOL_REVISION from the PoolAddressesProvider. revision "
      "('3.0'..'3.6') forces the math revision; an unmapped POOL_REVISION raises Unsupported.")
      .def_property_readonly("addresses", [](const Reader& r) { return addresses_dict(r.addresses()); },
                             "The market's contracts and revision (dict).")
      .def("resolve", [](Reader& r, py::handle block) {
        const rpc::BlockTag tag = to_block(block);
        return without_gil([&] { return r.resolve(tag); });
      }, py::arg("block") = "latest", "A block tag or number as a block number.")
      .def("read_market", [](Reader& r, py::handle block) {
        const rpc::BlockTag tag = to_block(block);
        return without_gil([&]() -> Result<reader::Market> {
          LB_TRY(number, r.resolve(tag));
          return r.read_market(number);
        });
      }, py::arg("block") = "latest", "Reads the market at a block (number or tag).")
      .def("read_users", [](Reader& r, const reader::Market& market, py::handle users) {
        const std::vector<Address> list = to_addresses(users, "users");
        std::vector<Result<reader::UserRead>> reads = without_gil([&] { return r.read_users(market, list); });
        py::list out;
        for (Result<reader::UserRead>& read : reads)
          out.append(read.ok() ? py::cast(std::move(read).value()) : make_exception(read.error()));
        return out;
      }, py::arg("market"), py::arg("users"),
      "Reads users at market.block_number. One entry per user, in order: a UserRead, or the liquidbot.Error "
      "instance (not raised) for a user whose read failed. A transport failure raises.")
      .def("read_user", [](Reader& r, const Address& user, py::handle block) {
        const rpc::BlockTag tag = to_block(block);
        return without_gil([&] { return r.read_user(user, tag); });
      }, py::arg("user"), py::arg("block") = "latest", "read_market + read_users for one user.")
      .def("snapshot", [](Reader& r, const Address& user, py::handle block) {
        const rpc::BlockTag tag = to_block(block);
        reader::UserRead read = without_gil([&] { return r.read_user(user, tag); });
        return read.snapshot;
      }, py::arg("user"), py::arg("block") = "latest",
      "The user's Snapshot at a block (what `liquidbot snapshot` writes).")
      .def("__repr__", [](const Reader& r) {
        return "Reader(pool=" + r.addresses().pool.to_checksum() + ", revision=" +
               std::string(aave::to_string(r.addresses().revision)) + ")";
      });

  m.def("revision_from_pool_revision", [](std::uint64_t pool_revision) {
        return std::string(aave::to_string(unwrap(reader::revision_from_pool_revision(pool_revision))));
      }, py::arg("pool_revision"), "Math revision ('3.0', '3.6') for a Pool.POOL_REVISION() value; Unsupported otherwise.");

  // ---- subgraph
  py::class_<subgraph::Client>(m, "SubgraphClient",
                               "Aave subgraph client: borrowers (users with borrowedReservesCount > 0) with cursor "
                               "pagination (id_gt, orderBy id), every page pinned to one indexed block. Not thread-safe.")
      .def(py::init([](std::string url, std::string api_key, std::uint32_t page_size, std::uint64_t max_lag_blocks,
                       int page_attempts, double timeout_seconds, int max_attempts) {
             subgraph::Config c = subgraph_config(std::move(url), std::move(api_key), page_size, max_lag_blocks,
                                                  page_attempts, timeout_seconds, max_attempts);
             return std::make_unique<subgraph::Client>(unwrap(subgraph::Client::create(std::move(c))));
           }), py::arg("url"), py::kw_only(), py::arg("api_key") = "", py::arg("page_size") = subgraph::kMaxPageSize,
           py::arg("max_lag_blocks") = 50, py::arg("page_attempts") = 3, py::arg("timeout_seconds") = 10.0,
           py::arg("max_attempts") = 4,
           "page_size is `first` per page (500..1000); api_key is sent as a Bearer token. InvalidArgument for "
           "an empty url, a page size outside 500..1000 or page_attempts < 1.")
      .def_property_readonly("url", [](const subgraph::Client& c) { return c.config().url; })
      .def_property_readonly("page_size", [](const subgraph::Client& c) { return c.config().page_size; })
      .def("indexed_block", [](subgraph::Client& c) { return without_gil([&] { return c.indexed_block(); }); },
           "The subgraph's latest indexed block.")
      .def("sweep", [](subgraph::Client& c, std::optional<std::uint64_t> chain_head) {
        const subgraph::Sweep s = without_gil([&] { return c.sweep(chain_head); });
        py::dict d;
        py::list borrowers;
        for (const subgraph::Borrower& b : s.borrowers) borrowers.append(borrower_dict(b));
        d["borrowers"] = borrowers;
        d["block"] = s.block;
        d["pages"] = s.pages;
        d["retried_pages"] = s.retried_pages;
        d["has_indexing_errors"] = s.has_indexing_errors;
        return d;
      }, py::arg("chain_head") = py::none(),
      "All borrowers (dicts: user, borrowed_reserves_count, emode, reserves), block, pages, retried_pages, "
      "has_indexing_errors. With chain_head, a subgraph more than max_lag_blocks behind raises StateError.")
      .def("__repr__", [](const subgraph::Client& c) {
        return "SubgraphClient(url=" + c.config().url + ", page_size=" + std::to_string(c.config().page_size) + ")";
      });

  m.def("subgraph_gateway_url", [](const std::string& api_key, const std::string& subgraph_id,
                                   const std::string& host) {
        return unwrap(subgraph::gateway_url(api_key, subgraph_id, host));
      }, py::arg("api_key"), py::arg("subgraph_id"), py::arg("host") = "https://gateway.thegraph.com",
      "The Graph gateway URL with the key in the path; InvalidArgument for an empty or unsafe key/id.");
  m.def("subgraph_borrowers_request", [](const std::string& last_id, std::optional<std::uint64_t> block,
                                         std::uint32_t page_size) {
        if (!last_id.empty()) {
          const bool lower_address = last_id.size() == 42 && last_id[0] == '0' && last_id[1] == 'x' &&
                                     last_id.find_first_not_of("0123456789abcdef", 2) == std::string::npos;
          if (!lower_address) raise(Errc::invalid_argument, "last_id: must be '' or a lowercase 0x address, got '" + last_id + "'");
        }
        if (page_size < 1 || page_size > subgraph::kMaxPageSize)
          raise(Errc::invalid_argument, "page_size: must be 1..1000, got " + std::to_string(page_size));
        return subgraph::borrowers_request(last_id, block, page_size);
      }, py::arg("last_id") = "", py::arg("block") = py::none(), py::arg("page_size") = subgraph::kMaxPageSize,
      "The JSON request body of one borrowers page after last_id (cursor), pinned to block when given.");
  m.def("subgraph_parse_borrowers_page", [](const std::string& body, std::uint32_t max_users) {
        return page_dict(unwrap(subgraph::parse_borrowers_page(std::string_view(body), max_users)));
      }, py::arg("body"), py::arg("max_users") = subgraph::kMaxPageSize,
      "Parses one page strictly: RpcError for GraphQL errors, DecodeError naming the bad field.");
  m.def("scan_borrow_events", [](rpc::Client& client, const Address& pool, std::uint64_t from_block,
                                 std::uint64_t to_block, std::uint64_t max_range) {
        const subgraph::EventScan s =
            without_gil([&] { return subgraph::scan_borrow_events(client, pool, from_block, to_block, max_range); });
        py::dict d;
        d["borrowers"] = s.borrowers;
        d["from_block"] = s.from_block;
        d["to_block"] = s.to_block;
        d["requests"] = s.requests;
        d["splits"] = s.splits;
        return d;
      }, py::arg("client"), py::arg("pool"), py::arg("from_block"), py::arg("to_block"), py::arg("max_range") = 2000,
      "Distinct borrowers (onBehalfOf) of the Pool's Borrow events in [from_block, to_block] (eth_getLogs "
      "windows of max_range blocks, halved when the node refuses).");

  // ---- monitor
  py::class_<monitor::UserState>(m, "UserState", "A monitored user's latest evaluation.")
      .def_readonly("user", &monitor::UserState::user)
      .def_property_readonly("level", [](const monitor::UserState& u) { return std::string(aave::to_string(u.risk.level)); },
                             "'ok', 'alert', 'act' or 'liquidatable'.")
      .def_readonly("risk", &monitor::UserState::risk, "The engine's RiskScore (account data, score).")
      .def_readonly("on_chain", &monitor::UserState::on_chain, "getUserAccountData read in the same block.")
      .def_readonly("matches_chain", &monitor::UserState::matches_chain, "Engine account data == on_chain.")
      .def_readonly("block", &monitor::UserState::block, "Block of the read (0 = never read successfully).")
      .def("__repr__", [](const monitor::UserState& u) {
        return "UserState(user=" + u.user.to_checksum() + ", level=" + std::string(aave::to_string(u.risk.level)) +
               ", health_factor=" + u.risk.account.health_factor.to_dec() + ", block=" + std::to_string(u.block) + ")";
      });
  py::class_<monitor::Change>(m, "Change", "A user's level change (or first evaluation that is not ok).")
      .def_readonly("user", &monitor::Change::user)
      .def_property_readonly("previous", [](const monitor::Change& c) { return level_or_none(c.previous); },
                             "Previous level, None on the first evaluation.")
      .def_property_readonly("current", [](const monitor::Change& c) { return std::string(aave::to_string(c.current)); })
      .def_readonly("risk", &monitor::Change::risk)
      .def_readonly("block", &monitor::Change::block)
      .def("__repr__", [](const monitor::Change& c) {
        return "Change(user=" + c.user.to_checksum() + ", " + std::string(py::str(level_or_none(c.previous))) + " -> " +
               std::string(aave::to_string(c.current)) + ", block=" + std::to_string(c.block) + ")";
      });

  py::class_<PyMonitor>(m, "Monitor",
                        "Position monitor: discovers borrowers (subgraph, Borrow events as fallback), reads them "
                        "on chain once per cycle and scores them. Keeps its client, reader and subgraph client "
                        "alive. Not thread-safe. step() releases the GIL; on_change callbacks run with it.")
      .def(py::init([](rpc::Client& client, Reader& reader, subgraph::Client* sg, const u256& alert_hf,
                       const u256& act_hf, const u256& target_hf, double horizon_days, double default_volatility,
                       py::object volatility, std::uint64_t delay_seconds, std::uint64_t sweep_every_blocks,
                       std::uint64_t discover_every_blocks, std::uint64_t log_range,
                       std::uint64_t events_from_block, std::uint64_t events_max_blocks) {
             monitor::Config c;
             c.risk = risk_config(alert_hf, act_hf, target_hf, horizon_days, default_volatility,
                                  std::move(volatility), delay_seconds);
             c.sweep_every_blocks = sweep_every_blocks;
             c.discover_every_blocks = discover_every_blocks;
             c.log_range = log_range;
             c.events_from_block = events_from_block;
             c.events_max_blocks = events_max_blocks;
             std::optional<subgraph::Client> own;
             if (sg != nullptr) own.emplace(unwrap(subgraph::Client::create(sg->config())));
             auto self = std::make_unique<PyMonitor>();
             self->monitor.emplace(unwrap(monitor::Monitor::create(client, reader, std::move(own), std::move(c))));
             install_callback(*self);
             return self;
           }), py::arg("client"), py::arg("reader"), py::arg("subgraph") = py::none(), py::kw_only(),
           py::arg("alert_hf") = aave::RiskConfig{}.alert_hf, py::arg("act_hf") = aave::RiskConfig{}.act_hf,
           py::arg("target_hf") = aave::RiskConfig{}.target_hf, py::arg("horizon_days") = 1.0,
           py::arg("default_volatility") = 0.80, py::arg("volatility") = py::none(), py::arg("delay_seconds") = 0,
           py::arg("sweep_every_blocks") = 10, py::arg("discover_every_blocks") = 300, py::arg("log_range") = 2000,
           py::arg("events_from_block") = 0, py::arg("events_max_blocks") = 0, py::keep_alive<1, 2>(),
           py::keep_alive<1, 3>(),
           "subgraph (a SubgraphClient, whose settings are copied) is optional: without it borrowers come from "
           "Borrow events only. Thresholds and periods as in score_risk / monitor::Config; InvalidArgument for "
           "zero periods or inconsistent thresholds.")
      .def("step", [](PyMonitor& self, bool full) {
        monitor::Monitor& mon = self.get_mutable("step");
        self.state->stepping = true;
        Result<monitor::CycleReport> report = [&] {
          py::gil_scoped_release release;
          return mon.step(full);
        }();
        self.state->stepping = false;
        if (!self.state->pending_error.is_none()) {
          py::object error = std::move(self.state->pending_error);
          self.state->pending_error = py::none();
          PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())), error.ptr());
          throw py::error_already_set();
        }
        return cycle_dict(unwrap(std::move(report)));
      }, py::arg("full") = false,
      "One cycle at the chain head (discovery when due, every user when full). Returns the cycle report dict: "
      "block, discovered, source, borrowers, users_read, hot_users, failed_users, changes, discovery_time, "
      "read_time, evaluate_time (seconds). A failing source raises (state kept; see health()). When the "
      "on_change callback raised, the cycle still completes, the remaining callbacks of that cycle are "
      "skipped, every change stays queued for take_changes(), and step() re-raises the callback's exception.")
      .def("on_change", [](PyMonitor& self, py::object callback) {
        if (!callback.is_none() && !PyCallable_Check(callback.ptr()))
          throw py::type_error("on_change: expected a callable or None");
        self.state->callback = std::move(callback);
      }, py::arg("callback"),
      "Calls callback(change: Change) for every change during step(), in urgency order, with the GIL held "
      "(None removes it). Exception policy: see step(). Inside the callback, step(), add_borrowers() and "
      "take_changes() raise StateError; at_risk(), users() and health() may be read.")
      .def("add_borrowers", [](PyMonitor& self, py::handle users) {
        const std::vector<Address> list = to_addresses(users, "users");
        self.get_mutable("add_borrowers").add_borrowers(list);
      }, py::arg("users"), "Adds borrowers by hand (e.g. enrolled users); read on the next cycle.")
      .def("at_risk", [](PyMonitor& self) { return self.get().at_risk(); },
           "Users below the alert threshold, most urgent first (list of UserState).")
      .def("users", [](PyMonitor& self) { return self.get().users(); },
           "Every known borrower's latest state, ascending by address.")
      .def("health", [](PyMonitor& self) { return health_dict(self.get().health()); },
           "Freshness: head_block, last_good_block, stale_blocks, stale_for (s), last_good_time (unix s or None), "
           "discovery_source, discovery_block, last_error, discovery_error, consecutive_failures, failed_user_reads.")
      .def("take_changes", [](PyMonitor& self) { return self.get_mutable("take_changes").take_changes(); },
           "Drains the change queue (oldest first).");
}

}  // namespace liquidbot::python
