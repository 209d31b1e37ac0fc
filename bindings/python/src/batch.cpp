// Vectorised batch evaluation over NumPy arrays: Market (the shared reserve table), UserBook
// (users structure-of-arrays) and evaluate_all / evaluate_users / reprice writing into NumPy.
//
// Exact representation: a u256 in an array is 4 little-endian uint64 limbs (limb 0 least
// significant), so an (N, R, 4) uint64 array holds N x R exact uint256 values. Arrays of shape
// (N, R) with dtype uint64 are accepted where every value fits in 64 bits. Results are an
// (N, 6, 4) uint64 array: per user the six getUserAccountData fields, each as 4 limbs.
#include "common.hpp"

#include <liquidbot/aave/batch.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <type_traits>

namespace liquidbot::python {
namespace {

using namespace liquidbot::aave;

static_assert(sizeof(u256) == 32 && std::is_trivially_copyable_v<u256>);
static_assert(sizeof(AccountData) == 6 * 32 && std::is_standard_layout_v<AccountData> &&
              std::is_trivially_copyable_v<AccountData>);
static_assert(sizeof(Errc) == sizeof(std::int32_t));

using U64Array = py::array_t<std::uint64_t, py::array::c_style | py::array::forcecast>;

/// A (N, R) or (N, R, 4) uint64 array of exact u256 values, read without the GIL.
struct U256Matrix {
  U64Array array;
  std::size_t rows = 0;
  std::size_t cols = 0;
  bool limbs = false;

