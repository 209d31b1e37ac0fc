// SPDX-License-Identifier: MIT
// The structs behind the C ABI's opaque handles (the C headers only declare them).
#pragma once

#include <liquidbot/lb_key.h>
#include <liquidbot/lb_snapshot.h>
#include <liquidbot/lb_tx.h>
#include <liquidbot/lb_batch.h>
#include <liquidbot/lb_monitor.h>
#include <liquidbot/lb_reader.h>
#include <liquidbot/lb_rpc.h>
#include <liquidbot/lb_signer.h>
#include <liquidbot/lb_store.h>
#include <liquidbot/lb_nonce.h>
#include <liquidbot/lb_sender.h>

#include <liquidbot/aave/batch.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/monitor.hpp>
#include <liquidbot/reader.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/secp256k1.hpp>
#include <liquidbot/signer.hpp>
#include <liquidbot/store.hpp>
#include <liquidbot/nonce.hpp>
#include <liquidbot/executor.hpp>
#include <liquidbot/sender.hpp>
#include <liquidbot/transaction.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

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

struct lb_rpc {
  liquidbot::rpc::Client client;
};

struct lb_reader {
  liquidbot::reader::Reader reader;
};

struct lb_monitor {
  liquidbot::monitor::Monitor monitor;
  lb_monitor_callback callback = nullptr;
  void* user_data = nullptr;
};

struct lb_signer {
  /// The client of a remote signer created from a URL (declared first: it outlives the signer).
  std::unique_ptr<liquidbot::rpc::Client> owned_client;
  std::unique_ptr<liquidbot::Signer> signer;
};

struct lb_store {
  std::unique_ptr<liquidbot::Store> store;
};

struct lb_nonces {
  explicit lb_nonces(liquidbot::rpc::Client& client) : source(client) {}
  liquidbot::RpcNonceSource source;
  std::unique_ptr<liquidbot::NonceManager> manager;  ///< uses `source` (declared before it)
};

struct lb_sender {
  lb_sender(liquidbot::rpc::Client& client, liquidbot::Signer& signer, liquidbot::Store& store,
            liquidbot::NonceManager* nonces, liquidbot::SenderPolicy policy)
      : backend(client, policy.fees), sender(backend, signer, store, nonces, std::move(policy)) {}
  liquidbot::executor::RpcBackend backend;
  liquidbot::Sender sender;  ///< sends through `backend` (declared before it)
  /// (intent id, result) of the last successful submit, poll or reconcile.
  std::vector<std::pair<std::string, liquidbot::TrackResult>> results;
};
