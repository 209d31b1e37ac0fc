// Fuzzes JSON-RPC response parsing: the body is parsed as a single response, as a batch of three,
// as a node error object and as each typed result shape. Parsers must reject or accept, never crash.
#include <liquidbot/rpc.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace liquidbot::rpc;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  if (auto reply = parse_response(body, 1); reply && reply->ok()) {
    // The raw result re-enters the typed parsers, as it does in the client.
    static_cast<void>(parse_block(reply->result));
    static_cast<void>(parse_receipt(reply->result));
  }
  if (auto replies = parse_batch_response(body, 1, 3); replies && replies->size() != 3) __builtin_trap();
  static_cast<void>(parse_node_error(body));
  static_cast<void>(parse_block(body));
  static_cast<void>(parse_fee_history(body));
  static_cast<void>(parse_logs(body));
  static_cast<void>(parse_receipt(body));
  static_cast<void>(parse_quantity(body));
  return 0;
}
