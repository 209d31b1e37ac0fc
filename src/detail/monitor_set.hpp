// Borrower-set bookkeeping of the monitor (monitor.cpp), kept apart so the unit tests can check the
// rules without a chain: which users leave the set after a read.
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/monitor.hpp>
#include <liquidbot/u256.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace liquidbot::detail {

/// True when a UserConfigurationMap has any borrowing bit (bit 2i) set: the user still owes
/// something. Aave clears the bit when the scaled debt of the reserve reaches zero.
constexpr bool borrows_anything(const u256& user_config) noexcept {
  constexpr std::uint64_t kBorrowingBits = 0x5555'5555'5555'5555ULL;
  return ((user_config.limbs[0] | user_config.limbs[1] | user_config.limbs[2] | user_config.limbs[3]) &
          kBorrowingBits) != 0;
}

/// Erases from `states` (ascending by user) every user for which `drop(state)` holds, except the
/// users in `pinned` (ascending: added by hand, kept whatever their debt). Returns how many left.
template <class Drop>
std::size_t drop_users(std::vector<monitor::UserState>& states, std::span<const Address> pinned, Drop drop) {
  const auto first = std::remove_if(states.begin(), states.end(), [&](const monitor::UserState& state) {
    return !std::binary_search(pinned.begin(), pinned.end(), state.user) && drop(state);
  });
  const auto dropped = static_cast<std::size_t>(states.end() - first);
  states.erase(first, states.end());
  return dropped;
}

}  // namespace liquidbot::detail
