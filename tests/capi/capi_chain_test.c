/* SPDX-License-Identifier: MIT
 * The network handles of the C ABI on the local test-bed chain (run by chain_test.mjs under
 * tests/js/testbed.mjs): RPC calls and node errors, market discovery, user reads whose evaluation
 * must equal the chain's own Pool.getUserAccountData bit for bit, and a monitor cycle whose changes
 * arrive through the callback.
 *
 *   capi_chain_test <PoolAddressesProvider> <borrower>...   (LB_RPC_URL in the environment) */
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
  lb_reader_destroy(reader);
  lb_rpc_destroy(client);

  if (g_failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", g_failures);
    return 1;
  }
  printf("ok: %d users evaluated equal to getUserAccountData\n", user_count);
  return 0;
}
