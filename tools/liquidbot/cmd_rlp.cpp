// Verbs: to-rlp, from-rlp (foundry `cast` forms): JSON of nested arrays of 0x strings <-> 0x RLP.
#include "cli.hpp"

#include <liquidbot/bytes.hpp>
#include <liquidbot/rlp.hpp>

#include <simdjson.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace liquidbot::cli {
namespace {

constexpr std::string_view kJsonArg = "<json>";

bool has_hex_prefix(std::string_view text) {
  return text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
}

Bytes hex_string(std::string_view text, const std::string& where) {
  if (!has_hex_prefix(text)) fail(kJsonArg, where + " \"" + std::string(text) + "\" is not a 0x hex string");
  auto bytes = hex_decode(text);
  if (!bytes) fail(kJsonArg, where + ": " + bytes.error().message);
  return std::move(bytes).value();
}

// Appends the RLP of a JSON value (a 0x string or an array of such values); `where` is its JSON
// path for messages, e.g. $[0][2].
void append_json(Bytes& out, simdjson::dom::element value, const std::string& where) {
  simdjson::dom::array array;
  if (value.get(array) == simdjson::SUCCESS) {
    const rlp::ListMark mark = rlp::begin_list(out);
    std::size_t index = 0;
    for (simdjson::dom::element child : array)
      append_json(out, child, where + "[" + std::to_string(index++) + "]");
    rlp::end_list(out, mark);
    return;
  }
  std::string_view text;
  if (value.get(text) != simdjson::SUCCESS)
    fail(kJsonArg, "element " + where + " is neither a 0x hex string nor an array");
  rlp::append_bytes(out, hex_string(text, "element " + where));
}

void append_json_text(std::string& out, const rlp::Item& item) {
  if (!item.is_list) {
    out += '"';
    out += hex_encode(item.bytes);
    out += '"';
    return;
  }
  out += '[';
  for (std::size_t i = 0; i < item.items.size(); ++i) {
    if (i != 0) out += ',';
    append_json_text(out, item.items[i]);
  }
  out += ']';
}

int run_to_rlp(Args& args) {
  const std::string& text = args.positional(0, kJsonArg);
  args.reject_unknown();
  if (args.positionals().size() > 1) fail(kJsonArg, "expected exactly one argument");
  Bytes out;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text).get(root) == simdjson::SUCCESS) {
    append_json(out, root, "$");
  } else if (has_hex_prefix(text)) {
    rlp::append_bytes(out, hex_string(text, "value"));  // a bare 0x string is a single item
  } else {
    fail(kJsonArg, "is neither JSON nor a 0x hex string");
  }
  std::printf("%s\n", hex_encode(out).c_str());
  return kExitOk;
}

int run_from_rlp(Args& args) {
  constexpr std::string_view what = "<hex>";
  const std::string& text = args.positional(0, what);
  args.reject_unknown();
  if (args.positionals().size() > 1) fail(what, "expected exactly one argument");
  const Bytes bytes = require_ok(hex_decode(text), what);
  const rlp::Item item = require_ok(rlp::decode_tree(bytes), what);
  std::string json;
  append_json_text(json, item);
  std::printf("%s\n", json.c_str());
  return kExitOk;
}

const Registrar kRegistrar{{
    {"to-rlp", "to-rlp <json>   nested arrays of 0x strings, e.g. '[\"0x01\",[\"0xabcd\"]]'", run_to_rlp, {}},
    {"from-rlp", "from-rlp <hex>   RLP to JSON of nested arrays of 0x strings", run_from_rlp, {}},
}};

}  // namespace
}  // namespace liquidbot::cli
