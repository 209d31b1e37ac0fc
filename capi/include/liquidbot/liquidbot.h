/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: umbrella header. Link with libliquidbot_c (pkg-config liquidbot-c, or CMake
 * liquidbot::capi).
 *
 * Conventions (every lb_*.h follows them):
 *  1. Symbols are lb_* functions, LB_* macros and lb_* types; nothing else is exported.
 *  2. Objects are opaque handles: lb_<x>_create(lb_<x>** out, ...) and lb_<x>_destroy(lb_<x>*),
 *     which accepts NULL. No globals, no init/shutdown. Each header states its handles'
 *     thread-safety.
 *  3. Every fallible call returns lb_status: LB_OK (0) or a negative code (lb_common.h); codes -1 ..
 *     -13 mirror liquidbot::Errc. On failure, lb_last_error_message() gives a thread-local message
 *     that names the function and what is wrong; outputs are unspecified. No exception ever crosses
 *     the boundary.
 *  4. Argument order: handle first, then outputs, then inputs; a length follows its pointer;
 *     options last. Every pointer argument is checked: NULL where the header does not allow it is
 *     LB_EINVAL, never a crash.
 *  5. Integers wider than 64 bits (amounts, prices, health factors) are lb_u256be: 32 big-endian
 *     bytes. Addresses are lb_address (20 bytes), hashes lb_bytes32.
 *  6. Variable-size output goes to a caller buffer (buf, cap, size): buf NULL -> LB_OK with the
 *     required size in *size; cap too small -> LB_EBUFS with the required size still in *size.
 *     Text outputs are NUL-terminated and their size counts the NUL.
 *  7. Results the library allocates (char** outputs) are freed with lb_free, never free().
 *  8. Text inputs are pointer + length unless documented as NUL-terminated (signatures, paths and
 *     arrays of strings).
 *  9. Option structs start with uint32_t version = LB_<X>_OPTIONS_VERSION; fill them with
 *     lb_<x>_options_init(&opts, LB_<X>_OPTIONS_VERSION). Passing NULL options means defaults.
 * 10. Versions: LB_VERSION_* / lb_version_*() are the release; LB_ABI_VERSION / lb_abi_version()
 *     the C ABI (the library's SOVERSION). Check lb_abi_version() == LB_ABI_VERSION at start-up. */
#ifndef LIQUIDBOT_LIQUIDBOT_H
#define LIQUIDBOT_LIQUIDBOT_H

#include <liquidbot/lb_common.h>
#include <liquidbot/lb_version.h>
#include <liquidbot/lb_hash.h>
#include <liquidbot/lb_abi.h>
#include <liquidbot/lb_rlp.h>
#include <liquidbot/lb_key.h>
#include <liquidbot/lb_message.h>
#include <liquidbot/lb_siwe.h>
#include <liquidbot/lb_tx.h>
#include <liquidbot/lb_snapshot.h>
#include <liquidbot/lb_batch.h>
#include <liquidbot/lb_rpc.h>
#include <liquidbot/lb_reader.h>
#include <liquidbot/lb_monitor.h>
#include <liquidbot/lb_signer.h>
#include <liquidbot/lb_store.h>
#include <liquidbot/lb_nonce.h>
#include <liquidbot/lb_sender.h>

#endif /* LIQUIDBOT_LIQUIDBOT_H */
