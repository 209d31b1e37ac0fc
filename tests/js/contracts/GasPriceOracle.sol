// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// OP-stack GasPriceOracle stand-in (Fjord rules) for the liquidbot test bed, placed with
/// hardhat_setCode at 0x420000000000000000000000000000000000000F. The L1 fee inputs are plain storage
/// set through setL1FeeParams (no access control: test chain only).
/// Fjord: l1Fee = max(100e6, -42_585_600 + 836_500 * fastLzSize) * (16*baseFeeScalar*l1BaseFee
///        + blobBaseFeeScalar*blobBaseFee) / 1e12, with fastLzSize = FastLZ level-1 compressed
///        length of the unsigned transaction plus 68 bytes for the signature.
contract GasPriceOracle {
    uint256 public constant DECIMALS = 6;
    int256 private constant COST_INTERCEPT = -42_585_600;
    uint256 private constant COST_FASTLZ_COEF = 836_500;
    uint256 private constant MIN_TRANSACTION_SIZE = 100;

    uint256 public l1BaseFee;
    uint256 public blobBaseFee;
    uint32 public baseFeeScalar;
    uint32 public blobBaseFeeScalar;

    function setL1FeeParams(uint256 l1BaseFee_, uint256 blobBaseFee_, uint32 baseFeeScalar_, uint32 blobBaseFeeScalar_) external {
        l1BaseFee = l1BaseFee_;
        blobBaseFee = blobBaseFee_;
        baseFeeScalar = baseFeeScalar_;
        blobBaseFeeScalar = blobBaseFeeScalar_;
    }

    function decimals() external pure returns (uint256) { return DECIMALS; }
    function isEcotone() external pure returns (bool) { return true; }
    function isFjord() external pure returns (bool) { return true; }
    function gasPrice() external view returns (uint256) { return block.basefee; }
    function baseFee() external view returns (uint256) { return block.basefee; }

    function getL1Fee(bytes calldata data) external view returns (uint256) {
        return fjordL1Cost(flzCompressLen(data) + 68);
    }

    function getL1FeeUpperBound(uint256 unsignedTxSize) external view returns (uint256) {
        uint256 txSize = unsignedTxSize + 68;
        return fjordL1Cost(txSize + txSize / 255 + 16);
    }

    function getL1GasUsed(bytes calldata data) external pure returns (uint256) {
        return (linearRegression(flzCompressLen(data) + 68) * 16) / 1e6;
    }

    function linearRegression(uint256 fastLzSize) private pure returns (uint256) {
        int256 estimated = COST_INTERCEPT + int256(COST_FASTLZ_COEF * fastLzSize);
        if (estimated < int256(MIN_TRANSACTION_SIZE * 1e6)) estimated = int256(MIN_TRANSACTION_SIZE * 1e6);
        return uint256(estimated);
    }

    function fjordL1Cost(uint256 fastLzSize) private view returns (uint256) {
        uint256 feeScaled = uint256(baseFeeScalar) * 16 * l1BaseFee + uint256(blobBaseFeeScalar) * blobBaseFee;
        return (linearRegression(fastLzSize) * feeScaled) / 1e12;
    }

    function u24(bytes calldata b, uint256 i) private pure returns (uint256) {
        return uint256(uint8(b[i])) | (uint256(uint8(b[i + 1])) << 8) | (uint256(uint8(b[i + 2])) << 16);
    }

    function hash13(uint256 v) private pure returns (uint256) {
        return ((v * 2654435769) >> 19) & 0x1fff;
    }

    function literalsLen(uint256 run) private pure returns (uint256 n) {
        n = 33 * (run / 32);
        if (run % 32 != 0) n += run % 32 + 1;
    }

    function matchLen(uint256 len) private pure returns (uint256 n) {
        len -= 1;
        n = 3 * (len / 262);
        n += (len % 262 >= 6) ? 3 : 2;
    }

    /// Length of the FastLZ (level 1) compression of `b`, as op-geth's FlzCompressLen computes it.
    function flzCompressLen(bytes calldata b) public pure returns (uint256 n) {
        uint256[8192] memory table;
        uint256 anchor = 0;
        uint256 limit = b.length < 13 ? 0 : b.length - 13;
        uint256 ip = 2;
        while (ip < limit) {
            uint256 ref;
            uint256 seq;
            for (;;) {
                seq = u24(b, ip);
                uint256 h = hash13(seq);
                ref = table[h];
                table[h] = ip;
                if (ip >= limit) break;
                ++ip;
                if (ip - 1 - ref <= 0x1fff && seq == u24(b, ref)) break;
            }
            if (ip >= limit) break;
            --ip;
            if (ip > anchor) n += literalsLen(ip - anchor);
            // Match length: count equal bytes from ref+3 / ip+3, stopping at the first mismatch
            // (the mismatching position is counted, as in the reference).
            uint256 len = 0;
            uint256 end = limit + 9 - (ip + 3);
            while (len < end) {
                if (b[ref + 3 + len] != b[ip + 3 + len]) end = 0;
                ++len;
            }
            n += matchLen(len);
            ip += len;
            table[hash13(u24(b, ip))] = ip;
            ++ip;
            table[hash13(u24(b, ip))] = ip;
            ++ip;
            anchor = ip;
        }
        n += literalsLen(b.length - anchor);
    }
}
