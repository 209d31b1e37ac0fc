/* SPDX-License-Identifier: MIT
 * The network handles of the C ABI on the local test-bed chain (run by chain_test.mjs under
 * tests/js/testbed.mjs --subgraph): RPC calls and node errors, market discovery, user reads whose
 * evaluation must equal the chain's own Pool.getUserAccountData bit for bit, monitor cycles whose
 * changes arrive through the callback (with and without the subgraph stand-in), transfers signed by
 * the keystore and the remote signer and mined, and the sender end to end (store, nonce manager,
 * submit, poll, reconcile). Every mined transaction is printed as "mined <kind> <hash> <from>
 * <nonce>" so the driver can check it with ethers.
 *
 *   capi_chain_test <PoolAddressesProvider> <borrower>...
 * Environment: LB_RPC_URL, LB_SUBGRAPH_URL, LB_KEYSTORE_PATH, LB_KEYSTORE_PASSWORD,
 * LB_KEYSTORE_ADDRESS, LB_SIGNER_URL, LB_SIGNER_ADDRESS, LB_SENDER_KEY, LB_STORE_PATH. */
#include "check.h"

#include <stdlib.h>

int g_failures = 0;

size_t test_unhex(unsigned char* out, size_t cap, const char* hex) {
  size_t n = 0;
  while (hex[0] != '\0' && hex[1] != '\0' && n < cap) {
    unsigned int byte = 0;
    if (sscanf(hex, "%2x", &byte) != 1) break;
    out[n++] = (unsigned char)byte;
    hex += 2;
  }
  return n;
}

struct changes {
  int count;
  int last_current;
};

static void on_change(void* user_data, const lb_monitor_change* change) {
  struct changes* seen = (struct changes*)user_data;
  ++seen->count;
  seen->last_current = change->current;
}

static const char* require_env(const char* name) {
  const char* value = getenv(name);
  if (value == NULL || value[0] == '\0') {
    fprintf(stderr, "%s must be set (run under chain_test.mjs)\n", name);
    exit(2);
  }
  return value;
}

static void to_hex(char* out, const uint8_t* bytes, size_t len) {
  static const char digits[] = "0123456789abcdef";
  size_t i;
  out[0] = '0';
  out[1] = 'x';
  for (i = 0; i < len; ++i) {
    out[2 + 2 * i] = digits[bytes[i] >> 4];
    out[3 + 2 * i] = digits[bytes[i] & 15];
  }
  out[2 + 2 * len] = '\0';
}

/* The receipt of hash through lb_rpc_request: 1 when it exists with status 0x1. */
static int mined_ok(lb_rpc* client, const lb_bytes32* hash) {
  char hex[67];
  char params[80];
  char* json = NULL;
  int ok;
  to_hex(hex, hash->bytes, 32);
  snprintf(params, sizeof params, "[\"%s\"]", hex);
  if (lb_rpc_request(client, &json, "eth_getTransactionReceipt", params) != LB_OK) return 0;
  ok = json != NULL && strstr(json, "\"status\":\"0x1\"") != NULL && strstr(json, hex) != NULL;
  lb_free(json);
  return ok;
}

static void print_mined(const char* kind, const lb_bytes32* hash, const lb_address* from, uint64_t nonce) {
  char hash_hex[67];
  char from_text[43];
  to_hex(hash_hex, hash->bytes, 32);
  if (lb_address_to_checksum(from_text, from) != LB_OK) from_text[0] = '\0';
  printf("mined %s %s %s %llu\n", kind, hash_hex, from_text, (unsigned long long)nonce);
}

/* A 1-wei transfer from signer's address to `to` at the pending nonce, signed by signer, sent with
   lb_rpc_send_raw_transaction and mined (the test bed's RPC front mines every sent transaction). */
