// Differential check of Keccak-256 against ethers v6 keccak256 (vectors from
// tests/js/oracle/keccak.mjs, file named by LIQUIDBOT_VECTORS): one-shot, incremental in chunks,
// text input, and the runtime digest against the constexpr-evaluated one on short inputs.
#include <doctest/doctest.h>

#include <liquidbot/keccak.hpp>

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace liquidbot;

TEST_CASE("keccak: differential against ethers keccak256") {
  const char* path = std::getenv("LIQUIDBOT_VECTORS");
  REQUIRE_MESSAGE(path != nullptr, "LIQUIDBOT_VECTORS is not set");
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  REQUIRE(parser.load(path).get(document) == simdjson::SUCCESS);
  simdjson::dom::array cases;
  REQUIRE(document["cases"].get(cases) == simdjson::SUCCESS);

  std::array<std::size_t, 301> per_length{};
  std::size_t checked = 0;
  std::size_t text_cases = 0;
  std::size_t long_cases = 0;
  for (simdjson::dom::element item : cases) {
    std::string_view data_hex;
    std::string_view hash_hex;
    bool is_text = false;
    std::uint64_t chunk = 0;
    REQUIRE(item["data"].get(data_hex) == simdjson::SUCCESS);
    REQUIRE(item["hash"].get(hash_hex) == simdjson::SUCCESS);
    REQUIRE(item["text"].get(is_text) == simdjson::SUCCESS);
    REQUIRE(item["chunk"].get(chunk) == simdjson::SUCCESS);
    REQUIRE(chunk >= 1);
    INFO("data " << data_hex);
    auto data = hex_decode(data_hex);
    REQUIRE(data.ok());
    auto expected = Hash::from_hex(hash_hex);
    REQUIRE(expected.ok());
    const ByteView bytes(*data);

    CHECK(keccak256(bytes) == *expected);

    Keccak256 incremental;
    for (std::size_t off = 0; off < bytes.size(); off += chunk)
      incremental.update(bytes.subspan(off, std::min<std::size_t>(chunk, bytes.size() - off)));
    CHECK(incremental.finalize() == *expected);

    if (is_text) {
      const std::string text(data->begin(), data->end());
      CHECK(keccak256(std::string_view(text)) == *expected);
      ++text_cases;
    }
    if (bytes.size() < per_length.size())
      ++per_length[bytes.size()];
    else
      ++long_cases;
    ++checked;
  }
  MESSAGE("keccak cases checked: " << checked << " (" << text_cases << " text, " << long_cases
                                   << " longer than 300 bytes)");
  CHECK(checked >= 10000);
  const auto fewest = *std::min_element(per_length.begin(), per_length.end());
  MESSAGE("fewest cases for one length in 0..300: " << fewest);
  CHECK(fewest >= 3);
}
