// Fuzzes the strict RLP decoder on arbitrary bytes: no crash, every failure is Errc::decode with a
// message naming an offset, validate agrees with decode_tree, and whatever decodes re-encodes to
// exactly the input (only canonical encodings are accepted). The zero-copy reader must agree too.
#include <liquidbot/rlp.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

using namespace liquidbot;

namespace {

void require(bool condition) {
  if (!condition) __builtin_trap();
}

// Walks the item with ListReader, re-encoding as it goes; returns false on a decode error.
bool reencode(const rlp::ItemView& view, Bytes& out, std::size_t depth) {
  if (!view.is_list()) {
    rlp::append_bytes(out, view.payload());
    (void)view.to_u256();
    (void)view.to_uint64();
    return true;
  }
  if (depth >= rlp::kMaxDepth) return false;
  auto reader = view.items();
  require(reader.ok());
  const rlp::ListMark mark = rlp::begin_list(out);
  while (!reader->done()) {
    auto child = reader->next();
    if (!child.ok()) return false;
    if (!reencode(*child, out, depth + 1)) return false;
  }
  rlp::end_list(out, mark);
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  auto tree = rlp::decode_tree(input);
  const Status valid = rlp::validate(input);
  require(tree.ok() == valid.ok());
  if (!tree.ok()) {
    require(tree.error().code == Errc::decode);
    require(tree.error().message.find("at offset") != std::string::npos);
    return 0;
  }
  const Bytes encoded = rlp::encode(*tree);
  require(encoded.size() == size && std::equal(encoded.begin(), encoded.end(), data));
  auto view = rlp::decode(input);
  require(view.ok());
  Bytes walked;
  require(reencode(*view, walked, 0));
  require(walked == encoded);
  return 0;
}