static void send_transfer(lb_rpc* client, lb_signer* signer, const lb_address* to, const char* kind) {
  lb_address from;
  lb_address recovered;
  lb_tx_params params;
  lb_tx* tx = NULL;
  lb_bytes32 hash;
  lb_bytes32 local_hash;
  uint8_t raw[256];
  size_t raw_len = 0;
  uint64_t nonce = 0;
  EXPECT_OK(lb_signer_address(signer, &from));
  EXPECT_OK(lb_rpc_pending_nonce(client, &nonce, &from));
  EXPECT_OK(lb_tx_params_init(&params, LB_TX_PARAMS_VERSION));
  params.chain_id = 8453;
  params.nonce = nonce;
  params.gas_limit = 21000;
  lb_u256_from_u64(&params.max_priority_fee_per_gas, 1000000000);
  lb_u256_from_u64(&params.max_fee_per_gas, 10000000000ULL);
  params.has_to = 1;
  params.to = *to;
  lb_u256_from_u64(&params.value, 1);
  EXPECT_OK(lb_tx_create(&tx, &params));
  EXPECT_OK(lb_signer_sign_tx(signer, tx));
  EXPECT_OK(lb_tx_sender(tx, &recovered));
  CHECK(memcmp(recovered.bytes, from.bytes, 20) == 0);
  EXPECT_OK(lb_tx_encode(tx, raw, sizeof raw, &raw_len));
  EXPECT_OK(lb_tx_hash(tx, &local_hash));
  EXPECT_OK(lb_rpc_send_raw_transaction(client, &hash, raw, raw_len));
  CHECK(memcmp(hash.bytes, local_hash.bytes, 32) == 0);
  CHECK(mined_ok(client, &hash));
  print_mined(kind, &hash, &from, nonce);
  lb_tx_destroy(tx);
}

/* Keystore (made by ethers Wallet.encrypt in the driver) and remote signers: the addresses equal
   ethers', and their transfers are mined. */
static void test_signers(lb_rpc* client) {
  const char* keystore_path = require_env("LB_KEYSTORE_PATH");
  const char* password = require_env("LB_KEYSTORE_PASSWORD");
  const char* keystore_address = require_env("LB_KEYSTORE_ADDRESS");
  const char* signer_url = require_env("LB_SIGNER_URL");
  const char* remote_text = require_env("LB_SIGNER_ADDRESS");
  const char* urls[1];
  lb_signer* signer = NULL;
  lb_rpc* signer_client = NULL;
  lb_address expected;
  lb_address address;
  lb_address stranger;
  lb_tx_params params;
  lb_tx* tx = NULL;
  char text[43];

  EXPECT_OK(lb_signer_create_from_keystore(&signer, keystore_path, password, strlen(password)));
  if (signer == NULL) return;
  EXPECT_OK(lb_signer_address(signer, &address));
  EXPECT_OK(lb_address_to_checksum(text, &address));
  CHECK(strcmp(text, keystore_address) == 0);
  CHECK(strcmp(lb_signer_kind(signer), "keystore") == 0);
  memset(stranger.bytes, 0x5a, 20);
  send_transfer(client, signer, &stranger, "keystore");
  lb_signer_destroy(signer);
  signer = (lb_signer*)&address;
  EXPECT_ERR(lb_signer_create_from_keystore(&signer, keystore_path, "wrong", 5), LB_ESIGNATURE);
  CHECK(signer == NULL);

  /* Remote signer owning its client (URL form), with the chain id checked at creation. */
  EXPECT_OK(lb_address_parse(&expected, remote_text, strlen(remote_text)));
  {
    lb_rpc_options options;
    EXPECT_OK(lb_rpc_options_init(&options, LB_RPC_OPTIONS_VERSION));
    options.has_expected_chain_id = 1;
    options.expected_chain_id = 8453;
    EXPECT_OK(lb_signer_create_remote_url(&signer, signer_url, &expected, &options));
  }
  if (signer == NULL) return;
  CHECK(strcmp(lb_signer_kind(signer), "remote") == 0);
  EXPECT_OK(lb_signer_address(signer, &address));
  CHECK(memcmp(address.bytes, expected.bytes, 20) == 0);
  send_transfer(client, signer, &stranger, "remote-url");
  lb_signer_destroy(signer);

  /* Remote signer over a caller's lb_rpc; an account the signing service does not hold is refused. */
  urls[0] = signer_url;
  EXPECT_OK(lb_rpc_create(&signer_client, urls, 1, NULL));
  if (signer_client == NULL) return;
  EXPECT_OK(lb_signer_create_remote(&signer, signer_client, &expected));
  send_transfer(client, signer, &stranger, "remote-rpc");
  lb_signer_destroy(signer);
  EXPECT_OK(lb_signer_create_remote(&signer, signer_client, &stranger));
  EXPECT_OK(lb_tx_params_init(&params, LB_TX_PARAMS_VERSION));
  params.chain_id = 8453;
  params.gas_limit = 21000;
  lb_u256_from_u64(&params.max_fee_per_gas, 1000000000);
  EXPECT_OK(lb_tx_create(&tx, &params));
  EXPECT_ERR(lb_signer_sign_tx(signer, tx), LB_ERPC);
  lb_tx_destroy(tx);
  lb_signer_destroy(signer);
  lb_rpc_destroy(signer_client);
}

