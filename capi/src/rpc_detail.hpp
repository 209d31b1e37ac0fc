// SPDX-License-Identifier: MIT
// Conversion of lb_rpc_options to the C++ client options (shared by lb_rpc_create and the handles
// that open their own client, such as the remote signer).
#pragma once

#include <liquidbot/lb_rpc.h>

#include <liquidbot/rpc.hpp>

namespace liquidbot::detail {

/// Checks `options` (NULL = defaults) and fills `out`; returns LB_OK or the failure, recorded for
/// `function`. Call inside the guard (it may throw std::bad_alloc).
lb_status rpc_client_options(const char* function, const lb_rpc_options* options, rpc::ClientOptions& out);

}  // namespace liquidbot::detail
