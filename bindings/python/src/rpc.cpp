// JSON-RPC client (rpc::Client): typed calls with the GIL released during network work.
#include "common.hpp"

#include <liquidbot/rpc.hpp>

#include <pybind11/stl.h>

#include <chrono>
#include <memory>

namespace liquidbot::python {

py::dict receipt_dict(const rpc::Receipt& r) {
  py::dict d;
  d["transaction_hash"] = r.transaction_hash;
  d["block_hash"] = r.block_hash;
  d["block_number"] = r.block_number;
  d["transaction_index"] = r.transaction_index;
  d["status"] = r.status;
  d["gas_used"] = r.gas_used;
  d["cumulative_gas_used"] = r.cumulative_gas_used;
  d["effective_gas_price"] = r.effective_gas_price;
  d["contract_address"] = r.contract_address ? py::object(py::cast(*r.contract_address)) : py::object(py::none());
  d["l1_fee"] = r.l1_fee ? py::object(from_u256(*r.l1_fee)) : py::object(py::none());
  py::list logs;
  for (const rpc::Log& l : r.logs) logs.append(log_dict(l));
  d["logs"] = logs;
  return d;
}

py::dict log_dict(const rpc::Log& l) {
  py::dict d;
  d["address"] = l.address;
  py::list topics;
  for (const Hash& t : l.topics) topics.append(py::cast(t));
  d["topics"] = topics;
  d["data"] = from_bytes(l.data);
  d["block_number"] = l.block_number;
  d["block_hash"] = l.block_hash;
  d["transaction_hash"] = l.transaction_hash;
  d["transaction_index"] = l.transaction_index;
  d["log_index"] = l.log_index;
  d["removed"] = l.removed;
  return d;
}

rpc::BlockTag to_block(py::handle block) {
  if (PyLong_Check(block.ptr()) && !PyBool_Check(block.ptr())) return rpc::BlockTag::at(py::cast<std::uint64_t>(block));
  const std::string tag = py::cast<std::string>(block);
  using K = rpc::BlockTag::Kind;
  if (tag == "latest") return {K::latest, 0};
  if (tag == "pending") return {K::pending, 0};
  if (tag == "safe") return {K::safe, 0};
  if (tag == "finalized") return {K::finalized, 0};
  if (tag == "earliest") return {K::earliest, 0};
  raise(Errc::invalid_argument, "block: expected a number or latest/pending/safe/finalized/earliest, got '" + tag + "'");
}

namespace {

rpc::CallRequest to_call(py::object to, py::object data, py::object from, py::object value) {
  rpc::CallRequest req;
  if (!to.is_none()) req.to = to_address(to, "to");
  if (!from.is_none()) req.from = to_address(from, "from");
  if (!value.is_none()) req.value = to_u256(value, "value");
  if (!data.is_none()) req.data = to_bytes(data, "data");
  return req;
}

}  // namespace

void bind_rpc(py::module_& m) {
  py::class_<rpc::Client>(m, "RpcClient",
                          "JSON-RPC client over one or more endpoints with failover and retries. "
                          "Not thread-safe; network calls release the GIL. Node errors raise RpcError.")
      .def(py::init([](std::vector<std::string> urls, std::optional<std::uint64_t> expected_chain_id,
                       double timeout_seconds, int max_attempts) {
             if (urls.empty()) raise(Errc::invalid_argument, "urls: at least one endpoint is needed");
             if (!(timeout_seconds > 0)) raise(Errc::invalid_argument, "timeout_seconds: must be positive");
             if (max_attempts < 1) raise(Errc::invalid_argument, "max_attempts: must be at least 1");
             rpc::ClientOptions options;
             options.expected_chain_id = expected_chain_id;
             options.http.total_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout_seconds * 1000));
             options.http.max_attempts = max_attempts;
             py::gil_scoped_release release;
             return std::make_unique<rpc::Client>(unwrap(rpc::Client::connect(std::move(urls), std::move(options))));
           }), py::arg("urls"), py::kw_only(), py::arg("expected_chain_id") = py::none(),
           py::arg("timeout_seconds") = 10.0, py::arg("max_attempts") = 4,
           "Connects (checking eth_chainId on every endpoint when expected_chain_id is set).")
      .def("request", [](rpc::Client& c, const std::string& method, py::object params) {
             const std::string params_json = py::cast<std::string>(py::module_::import("json").attr("dumps")(params));
             rpc::Reply reply = without_gil([&] { return c.request(method, params_json); });
             if (reply.error) throw LbException{reply.error->to_error(method)};
             return py::module_::import("json").attr("loads")(reply.result);
           }, py::arg("method"), py::arg("params") = py::list(),
           "Raw call: params is JSON-serialisable; returns the decoded result.")
      .def("chain_id", [](rpc::Client& c) { return without_gil([&] { return c.chain_id(); }); })
      .def("block_number", [](rpc::Client& c) { return without_gil([&] { return c.block_number(); }); })
      .def("gas_price", [](rpc::Client& c) { return without_gil([&] { return c.gas_price(); }); })
      .def("max_priority_fee_per_gas", [](rpc::Client& c) {
        return without_gil([&] { return c.max_priority_fee_per_gas(); });
      })
      .def("get_transaction_count", [](rpc::Client& c, const Address& account, py::object block) {
        const rpc::BlockTag tag = to_block(block);
        return without_gil([&] { return c.get_transaction_count(account, tag); });
      }, py::arg("account"), py::arg("block") = "latest")
      .def("call", [](rpc::Client& c, py::object to, py::object data, py::object block, py::object from,
                      py::object value) {
        const rpc::CallRequest req = to_call(std::move(to), std::move(data), std::move(from), std::move(value));
        const rpc::BlockTag tag = to_block(block);
        return from_bytes(without_gil([&] { return c.call(req, tag); }));
      }, py::arg("to"), py::arg("data"), py::arg("block") = "latest", py::kw_only(), py::arg("sender") = py::none(),
      py::arg("value") = py::none(), "eth_call; a revert raises RpcError with the decoded reason.")
      .def("estimate_gas", [](rpc::Client& c, py::object to, py::object data, py::object block, py::object from,
                              py::object value) {
        const rpc::CallRequest req = to_call(std::move(to), std::move(data), std::move(from), std::move(value));
        const rpc::BlockTag tag = to_block(block);
        return without_gil([&] { return c.estimate_gas(req, tag); });
      }, py::arg("to"), py::arg("data"), py::arg("block") = "latest", py::kw_only(), py::arg("sender") = py::none(),
      py::arg("value") = py::none())
      .def("send_raw_transaction", [](rpc::Client& c, py::handle raw) {
        const Bytes bytes = to_bytes(raw, "raw");
        return without_gil([&] { return c.send_raw_transaction(bytes); });
      }, py::arg("raw"), "eth_sendRawTransaction; returns the transaction hash.")
      .def("get_transaction_receipt", [](rpc::Client& c, const Hash& hash) -> py::object {
        const std::optional<rpc::Receipt> receipt = without_gil([&] { return c.get_transaction_receipt(hash); });
        return receipt ? py::object(receipt_dict(*receipt)) : py::object(py::none());
      }, py::arg("tx_hash"),
      "eth_getTransactionReceipt as a dict (status, block_number, gas_used, effective_gas_price, l1_fee, "
      "logs, ...), None while the transaction is not mined.");
}

}  // namespace liquidbot::python