/* The sender end to end: intent in the store, nonce from the manager, submit, mined, poll says
   included, the attempt and the intervention are in the store; reconcile closes an interrupted
   intent; nonce gaps. */
static void test_sender_chain(lb_rpc* client) {
  const char* key = require_env("LB_SENDER_KEY");
  const char* store_path = require_env("LB_STORE_PATH");
  lb_store* store = NULL;
  lb_nonces* nonces = NULL;
  lb_nonces* second = NULL;
  lb_signer* signer = NULL;
  lb_sender* sender = NULL;
  lb_sender_options options;
  lb_intent_spec spec;
  lb_tx_params params;
  lb_tx* tx = NULL;
  lb_track_result result;
  lb_track_result again;
  lb_tx_attempt attempts[2];
  lb_intervention intervention;
  lb_nonce_gaps gaps;
  lb_address address;
  lb_address user;
  lb_u256be l1_fee;
  char id[LB_INTENT_ID_SIZE];
  char planned_id[LB_INTENT_ID_SIZE];
  char text[128];
  size_t size = 0;
  size_t count = 0;
  uint64_t chain_nonce = 0;
  uint64_t nonce = 0;
  uint64_t next = 0;
  uint64_t block = 0;
  int32_t state = -1;
  int created = 0;

  EXPECT_OK(lb_store_open(&store, store_path));
  EXPECT_OK(lb_signer_create_from_hex(&signer, key, strlen(key)));
  if (store == NULL || signer == NULL) return;
  EXPECT_OK(lb_signer_address(signer, &address));
  EXPECT_OK(lb_rpc_pending_nonce(client, &chain_nonce, &address));
  EXPECT_OK(lb_nonces_create(&nonces, client, store, 8453, &address));
  if (nonces == NULL) return;
  EXPECT_ERR(lb_nonces_create(&second, client, store, 8453, &address), LB_ESTATE);
  CHECK(second == NULL);
  EXPECT_OK(lb_nonces_peek_next(nonces, &next));
  CHECK(next == chain_nonce);

  EXPECT_OK(lb_sender_options_init(&options, LB_SENDER_OPTIONS_VERSION));
  options.blocks_before_replacement = 3;
  EXPECT_OK(lb_sender_create(&sender, client, signer, store, nonces, &options));
  if (sender == NULL) return;

  /* The intent, as the executor makes it: planned, then simulated. */
  memset(user.bytes, 0x77, 20);
  EXPECT_OK(lb_rpc_block_number(client, &block));
  snprintf(text, sizeof text, "capi-chain hf<act@block:%llu", (unsigned long long)block);
  EXPECT_OK(lb_intent_spec_init(&spec, LB_INTENT_SPEC_VERSION));
  spec.chain_id = 8453;
  spec.user = user;
  spec.trigger = text;
  spec.strategy = "repay";
  spec.signer = address;
  EXPECT_OK(lb_store_create_intent(store, id, &created, &spec));
  CHECK(created == 1);
  EXPECT_OK(lb_store_transition_intent(store, id, LB_INTENT_SIMULATED, "gas 21000", NULL));

  EXPECT_OK(lb_nonces_acquire(nonces, &nonce));
  CHECK(nonce == chain_nonce);
  EXPECT_OK(lb_tx_params_init(&params, LB_TX_PARAMS_VERSION));
  params.chain_id = 8453;
  params.nonce = nonce;
  params.gas_limit = 21000;
  lb_u256_from_u64(&params.max_priority_fee_per_gas, 1000000000);
  lb_u256_from_u64(&params.max_fee_per_gas, 10000000000ULL);
  params.has_to = 1;
  params.to = user;
  lb_u256_from_u64(&params.value, 1000);
  EXPECT_OK(lb_tx_create(&tx, &params));
  lb_u256_from_u64(&l1_fee, 12345);
  EXPECT_OK(lb_sender_submit(sender, &result, id, tx, &l1_fee));
  CHECK(result.state == LB_TRACK_PENDING || result.state == LB_TRACK_INCLUDED);
  EXPECT_OK(lb_sender_result_intent(sender, text, sizeof text, &size, 0));
  CHECK(strcmp(text, id) == 0 && size == LB_INTENT_ID_SIZE);
  /* Submitting the same intent again is misuse: it is being sent. */
  EXPECT_ERR(lb_sender_submit(sender, &again, id, tx, &l1_fee), LB_ESTATE);

  if (result.state == LB_TRACK_PENDING) EXPECT_OK(lb_sender_poll(sender, &result, id));
  CHECK(result.state == LB_TRACK_INCLUDED && result.has_receipt == 1 && result.receipt_status == 1);
  CHECK(result.block_number > block && result.gas_used == 21000);
  CHECK(mined_ok(client, &result.tx_hash));
  print_mined("sender", &result.tx_hash, &address, nonce);
  EXPECT_OK(lb_sender_result(sender, &again, 0));
  CHECK(memcmp(&again, &result, sizeof result) == 0);
  EXPECT_OK(lb_sender_result_reason(sender, NULL, 0, &size, 0));
  CHECK(size >= 1);
  EXPECT_ERR(lb_sender_result(sender, &again, 1), LB_ENOTFOUND);
  EXPECT_ERR(lb_sender_result_reason(sender, text, 0, &size, 0), LB_EBUFS);
  EXPECT_OK(lb_sender_tracked_count(sender, &count));
  CHECK(count == 0);
  EXPECT_ERR(lb_sender_poll(sender, &again, id), LB_ENOTFOUND);

  /* The store: intent included, one attempt with the nonce, fees and hash that were mined. */
  EXPECT_OK(lb_store_intent_state(store, &state, id));
  CHECK(state == LB_INTENT_INCLUDED);
  EXPECT_OK(lb_store_attempts(store, attempts, 2, &count, id));
  CHECK(count == 1 && attempts[0].attempt == 0 && attempts[0].nonce == nonce && attempts[0].gas_limit == 21000);
  CHECK(memcmp(attempts[0].tx_hash.bytes, result.tx_hash.bytes, 32) == 0);
  CHECK(memcmp(&attempts[0].l1_fee_estimate, &l1_fee, sizeof l1_fee) == 0);
  CHECK(memcmp(&attempts[0].max_fee_per_gas, &params.max_fee_per_gas, 32) == 0);

  /* The intervention a C executor records from the receipt. */
  memset(&intervention, 0, sizeof intervention);
  memcpy(intervention.intent_id, id, LB_INTENT_ID_SIZE);
  intervention.chain_id = 8453;
  intervention.user = user;
  intervention.strategy = LB_STRATEGY_REPAY;
  intervention.tx_hash = result.tx_hash;
  intervention.block_number = result.block_number;
  intervention.success = result.receipt_status;
  intervention.gas_used = result.gas_used;
  intervention.effective_gas_price = result.effective_gas_price;
  intervention.l1_fee = l1_fee;
  EXPECT_OK(lb_store_record_intervention(store, &intervention));
  {
    lb_intervention stored[2];
    EXPECT_OK(lb_store_interventions(store, stored, 2, &count, 8453));
    CHECK(count == 1 && strcmp(stored[0].intent_id, id) == 0 && stored[0].block_number == result.block_number &&
          memcmp(stored[0].tx_hash.bytes, result.tx_hash.bytes, 32) == 0);
  }

  /* Reconcile: a planned intent without an attempt is failed ("interrupted before send"). */
  spec.trigger = "capi-chain interrupted";
  EXPECT_OK(lb_store_create_intent(store, planned_id, &created, &spec));
  EXPECT_OK(lb_sender_reconcile(sender, &count));
  CHECK(count == 1);
  EXPECT_OK(lb_sender_result(sender, &again, 0));
  CHECK(again.state == LB_TRACK_FAILED && again.has_receipt == 0);
  EXPECT_OK(lb_sender_result_intent(sender, text, sizeof text, &size, 0));
  CHECK(strcmp(text, planned_id) == 0);
  EXPECT_OK(lb_sender_result_reason(sender, text, sizeof text, &size, 0));
  CHECK(strstr(text, "interrupted") != NULL);
  EXPECT_OK(lb_store_intent_state(store, &state, planned_id));
  CHECK(state == LB_INTENT_FAILED);

  /* A refused send is an outcome, not an error: an unfunded signer's intent fails with an alert. */
  {
    lb_signer* unfunded = NULL;
    lb_sender* refused = NULL;
    lb_tx* poor_tx = NULL;
    lb_address poor;
    char refused_id[LB_INTENT_ID_SIZE];
    char reason[512];
    EXPECT_OK(lb_signer_create_from_hex(&unfunded, "0101010101010101010101010101010101010101010101010101010101010101", 64));
    EXPECT_OK(lb_signer_address(unfunded, &poor));
    EXPECT_OK(lb_sender_create(&refused, client, unfunded, store, NULL, NULL));
    spec.trigger = "capi-chain unfunded";
    spec.signer = poor;
    spec.state = LB_INTENT_SIMULATED;
    EXPECT_OK(lb_store_create_intent(store, refused_id, &created, &spec));
    params.nonce = 0;
    EXPECT_OK(lb_tx_create(&poor_tx, &params));
    EXPECT_OK(lb_sender_submit(refused, &again, refused_id, poor_tx, NULL));
    CHECK(again.state == LB_TRACK_FAILED && again.alert == 1 && again.has_receipt == 0);
    EXPECT_OK(lb_sender_result_reason(refused, NULL, 0, &size, 0));
    CHECK(size > 1 && size <= sizeof reason);
    EXPECT_OK(lb_sender_result_reason(refused, reason, sizeof reason, &size, 0));
    CHECK(strstr(reason, "funds") != NULL); /* the node's own words are passed on */
    printf("unfunded sender: %s\n", reason);
    EXPECT_OK(lb_store_intent_state(store, &state, refused_id));
    CHECK(state == LB_INTENT_FAILED);
    lb_tx_destroy(poor_tx);
    lb_sender_destroy(refused);
    lb_signer_destroy(unfunded);
    spec.signer = address;
    spec.state = LB_INTENT_PLANNED;
  }

  /* Nonce gaps: none after the mined send; a nonce handed out and never sent is one. */
  EXPECT_OK(lb_nonces_detect_gaps(nonces, &gaps));
  CHECK(gaps.chain_pending == nonce + 1 && gaps.chain_mined == nonce + 1 && gaps.next == nonce + 1 && gaps.missing == 0);
  EXPECT_OK(lb_nonces_acquire(nonces, &next));
  CHECK(next == nonce + 1);
  EXPECT_OK(lb_nonces_release(nonces, next));
  EXPECT_OK(lb_nonces_peek_next(nonces, &next));
  CHECK(next == nonce + 1);
  EXPECT_OK(lb_nonces_acquire(nonces, &next));
  EXPECT_OK(lb_nonces_detect_gaps(nonces, &gaps));
  CHECK(gaps.chain_pending == nonce + 1 && gaps.next == nonce + 2 && gaps.missing == 1);
  EXPECT_OK(lb_nonces_resync(nonces, &next));
  CHECK(next == nonce + 2);
  EXPECT_ERR(lb_nonces_acquire(nonces, NULL), LB_EINVAL);
  EXPECT_ERR(lb_nonces_detect_gaps(nonces, NULL), LB_EINVAL);
  EXPECT_ERR(lb_sender_submit(sender, &again, NULL, tx, NULL), LB_EINVAL);
  EXPECT_ERR(lb_sender_submit(sender, &again, id, NULL, NULL), LB_EINVAL);
  EXPECT_ERR(lb_sender_submit(sender, &again, "0x1234", tx, NULL), LB_ENOTFOUND);
  EXPECT_ERR(lb_sender_poll(sender, &again, NULL), LB_EINVAL);
  EXPECT_ERR(lb_sender_result(sender, NULL, 0), LB_EINVAL);
  EXPECT_ERR(lb_sender_result_intent(sender, text, sizeof text, NULL, 0), LB_EINVAL);
  EXPECT_ERR(lb_sender_tracked_count(sender, NULL), LB_EINVAL);
  options.bump_percent = 5;
  {
    lb_sender* invalid = NULL;
    EXPECT_ERR(lb_sender_create(&invalid, client, signer, store, nonces, &options), LB_EINVAL);
    options.bump_percent = 13;
    options.version = 4;
    EXPECT_ERR(lb_sender_create(&invalid, client, signer, store, nonces, &options), LB_EUNSUPPORTED);
    EXPECT_ERR(lb_sender_create(&invalid, client, NULL, store, nonces, NULL), LB_EINVAL);
    EXPECT_ERR(lb_sender_create(&invalid, client, signer, NULL, nonces, NULL), LB_EINVAL);
    CHECK(invalid == NULL);
  }
  lb_tx_destroy(tx);
  lb_sender_destroy(sender);
  lb_nonces_destroy(nonces);
  lb_signer_destroy(signer);
  lb_store_destroy(store);
}

