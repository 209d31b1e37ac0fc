/* SPDX-License-Identifier: MIT
 * liquidbot from C: load a snapshot, evaluate the borrower, size the smallest repay that restores
 * a target health factor, and build and sign the Pool.repay transaction (no network).
 *
 *   protect_c <snapshot.json> [debt-asset] [target-hf-wad]
 *
 * The signing key is a well-known test key (never use it for real funds); a bot would load its own
 * key with lb_key_create. */
#include <liquidbot/liquidbot.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Aave V3 Pool on Base. */
static const char kPool[] = "0xA238Dd80C259a72e81d7e4664a9801593F98d1c5";
static const char kTestKey[] = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

static int fail(const char* what, lb_status status) {
  fprintf(stderr, "%s failed: %s (%s)\n", what, lb_last_error_message(), lb_status_name(status));
  return 1;
}

static void print_hex(const char* label, const uint8_t* bytes, size_t len) {
  size_t i;
  printf("%s0x", label);
  for (i = 0; i < len; ++i) printf("%02x", bytes[i]);
  printf("\n");
}

static void print_u256(const char* label, const lb_u256be* value) {
  char text[80];
  size_t size = 0;
  if (lb_u256_to_dec(text, sizeof text, &size, value) == LB_OK) printf("%s%s\n", label, text);
}

int main(int argc, char** argv) {
  const char* asset_text = argc > 2 ? argv[2] : "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
  const char* target_text = argc > 3 ? argv[3] : "2000000000000000000";
  lb_snapshot* snapshot = NULL;
  lb_key* key = NULL;
  lb_tx* tx = NULL;
  lb_account_data account;
  lb_plan plan;
  lb_address asset;
  lb_address user;
  lb_u256be target;
  lb_tx_params params;
  lb_bytes32 hash;
  lb_status status;
  char asset_checksum[43];
  char user_checksum[43];
  char amount[80];
  size_t size = 0;
  uint8_t calldata[4 + 4 * 32];
  uint8_t* raw = NULL;
  const char* args[4];
  int rc = 1;

  if (argc < 2) {
    fprintf(stderr, "usage: %s <snapshot.json> [debt-asset] [target-hf-wad]\n", argv[0]);
    return 2;
  }
  if (lb_abi_version() != LB_ABI_VERSION) {
    fprintf(stderr, "libliquidbot_c ABI %u, headers %d\n", (unsigned)lb_abi_version(), LB_ABI_VERSION);
    return 1;
  }
  if ((status = lb_snapshot_load_file(&snapshot, argv[1])) != LB_OK) return fail("load snapshot", status);
  if ((status = lb_snapshot_evaluate(snapshot, &account)) != LB_OK) {
    rc = fail("evaluate", status);
    goto done;
  }
  print_u256("health factor (wad): ", &account.health_factor);
  print_u256("collateral (base):   ", &account.total_collateral_base);
  print_u256("debt (base):         ", &account.total_debt_base);

  if ((status = lb_address_parse(&asset, asset_text, strlen(asset_text))) != LB_OK ||
      (status = lb_u256_parse(&target, target_text, strlen(target_text))) != LB_OK) {
    rc = fail("arguments", status);
    goto done;
  }
  if ((status = lb_snapshot_plan_repay(snapshot, &plan, &asset, &target, NULL)) != LB_OK) {
    rc = fail("plan repay", status);
    goto done;
  }
  print_u256("repay amount:        ", &plan.amount);
  print_u256("health factor after: ", &plan.after.health_factor);

  /* Pool.repay(asset, amount, 2 = variable rate, onBehalfOf = the borrower). */
  lb_snapshot_user(snapshot, &user, NULL);
  lb_address_to_checksum(asset_checksum, &asset);
  lb_address_to_checksum(user_checksum, &user);
  lb_u256_to_dec(amount, sizeof amount, &size, &plan.amount);
  args[0] = asset_checksum;
  args[1] = amount;
  args[2] = "2";
  args[3] = user_checksum;
  if ((status = lb_abi_encode_call(calldata, sizeof calldata, &size, "repay(address,uint256,uint256,address)",
                                   args, 4)) != LB_OK) {
    rc = fail("encode repay", status);
    goto done;
  }

  lb_tx_params_init(&params, LB_TX_PARAMS_VERSION);
  params.type = LB_TX_DYNAMIC_FEE;
  params.chain_id = 8453;
  params.nonce = 0;
  lb_u256_from_u64(&params.max_priority_fee_per_gas, 1000000);
  lb_u256_from_u64(&params.max_fee_per_gas, 20000000);
  params.gas_limit = 300000;
  params.has_to = 1;
  lb_address_parse(&params.to, kPool, sizeof kPool - 1);
  params.data = calldata;
  params.data_len = size;
  if ((status = lb_tx_create(&tx, &params)) != LB_OK) {
    rc = fail("build transaction", status);
    goto done;
  }
  if ((status = lb_key_create_from_hex(&key, kTestKey, sizeof kTestKey - 1)) != LB_OK ||
      (status = lb_tx_sign(tx, key)) != LB_OK) {
    rc = fail("sign", status);
    goto done;
  }
  /* Size query, then the caller's buffer. */
  if ((status = lb_tx_encode(tx, NULL, 0, &size)) != LB_OK || (raw = (uint8_t*)malloc(size)) == NULL ||
      (status = lb_tx_encode(tx, raw, size, &size)) != LB_OK || (status = lb_tx_hash(tx, &hash)) != LB_OK) {
    rc = fail("serialize", status);
    goto done;
  }
  print_hex("raw transaction:     ", raw, size);
  print_hex("transaction hash:    ", hash.bytes, 32);
  rc = 0;

done:
  free(raw);
  lb_tx_destroy(tx);
  lb_key_destroy(key);
  lb_snapshot_destroy(snapshot);
  return rc;
}
