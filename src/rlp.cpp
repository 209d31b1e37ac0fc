// RLP encoder (appending to Bytes, list headers patched in place) and strict zero-copy decoder.
#include <liquidbot/rlp.hpp>

#include <string>

namespace liquidbot::rlp {
namespace {

constexpr std::uint8_t kStringBase = 0x80;  // short string: 0x80 + length
constexpr std::uint8_t kListBase = 0xc0;    // short list: 0xc0 + length
constexpr std::size_t kShortMax = 55;       // longest payload with a one-byte header

// Number of bytes in the minimal big-endian form of n (0 for 0).
constexpr std::size_t be_length(std::uint64_t n) noexcept {
  std::size_t size = 0;
  for (; n != 0; n >>= 8) ++size;
  return size;
}

// Writes the `size` low bytes of n big-endian at out.
void put_be(std::uint8_t* out, std::uint64_t n, std::size_t size) noexcept {
  for (std::size_t i = size; i > 0; --i) {
    out[i - 1] = static_cast<std::uint8_t>(n);
    n >>= 8;
  }
}

void append_header(Bytes& out, std::uint8_t base, std::size_t payload_length) {
  if (payload_length <= kShortMax) {
    out.push_back(static_cast<std::uint8_t>(base + payload_length));
    return;
  }
  const std::size_t size = be_length(payload_length);
  const std::size_t at = out.size();
  out.resize(at + 1 + size);
  out[at] = static_cast<std::uint8_t>(base + kShortMax + size);
  put_be(out.data() + at + 1, payload_length, size);
}

std::string hex_byte(std::uint8_t b) {
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("0x") + kHex[b >> 4] + kHex[b & 0x0f];
}

Error decode_error(std::string message, std::size_t offset) {
  return make_error(Errc::decode, "rlp: " + message + " at offset " + std::to_string(offset));
}

// Reads the header of the item at the start of `input` (non-empty or an error); `offset` is its
// position in the top-level input and `container` names what bounds it in messages.
Result<ItemView> read_item(ByteView input, std::size_t offset, const char* container) {
  if (input.empty()) return decode_error(std::string("unexpected end of ") + container, offset);
  const std::uint8_t first = input[0];
  if (first < kStringBase) return ItemView(false, input.first(1), input.first(1), offset);

  const bool is_list = first >= kListBase;
  const std::uint8_t base = is_list ? kListBase : kStringBase;
  const char* kind = is_list ? "list" : "string";
  std::size_t header = 1;
  std::uint64_t length = first - base;
  if (length > kShortMax) {
    const std::size_t size = length - kShortMax;  // 1..8 length bytes
    if (input.size() < 1 + size)
      return decode_error(std::string(kind) + " length-of-length " + std::to_string(size) +
                              " exceeds the " + std::to_string(input.size() - 1) + " bytes left in the " +
                              container,
                          offset);
    if (input[1] == 0)
      return decode_error("non-canonical size information: " + std::string(kind) +
                              " length has a leading zero byte",
                          offset);
    length = 0;
    for (std::size_t i = 1; i <= size; ++i) length = (length << 8) | input[i];
    if (length <= kShortMax)
      return decode_error("non-canonical size information: long form used for a " +
                              std::to_string(length) + "-byte " + kind,
                          offset);
    header = 1 + size;
  }
  if (length > input.size() - header)
    return decode_error(std::string(kind) + " payload length " + std::to_string(length) +
                            " exceeds the " + std::to_string(input.size() - header) +
                            " bytes left in the " + container,
                        offset);
  const auto payload_length = static_cast<std::size_t>(length);
  if (!is_list && header == 1 && payload_length == 1 && input[1] < kStringBase)
    return decode_error("non-canonical size information: single byte " + hex_byte(input[1]) +
                            " below 0x80 must be encoded as itself, not 0x81" +
                            hex_byte(input[1]).substr(2),
                        offset);
  const ByteView encoded = input.first(header + payload_length);
  return ItemView(is_list, encoded, encoded.subspan(header), offset);
}

Status validate_item(const ItemView& item, std::size_t depth) {
  if (!item.is_list()) return {};
  if (depth >= kMaxDepth)
    return decode_error("nesting deeper than " + std::to_string(kMaxDepth) + " lists", item.offset());
  ListReader reader(item.payload(), item.offset() + (item.encoded().size() - item.payload().size()));
  while (!reader.done()) {
    LB_TRY(child, reader.next());
    LB_TRY_STATUS(validate_item(child, depth + 1));
  }
  return {};
}

Result<Item> to_tree(const ItemView& view, std::size_t depth) {
  if (!view.is_list()) return Item::string(Bytes(view.payload().begin(), view.payload().end()));
  if (depth >= kMaxDepth)
    return decode_error("nesting deeper than " + std::to_string(kMaxDepth) + " lists", view.offset());
  Item list = Item::list({});
  LB_TRY(reader, view.items());
  while (!reader.done()) {
    LB_TRY(child, reader.next());
    LB_TRY(tree, to_tree(child, depth + 1));
    list.items.push_back(std::move(tree));
  }
  return list;
}

}  // namespace

// ---- encoding -----------------------------------------------------------------------------------

void append_bytes(Bytes& out, ByteView bytes) {
  if (bytes.size() == 1 && bytes[0] < kStringBase) {
    out.push_back(bytes[0]);
    return;
  }
  append_header(out, kStringBase, bytes.size());
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void append_uint(Bytes& out, std::uint64_t value) {
  if (value != 0 && value < kStringBase) {
    out.push_back(static_cast<std::uint8_t>(value));
    return;
  }
  const std::size_t size = be_length(value);
  const std::size_t at = out.size();
  out.resize(at + 1 + size);
  out[at] = static_cast<std::uint8_t>(kStringBase + size);
  put_be(out.data() + at + 1, value, size);
}

void append_uint(Bytes& out, const u256& value) {
  if (value.fits_u64()) {
    append_uint(out, value.limbs[0]);
    return;
  }
  const std::size_t size = (value.bit_length() + 7) / 8;  // 9..32
  const std::size_t at = out.size();
  out.resize(at + 1 + size);
  out[at] = static_cast<std::uint8_t>(kStringBase + size);
  std::uint8_t be[32];
  value.to_be32(be);
  for (std::size_t i = 0; i < size; ++i) out[at + 1 + i] = be[32 - size + i];
}

void append_list_header(Bytes& out, std::size_t payload_length) {
  append_header(out, kListBase, payload_length);
}

void append_raw(Bytes& out, ByteView encoded) { out.insert(out.end(), encoded.begin(), encoded.end()); }

ListMark begin_list(Bytes& out) {
  // One byte is reserved for the header; end_list widens it only for payloads over 55 bytes.
  const ListMark mark{out.size()};
  out.push_back(kListBase);
  return mark;
}

void end_list(Bytes& out, ListMark mark) {
  const std::size_t payload_length = out.size() - mark.start - 1;
  if (payload_length <= kShortMax) {
    out[mark.start] = static_cast<std::uint8_t>(kListBase + payload_length);
    return;
  }
  const std::size_t size = be_length(payload_length);
  out.insert(out.begin() + static_cast<std::ptrdiff_t>(mark.start + 1), size, std::uint8_t{0});
  out[mark.start] = static_cast<std::uint8_t>(kListBase + kShortMax + size);
  put_be(out.data() + mark.start + 1, payload_length, size);
}

void append_item(Bytes& out, const Item& item) {
  if (!item.is_list) {
    append_bytes(out, item.bytes);
    return;
  }
  const ListMark mark = begin_list(out);
  for (const Item& child : item.items) append_item(out, child);
  end_list(out, mark);
}

Bytes encode(const Item& item) {
  Bytes out;
  append_item(out, item);
  return out;
}

// ---- decoding -----------------------------------------------------------------------------------

Result<ListReader> ItemView::items() const {
  if (!is_list_) return decode_error("expected a list, found a string", offset_);
  return ListReader(payload_, offset_ + (encoded_.size() - payload_.size()));
}

Result<ByteView> ItemView::to_bytes() const {
  if (is_list_) return decode_error("expected a string, found a list", offset_);
  return payload_;
}

Result<u256> ItemView::to_u256() const {
  if (is_list_) return decode_error("expected an integer, found a list", offset_);
  if (!payload_.empty() && payload_[0] == 0)
    return decode_error("non-canonical integer format: leading zero byte", offset_);
  if (payload_.size() > 32)
    return make_error(Errc::overflow, "rlp: integer of " + std::to_string(payload_.size()) +
                                          " bytes exceeds 256 bits at offset " +
                                          std::to_string(offset_));
  return u256::from_be_bytes(payload_);
}

Result<std::uint64_t> ItemView::to_uint64() const {
  if (!is_list_ && payload_.size() > 8 && payload_[0] != 0)
    return make_error(Errc::overflow, "rlp: integer of " + std::to_string(payload_.size()) +
                                          " bytes exceeds 64 bits at offset " +
                                          std::to_string(offset_));
  LB_TRY(value, to_u256());
  return value.limbs[0];
}

Result<ItemView> ListReader::next() {
  LB_TRY(item, read_item(rest_, offset_, "enclosing list"));
  rest_ = rest_.subspan(item.encoded().size());
  offset_ += item.encoded().size();
  return item;
}

Result<ItemView> decode_prefix(ByteView input, std::size_t base_offset) {
  return read_item(input, base_offset, "input");
}

Result<ItemView> decode(ByteView input) {
  LB_TRY(item, read_item(input, 0, "input"));
  if (item.encoded().size() != input.size())
    return decode_error("input contains more than one value: " +
                            std::to_string(input.size() - item.encoded().size()) +
                            " trailing bytes after the item",
                        item.encoded().size());
  return item;
}

Status validate(ByteView input) {
  LB_TRY(item, decode(input));
  return validate_item(item, 0);
}

Result<Item> decode_tree(ByteView input) {
  LB_TRY(item, decode(input));
  return to_tree(item, 0);
}

}  // namespace liquidbot::rlp
