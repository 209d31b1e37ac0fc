// Validation of one user against a reserve table, shared by Snapshot validation and UserBook::add.
#pragma once

#include <liquidbot/aave/snapshot.hpp>

#include <span>

namespace liquidbot::detail {

/// Checks the user's eMode is listed, every position is on a listed reserve (at most one each), and
/// every reserve flagged in the configuration is listed and has a position. Errors name "user.*".
Status validate_aave_user(std::span<const aave::Reserve> reserves,
                          std::span<const aave::EModeCategory> emodes, const aave::UserState& user);

}  // namespace liquidbot::detail
