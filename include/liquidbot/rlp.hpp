// RLP (Recursive Length Prefix, https://ethereum.org/en/developers/docs/data-structures-and-encoding/rlp/):
// an allocation-light encoder that appends to a Bytes, a strict zero-copy decoder over a ByteView,
// and a small tree type for tools and tests.
//
// Decoding is strict: non-canonical input is an error (Errc::decode) naming the byte offset, as geth
// does: a single byte below 0x80 wrapped as 0x81xx, the long length form for fewer than 56 bytes,
// length-of-length with a leading zero, lengths past the end of the input or of the enclosing list,
// trailing bytes after the top-level item, and, for integers, leading zero bytes.
#pragma once

#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/u256.hpp>

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace liquidbot::rlp {

// ---- encoding -----------------------------------------------------------------------------------

/// Size of the header for a string or list payload of `payload_length` bytes (1 to 9).
[[nodiscard]] constexpr std::size_t header_size(std::size_t payload_length) noexcept {
  if (payload_length <= 55) return 1;
  std::size_t size = 1;
  for (std::size_t n = payload_length; n != 0; n >>= 8) ++size;
  return size;
}
/// Encoded size of a byte string.
[[nodiscard]] constexpr std::size_t bytes_size(ByteView bytes) noexcept {
  return bytes.size() == 1 && bytes[0] < 0x80 ? 1 : header_size(bytes.size()) + bytes.size();
}
/// Encoded size of an unsigned integer (minimal big-endian, 0 is the empty string).
[[nodiscard]] constexpr std::size_t uint_size(std::uint64_t value) noexcept {
  if (value < 0x80) return 1;
  std::size_t n = 0;
  for (std::uint64_t v = value; v != 0; v >>= 8) ++n;
  return 1 + n;
}
[[nodiscard]] constexpr std::size_t uint_size(const u256& value) noexcept {
  if (value.fits_u64()) return uint_size(value.limbs[0]);
  return 1 + (value.bit_length() + 7) / 8;
}
/// Encoded size of a list whose items encode to `payload_length` bytes together.
[[nodiscard]] constexpr std::size_t list_size(std::size_t payload_length) noexcept {
  return header_size(payload_length) + payload_length;
}

/// Appends the encoding of a byte string.
LIQUIDBOT_API void append_bytes(Bytes& out, ByteView bytes);
/// Appends an unsigned integer as a minimal big-endian string (0 -> 0x80).
LIQUIDBOT_API void append_uint(Bytes& out, std::uint64_t value);
LIQUIDBOT_API void append_uint(Bytes& out, const u256& value);
/// Appends a list header for a payload of `payload_length` bytes (two-pass encoding: compute the
/// payload size with the *_size functions, write the header, then the items).
LIQUIDBOT_API void append_list_header(Bytes& out, std::size_t payload_length);
/// Appends bytes that already are an RLP encoding (a pre-encoded item).
LIQUIDBOT_API void append_raw(Bytes& out, ByteView encoded);

/// Where an open list starts in the output; returned by begin_list, consumed by end_list.
struct ListMark {
  std::size_t start;
};
/// Opens a list: items appended to `out` until the matching end_list form its payload. Marks nest
/// (the caller keeps them, so the encoder needs no stack of its own).
LIQUIDBOT_API ListMark begin_list(Bytes& out);
/// Closes the list opened at `mark`, writing its header in front of the payload.
LIQUIDBOT_API void end_list(Bytes& out, ListMark mark);

// ---- zero-copy decoding -------------------------------------------------------------------------

class ListReader;

/// One decoded item: a view into the caller's input, which must outlive it. Only the item's own
/// header has been checked; children are checked as a ListReader reaches them (or all at once by
/// validate / decode_tree).
class ItemView {
 public:
  ItemView() = default;
  ItemView(bool is_list, ByteView encoded, ByteView payload, std::size_t offset) noexcept
      : is_list_(is_list), encoded_(encoded), payload_(payload), offset_(offset) {}

  [[nodiscard]] bool is_list() const noexcept { return is_list_; }
  /// The string's bytes, or the list's payload (the concatenated encodings of its items).
  [[nodiscard]] ByteView payload() const noexcept { return payload_; }
  /// Header and payload.
  [[nodiscard]] ByteView encoded() const noexcept { return encoded_; }
  /// Offset of the header within the top-level input (used in error messages).
  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

  /// The items of a list; an error when this is a string.
  [[nodiscard]] LIQUIDBOT_API Result<ListReader> items() const;
  /// A string holding a canonical integer (no leading zero byte) of at most 8 / 32 bytes.
  [[nodiscard]] LIQUIDBOT_API Result<std::uint64_t> to_uint64() const;
  [[nodiscard]] LIQUIDBOT_API Result<u256> to_u256() const;
  /// The string's bytes; an error when this is a list.
  [[nodiscard]] LIQUIDBOT_API Result<ByteView> to_bytes() const;

 private:
  bool is_list_ = false;
  ByteView encoded_;
  ByteView payload_;
  std::size_t offset_ = 0;
};

/// Walks the items of a list payload one by one, checking each header (and that the last item
/// ends exactly at the end of the payload).
class ListReader {
 public:
  ListReader(ByteView payload, std::size_t offset) noexcept : rest_(payload), offset_(offset) {}
  /// True when every item has been read.
  [[nodiscard]] bool done() const noexcept { return rest_.empty(); }
  /// The next item; an error when its header is invalid or it runs past the list's payload.
  [[nodiscard]] LIQUIDBOT_API Result<ItemView> next();

 private:
  ByteView rest_;
  std::size_t offset_;
};

/// Decodes the one item at the start of `input` (offsets in errors count from `base_offset`);
/// bytes after it are left alone.
[[nodiscard]] LIQUIDBOT_API Result<ItemView> decode_prefix(ByteView input, std::size_t base_offset = 0);
/// Decodes `input` as exactly one item: trailing bytes are an error. Children are not yet checked.
[[nodiscard]] LIQUIDBOT_API Result<ItemView> decode(ByteView input);
/// Checks that `input` is exactly one item and that every nested item is canonical.
[[nodiscard]] LIQUIDBOT_API Status validate(ByteView input);

// ---- tree ---------------------------------------------------------------------------------------

/// Owned RLP value: a byte string or a list of values (for tools, tests and small payloads).
struct Item {
  bool is_list = false;
  Bytes bytes;              ///< the string's bytes when !is_list
  std::vector<Item> items;  ///< the items when is_list

  [[nodiscard]] static Item string(Bytes value) { return Item{false, std::move(value), {}}; }
  [[nodiscard]] static Item list(std::vector<Item> values) { return Item{true, {}, std::move(values)}; }
  friend bool operator==(const Item&, const Item&) = default;
};

/// Deepest nesting decode_tree and validate accept (deeper input is an error, not a stack overflow).
inline constexpr std::size_t kMaxDepth = 1024;

/// Appends the encoding of a tree.
LIQUIDBOT_API void append_item(Bytes& out, const Item& item);
/// The encoding of a tree.
[[nodiscard]] LIQUIDBOT_API Bytes encode(const Item& item);
/// Decodes `input` as exactly one item, strictly and recursively.
[[nodiscard]] LIQUIDBOT_API Result<Item> decode_tree(ByteView input);

}  // namespace liquidbot::rlp