/* Monitor options version 2: the subgraph stand-in finds the borrowers; a dead subgraph falls back to
   Borrow events and says why; version 1 structs are still accepted. */
static void test_monitor_subgraph(lb_rpc* client, lb_reader* reader, size_t user_count) {
  const char* subgraph_url = require_env("LB_SUBGRAPH_URL");
  lb_monitor_options options;
  lb_monitor_health health;
  lb_monitor_cycle cycle;
  lb_monitor* monitor = NULL;
  char text[512];
  size_t size = 0;

  EXPECT_OK(lb_monitor_options_init(&options, LB_MONITOR_OPTIONS_VERSION));
  options.subgraph_url = subgraph_url;
  options.subgraph_page_size = 500;
  EXPECT_OK(lb_monitor_create(&monitor, client, reader, &options));
  if (monitor == NULL) return;
  EXPECT_OK(lb_monitor_get_health(monitor, &health));
  CHECK(health.discovery_source == LB_SOURCE_NONE && health.last_good_block == 0);
  EXPECT_OK(lb_monitor_step(monitor, &cycle, 1));
  CHECK(cycle.borrowers >= user_count && cycle.failed_users == 0);
  EXPECT_OK(lb_monitor_get_health(monitor, &health));
  CHECK(health.discovery_source == LB_SOURCE_SUBGRAPH);
  CHECK(health.head_block == cycle.block && health.last_good_block == cycle.block && health.stale_blocks == 0);
  CHECK(health.consecutive_failures == 0 && health.discovery_block > 0);
  EXPECT_OK(lb_monitor_discovery_error(monitor, text, sizeof text, &size));
  CHECK(size == 1 && text[0] == '\0');
  EXPECT_OK(lb_monitor_last_error(monitor, NULL, 0, &size));
  printf("monitor (subgraph): block %llu, %llu borrowers\n", (unsigned long long)cycle.block,
         (unsigned long long)cycle.borrowers);
  EXPECT_ERR(lb_monitor_get_health(monitor, NULL), LB_EINVAL);
  EXPECT_ERR(lb_monitor_last_error(monitor, text, sizeof text, NULL), LB_EINVAL);
  lb_monitor_destroy(monitor);
  monitor = NULL;

  /* A subgraph that refuses connections: discovery falls back to Borrow events. */
  options.subgraph_url = "http://127.0.0.1:9/subgraph";
  EXPECT_OK(lb_monitor_create(&monitor, client, reader, &options));
  if (monitor == NULL) return;
  EXPECT_OK(lb_monitor_step(monitor, &cycle, 1));
  CHECK(cycle.borrowers >= user_count);
  EXPECT_OK(lb_monitor_get_health(monitor, &health));
  CHECK(health.discovery_source == LB_SOURCE_EVENTS);
  EXPECT_OK(lb_monitor_discovery_error(monitor, NULL, 0, &size));
  CHECK(size > 1);
  EXPECT_ERR(lb_monitor_discovery_error(monitor, text, 1, &size), LB_EBUFS);
  EXPECT_OK(lb_monitor_discovery_error(monitor, text, sizeof text, &size));
  printf("monitor (dead subgraph): fell back to events: %s\n", text);
  EXPECT_OK(lb_monitor_last_error(monitor, text, sizeof text, &size));
  CHECK(size > 1);
  lb_monitor_destroy(monitor);
  monitor = NULL;

  /* Invalid subgraph settings. */
  options.subgraph_url = subgraph_url;
  options.subgraph_page_size = 100;
  EXPECT_ERR(lb_monitor_create(&monitor, client, reader, &options), LB_EINVAL);
  CHECK(monitor == NULL);

  /* A version 1 struct (no subgraph fields) is still accepted. */
  EXPECT_OK(lb_monitor_options_init(&options, 1));
  options.subgraph_url = "ignored: not part of a version 1 struct";
  EXPECT_OK(lb_monitor_create(&monitor, client, reader, &options));
  if (monitor == NULL) return;
  EXPECT_OK(lb_monitor_step(monitor, &cycle, 1));
  EXPECT_OK(lb_monitor_get_health(monitor, &health));
  CHECK(health.discovery_source == LB_SOURCE_EVENTS);
  lb_monitor_destroy(monitor);
}