  U256Matrix(py::handle value, const char* what, std::size_t want_cols) {
    py::array raw = py::array::ensure(value);
    if (!raw) throw py::type_error(std::string(what) + ": expected a NumPy array");
    if (raw.dtype().kind() != 'u' && raw.dtype().kind() != 'i')
      throw py::type_error(std::string(what) + ": expected an unsigned integer array (uint64)");
    if (raw.dtype().kind() == 'i') {
      py::object any_negative = raw.attr("__lt__")(0).attr("any")();
      if (py::cast<bool>(any_negative)) raise(Errc::invalid_argument, std::string(what) + ": negative values");
    }
    array = U64Array::ensure(raw);
    if (array.ndim() == 2) {
      limbs = false;
    } else if (array.ndim() == 3 && array.shape(2) == 4) {
      limbs = true;
    } else {
      raise(Errc::invalid_argument, std::string(what) + ": shape must be (users, reserves) or (users, reserves, 4)");
    }
    rows = static_cast<std::size_t>(array.shape(0));
    cols = static_cast<std::size_t>(array.shape(1));
    if (cols != want_cols)
      raise(Errc::invalid_argument, std::string(what) + ": " + std::to_string(cols) + " columns but the market has " +
                                        std::to_string(want_cols) + " reserves");
  }
  [[nodiscard]] u256 at(std::size_t r, std::size_t c) const {
    const std::uint64_t* p = array.data() + (r * cols + c) * (limbs ? 4 : 1);
    return limbs ? u256::from_limbs(p[0], p[1], p[2], p[3]) : u256(p[0]);
  }
};

py::array_t<std::uint64_t> new_account_array(std::size_t n) {
  return py::array_t<std::uint64_t>({static_cast<py::ssize_t>(n), py::ssize_t{6}, py::ssize_t{4}});
}

std::span<AccountData> account_span(py::array_t<std::uint64_t>& out, std::size_t n) {
  if (out.ndim() != 3 || static_cast<std::size_t>(out.shape(0)) != n || out.shape(1) != 6 || out.shape(2) != 4 ||
      !(out.flags() & py::array::c_style) || !out.writeable())
    raise(Errc::invalid_argument, "out: expected a writable C-contiguous uint64 array of shape (" + std::to_string(n) +
                                      ", 6, 4)");
  return {reinterpret_cast<AccountData*>(out.mutable_data()), n};
}

std::span<Errc> status_span(py::array_t<std::int32_t>& status, std::size_t n) {
  if (status.ndim() != 1 || static_cast<std::size_t>(status.shape(0)) != n || !(status.flags() & py::array::c_style) ||
      !status.writeable())
    raise(Errc::invalid_argument, "status: expected a writable int32 array of shape (" + std::to_string(n) + ",)");
  return {reinterpret_cast<Errc*>(status.mutable_data()), n};
}

BatchOptions batch_options(unsigned threads) {
  if (threads == 0) raise(Errc::invalid_argument, "threads: must be at least 1");
  return BatchOptions{threads};
}

}  // namespace

void bind_batch(py::module_& m) {
  py::class_<Market>(m, "Market", "The shared reserve table at one timestamp (indexes evaluated once).")
      .def_static("from_snapshot", [](const Snapshot& s) { return unwrap(Market::from_snapshot(s)); },
                  py::arg("snapshot"), "The market part of a snapshot (its user is ignored).")
      .def("set_timestamp", [](Market& market, std::uint64_t t) { unwrap(market.set_timestamp(t)); }, py::arg("timestamp"))
      .def("set_price", [](Market& market, std::uint16_t id, const u256& price) { unwrap(market.set_price(id, price)); },
           py::arg("reserve_id"), py::arg("price"))
      .def_property_readonly("timestamp", &Market::timestamp)
      .def_property_readonly("assets", [](const Market& market) {
        py::list out;
        for (const Reserve& r : market.reserves()) out.append(py::cast(r.asset));
        return out;
      }, "Reserve assets in column order (the order of the balance arrays).")
      .def_property_readonly("reserve_ids", [](const Market& market) {
        std::vector<std::uint16_t> ids;
        for (const Reserve& r : market.reserves()) ids.push_back(r.id);
        return ids;
      }, "Reserve ids in column order.")
      .def_property_readonly("prices", [](const Market& market) {
        py::list out;
        for (const Reserve& r : market.reserves()) out.append(from_u256(r.price));
        return out;
      });

  py::class_<UserBook>(m, "UserBook", "Users stored structure-of-arrays for batch evaluation.")
      .def(py::init<>())
      .def("__len__", &UserBook::size)
      .def("add_snapshot_user", [](UserBook& book, const Market& market, const Snapshot& s) {
        return unwrap(book.add(market, s.user));
      }, py::arg("market"), py::arg("snapshot"), "Adds the snapshot's user; returns its index.")
      .def("add_arrays", [](UserBook& book, const Market& market, py::handle scaled_atoken,
                            py::handle scaled_variable_debt, py::object configuration, py::object emode,
                            py::object addresses) {
        const std::size_t n_res = market.reserves().size();
        const U256Matrix atoken(scaled_atoken, "scaled_atoken", n_res);
        const U256Matrix vdebt(scaled_variable_debt, "scaled_variable_debt", n_res);
        const std::size_t n = atoken.rows;
        if (vdebt.rows != n) raise(Errc::invalid_argument, "scaled_variable_debt: row count differs from scaled_atoken");
        U64Array config;
        const bool has_config = !configuration.is_none();
        if (has_config) {
          config = U64Array::ensure(configuration);
          if (!config || config.ndim() != 2 || static_cast<std::size_t>(config.shape(0)) != n || config.shape(1) != 4)
            raise(Errc::invalid_argument, "configuration: expected uint64 limbs of shape (" + std::to_string(n) + ", 4)");
        }
        py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast> modes;
        const bool has_modes = !emode.is_none();
        if (has_modes) {
          modes = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>::ensure(emode);
          if (!modes || modes.ndim() != 1 || static_cast<std::size_t>(modes.shape(0)) != n)
            raise(Errc::invalid_argument, "emode: expected uint8 of shape (" + std::to_string(n) + ",)");
        }
        std::vector<Address> addrs;
        if (!addresses.is_none()) {
          for (py::handle a : py::reinterpret_borrow<py::iterable>(addresses)) addrs.push_back(to_address(a, "addresses"));
          if (addrs.size() != n) raise(Errc::invalid_argument, "addresses: expected " + std::to_string(n) + " entries");
        }
        const std::uint32_t first = static_cast<std::uint32_t>(book.size());
        {
          py::gil_scoped_release release;
          UserState user;
          for (std::size_t u = 0; u < n; ++u) {
            user.address = addrs.empty() ? Address{} : addrs[u];
            user.emode_category = has_modes ? modes.data()[u] : std::uint8_t{0};
            user.positions.clear();
            u256 derived;
            for (std::size_t c = 0; c < n_res; ++c) {
              const u256 a = atoken.at(u, c);
              const u256 d = vdebt.at(u, c);
              if (a.is_zero() && d.is_zero()) continue;
              const Reserve& r = market.reserves()[c];
              Position p;
              p.asset = r.asset;
              p.scaled_atoken_balance = a;
              p.scaled_variable_debt = d;
              user.positions.push_back(p);
              const unsigned bit = 2u * r.id;
              if (!d.is_zero()) derived.limbs[bit / 64] |= 1ULL << (bit % 64);
              if (!a.is_zero()) derived.limbs[(bit + 1) / 64] |= 1ULL << ((bit + 1) % 64);
            }
            if (has_config) {
              const std::uint64_t* p = config.data() + 4 * u;
              user.configuration = u256::from_limbs(p[0], p[1], p[2], p[3]);
            } else {
              user.configuration = derived;
            }
            auto added = book.add(market, user);
            if (!added.ok()) {
              Error e = std::move(added).error();
              e.message = "user " + std::to_string(u) + ": " + e.message;
              throw LbException{std::move(e)};
            }
          }
        }
        return first;
      }, py::arg("market"), py::arg("scaled_atoken"), py::arg("scaled_variable_debt"), py::kw_only(),
      py::arg("configuration") = py::none(), py::arg("emode") = py::none(), py::arg("addresses") = py::none(),
      "Adds N users from arrays whose columns follow market.assets. Balances: uint64 (N, R) or exact "
      "u256 limbs (N, R, 4). configuration: uint64 (N, 4) limbs of UserConfigurationMap, or None to "
      "flag collateral where the aToken balance is non-zero and borrowing where the debt is. "
      "Returns the index of the first added user. The GIL is released while adding.")
      .def("address", [](const UserBook& b, std::uint32_t u) {
        if (u >= b.size()) throw py::index_error("user index out of range");
        return b.address(u);
      }, py::arg("user"))
      .def("users_holding", [](const UserBook& b, std::uint16_t id) {
        const auto users = b.users_holding(id);
        return py::array_t<std::uint32_t>(static_cast<py::ssize_t>(users.size()), users.data());
      }, py::arg("reserve_id"), "Users with a flagged position in reserve_id (uint32 array, ascending).");

  m.def("_evaluate_all", [](const Market& market, const UserBook& book, unsigned threads) {
        const std::size_t n = book.size();
        auto out = new_account_array(n);
        py::array_t<std::int32_t> status(static_cast<py::ssize_t>(n));
        const auto out_span = account_span(out, n);
        const auto status_span_ = status_span(status, n);
        const BatchOptions options = batch_options(threads);
        {
          py::gil_scoped_release release;
          unwrap(evaluate_all(market, book, out_span, status_span_, options));
        }
        return py::make_tuple(out, status);
      }, py::arg("market"), py::arg("book"), py::arg("threads") = 1);
  m.def("_evaluate_users", [](const Market& market, const UserBook& book,
                              py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast> users,
                              py::array_t<std::uint64_t> out, py::array_t<std::int32_t> status, unsigned threads) {
        const std::size_t n = book.size();
        const auto out_span = account_span(out, n);
        const auto status_span_ = status_span(status, n);
        for (py::ssize_t i = 0; i < users.size(); ++i)
          if (users.data()[i] >= n) raise(Errc::invalid_argument, "users: index " + std::to_string(users.data()[i]) + " out of range");
        const std::span<const std::uint32_t> list(users.data(), static_cast<std::size_t>(users.size()));
        const BatchOptions options = batch_options(threads);
        py::gil_scoped_release release;
        unwrap(evaluate_users(market, book, list, out_span, status_span_, options));
      }, py::arg("market"), py::arg("book"), py::arg("users"), py::arg("out"), py::arg("status"), py::arg("threads") = 1);
  m.def("_reprice", [](Market& market, const UserBook& book, std::uint16_t reserve_id, const u256& price,
                       py::array_t<std::uint64_t> out, py::array_t<std::int32_t> status, unsigned threads) {
        const std::size_t n = book.size();
        const auto out_span = account_span(out, n);
        const auto status_span_ = status_span(status, n);
        const BatchOptions options = batch_options(threads);
        py::gil_scoped_release release;
        unwrap(reprice(market, book, reserve_id, price, out_span, status_span_, options));
      }, py::arg("market"), py::arg("book"), py::arg("reserve_id"), py::arg("price"), py::arg("out"),
      py::arg("status"), py::arg("threads") = 1);
  m.def("errc_name", [](std::int32_t code) {
        if (code < 0 || code > static_cast<std::int32_t>(Errc::internal)) raise(Errc::invalid_argument, "errc_name: unknown code " + std::to_string(code));
        return std::string(errc_name(static_cast<Errc>(code)));
      }, py::arg("code"), "Name of a status code in a batch status array ('ok', 'overflow', ...).");
}

}  // namespace liquidbot::python
