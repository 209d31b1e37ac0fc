// SPDX-License-Identifier: MIT
// Conversion of the engine's account data to the C struct.
#pragma once

#include <liquidbot/lb_snapshot.h>

#include <liquidbot/aave/account.hpp>

namespace liquidbot::detail {

lb_account_data from_account(const aave::AccountData& data) noexcept;

}  // namespace liquidbot::detail