int main(int argc, char** argv) {
  const char* url = getenv("LB_RPC_URL");
  const char* urls[1];
  lb_rpc_options options;
  lb_monitor_options monitor_options;
  lb_rpc* client = NULL;
  lb_rpc* wrong_chain = NULL;
  lb_reader* reader = NULL;
  lb_monitor* monitor = NULL;
  lb_address provider;
  lb_address pool;
  lb_address zero;
  lb_address users[16];
  lb_signer* signer = NULL;
  lb_tx* tx = NULL;
  lb_tx_params params;
  lb_bytes32 hash;
  lb_monitor_cycle cycle;
  struct changes seen = {0, -1};
  uint64_t value = 0;
  uint8_t selector[4];
  uint8_t* result = NULL;
  size_t result_len = 0;
  uint8_t raw[256];
  size_t raw_len = 0;
  char* json = NULL;
  int i;
  int user_count = 0;

  if (url == NULL || argc < 3) {
    fprintf(stderr, "usage: LB_RPC_URL=... %s <provider> <borrower>...\n", argv[0]);
    return 2;
  }
  urls[0] = url;
  EXPECT_OK(lb_address_parse(&provider, argv[1], strlen(argv[1])));
  for (i = 2; i < argc && user_count < 16; ++i)
    EXPECT_OK(lb_address_parse(&users[user_count++], argv[i], strlen(argv[i])));

  EXPECT_OK(lb_rpc_options_init(&options, LB_RPC_OPTIONS_VERSION));
  options.has_expected_chain_id = 1;
  options.expected_chain_id = 8453;
  EXPECT_OK(lb_rpc_create(&client, urls, 1, &options));
  if (client == NULL) return 1;
  options.expected_chain_id = 1;
  CHECK(lb_rpc_create(&wrong_chain, urls, 1, &options) < 0 && wrong_chain == NULL);
  CHECK(strstr(lb_last_error_message(), "8453") != NULL);

  EXPECT_OK(lb_rpc_chain_id(client, &value));
  CHECK(value == 8453);
  EXPECT_OK(lb_rpc_block_number(client, &value));
  CHECK(value > 0);
  EXPECT_OK(lb_rpc_request(client, &json, "eth_chainId", "[]"));
  CHECK(json != NULL && strcmp(json, "\"0x2105\"") == 0);
  lb_free(json);
  EXPECT_ERR(lb_rpc_request(client, &json, "eth_noSuchMethod", "[]"), LB_ERPC);
  EXPECT_ERR(lb_rpc_request(client, &json, "eth_chainId", NULL), LB_EINVAL);
  EXPECT_ERR(lb_rpc_request(client, NULL, "eth_chainId", "[]"), LB_EINVAL);
  memset(zero.bytes, 0, 20);
  EXPECT_OK(lb_rpc_pending_nonce(client, &value, &zero));
  EXPECT_ERR(lb_rpc_pending_nonce(client, NULL, &zero), LB_EINVAL);
  EXPECT_ERR(lb_rpc_pending_nonce(client, &value, NULL), LB_EINVAL);

  EXPECT_OK(lb_reader_create(&reader, client, &provider));
  if (reader == NULL) return 1;
  EXPECT_OK(lb_reader_pool(reader, &pool));
  CHECK(memcmp(pool.bytes, zero.bytes, 20) != 0);
  EXPECT_ERR(lb_reader_pool(reader, NULL), LB_EINVAL);

  /* Pool.POOL_REVISION() through eth_call: one 32-byte word. */
  EXPECT_OK(lb_selector(selector, "POOL_REVISION()", 15));
  EXPECT_OK(lb_rpc_call(client, &result, &result_len, &pool, selector, 4, 0));
  CHECK(result != NULL && result_len == 32);
  lb_free(result);
  EXPECT_ERR(lb_rpc_call(client, &result, &result_len, NULL, selector, 4, 0), LB_EINVAL);
  EXPECT_ERR(lb_rpc_call(client, NULL, &result_len, &pool, selector, 4, 0), LB_EINVAL);
  EXPECT_ERR(lb_rpc_call(client, &result, &result_len, &pool, NULL, 4, 0), LB_EINVAL);
  /* A selector the Pool does not have reverts: a node error. */
  selector[0] ^= 0xff;
  EXPECT_ERR(lb_rpc_call(client, &result, &result_len, &pool, selector, 4, 0), LB_ERPC);

  /* Every user's engine evaluation equals the chain's getUserAccountData from the same block. */
  for (i = 0; i < user_count; ++i) {
    lb_snapshot* snapshot = NULL;
    lb_account_data on_chain;
    lb_account_data engine;
    EXPECT_OK(lb_reader_read_user(reader, &snapshot, &on_chain, &users[i], 0));
    EXPECT_OK(lb_snapshot_evaluate(snapshot, &engine));
    CHECK(memcmp(&engine, &on_chain, sizeof engine) == 0);
    lb_snapshot_destroy(snapshot);
  }
  EXPECT_ERR(lb_reader_read_user(reader, NULL, NULL, &users[0], 0), LB_EINVAL);
  EXPECT_ERR(lb_reader_read_user(reader, NULL, NULL, NULL, 0), LB_EINVAL);

  /* A transaction from an unfunded key: the node refuses it (insufficient funds). */
  EXPECT_OK(lb_signer_create_from_hex(&signer, "0101010101010101010101010101010101010101010101010101010101010101", 64));
  EXPECT_OK(lb_tx_params_init(&params, LB_TX_PARAMS_VERSION));
  params.chain_id = 8453;
  params.gas_limit = 21000;
  lb_u256_from_u64(&params.max_priority_fee_per_gas, 1000000000);
  lb_u256_from_u64(&params.max_fee_per_gas, 100000000000ULL);
  params.has_to = 1;
  params.to = zero;
  lb_u256_from_u64(&params.value, 1);
  EXPECT_OK(lb_tx_create(&tx, &params));
  EXPECT_OK(lb_signer_sign_tx(signer, tx));
  EXPECT_OK(lb_tx_encode(tx, raw, sizeof raw, &raw_len));
  EXPECT_ERR(lb_rpc_send_raw_transaction(client, &hash, raw, raw_len), LB_ERPC);
  EXPECT_ERR(lb_rpc_send_raw_transaction(client, &hash, raw, 0), LB_EINVAL);
  EXPECT_ERR(lb_rpc_send_raw_transaction(client, NULL, raw, raw_len), LB_EINVAL);
  lb_tx_destroy(tx);
  lb_signer_destroy(signer);

  /* Monitor: one full cycle over the borrowers; every change reaches the callback. */
  EXPECT_OK(lb_monitor_options_init(&monitor_options, LB_MONITOR_OPTIONS_VERSION));
  monitor_options.sweep_every_blocks = 1;
  /* Thresholds far above every borrower's HF, so each borrower with debt is reported. */
  EXPECT_OK(lb_u256_parse(&monitor_options.alert_hf, "1000000000000000000000", 22));
  EXPECT_OK(lb_u256_parse(&monitor_options.act_hf, "999000000000000000000", 21));
  EXPECT_OK(lb_u256_parse(&monitor_options.target_hf, "2000000000000000000000", 22));
  EXPECT_OK(lb_monitor_create(&monitor, client, reader, &monitor_options));
  if (monitor == NULL) return 1;
  EXPECT_OK(lb_monitor_set_callback(monitor, on_change, &seen));
  EXPECT_OK(lb_monitor_add_borrowers(monitor, users, (size_t)user_count));
  EXPECT_ERR(lb_monitor_add_borrowers(monitor, NULL, 1), LB_EINVAL);
  EXPECT_OK(lb_monitor_step(monitor, &cycle, 1));
  CHECK(cycle.block > 0 && cycle.borrowers >= (uint64_t)user_count && cycle.users_read >= (uint64_t)user_count);
  CHECK(cycle.failed_users == 0);
  CHECK((uint64_t)seen.count == cycle.changes && seen.count >= 1);
  CHECK(seen.last_current == LB_RISK_ACT || seen.last_current == LB_RISK_LIQUIDATABLE);
  printf("monitor: block %llu, %llu borrowers, %llu read, %llu hot, %llu changes\n",
         (unsigned long long)cycle.block, (unsigned long long)cycle.borrowers,
         (unsigned long long)cycle.users_read, (unsigned long long)cycle.hot_users,
         (unsigned long long)cycle.changes);
  EXPECT_OK(lb_monitor_step(monitor, NULL, 0));
  monitor_options.sweep_every_blocks = 0;
  {
    lb_monitor* invalid = NULL;
    EXPECT_ERR(lb_monitor_create(&invalid, client, reader, &monitor_options), LB_EINVAL);
    CHECK(invalid == NULL);
  }
  lb_monitor_destroy(monitor);
  test_monitor_subgraph(client, reader, (size_t)user_count);
  test_signers(client);
  test_sender_chain(client);
  lb_reader_destroy(reader);
  lb_rpc_destroy(client);

  if (g_failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", g_failures);
    return 1;
  }
  printf("ok: %d users evaluated equal to getUserAccountData\n", user_count);
  return 0;
}
