// The process-wide libsecp256k1 context and a wipe for secret bytes (internal).
#pragma once

#include <secp256k1.h>

#include <cstddef>

namespace liquidbot::detail {

/// The one libsecp256k1 context every liquidbot call uses: created and randomized (side-channel
/// blinding) on first use, thread-safely; afterwards only read, which libsecp256k1 allows from any
/// number of threads at once.
const secp256k1_context* secp_context() noexcept;

/// Overwrites `size` bytes at `data` with zeros in a way the optimizer cannot drop, even when the
/// memory is never read again.
void secure_wipe(void* data, std::size_t size) noexcept;

}  // namespace liquidbot::detail
