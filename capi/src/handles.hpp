// SPDX-License-Identifier: MIT
// The structs behind the C ABI's opaque handles (the C headers only declare them).
#pragma once

#include <liquidbot/lb_key.h>
#include <liquidbot/lb_snapshot.h>
#include <liquidbot/lb_tx.h>
#include <liquidbot/lb_batch.h>

#include <liquidbot/aave/batch.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/secp256k1.hpp>
#include <liquidbot/transaction.hpp>

struct lb_key {
  liquidbot::PrivateKey key;
};

struct lb_tx {
  liquidbot::Transaction tx;
};

struct lb_snapshot {
  liquidbot::aave::Snapshot snapshot;
};

struct lb_market {
  liquidbot::aave::Market market;
};

struct lb_userbook {
  liquidbot::aave::UserBook book;
};
