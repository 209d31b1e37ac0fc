// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Minimal ERC-20 surface the orchestrator uses.
interface IERC20Like {
    function approve(address spender, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function balanceOf(address owner) external view returns (uint256);
}

/// The Aave V3 Pool functions the orchestrator calls (IPool, aave-v3 3.0-3.6).
interface IAavePoolLike {
    function flashLoanSimple(address receiver, address asset, uint256 amount, bytes calldata params, uint16 referral)
        external;
    function repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf)
        external
        returns (uint256);
    function withdraw(address asset, uint256 amount, address to) external returns (uint256);
    function getUserAccountData(address user)
        external
        view
        returns (uint256, uint256, uint256, uint256, uint256, uint256);
}

/// A swap venue: sells exactly `amountIn` of `tokenIn` for at least `minOut` of `tokenOut`, paying
/// the caller, and returns the amount out. The test bed's TestDex implements it.
interface ISwapVenue {
    function swapExactIn(address tokenIn, address tokenOut, uint256 amountIn, uint256 minOut)
        external
        returns (uint256);
}

/// Flash-loan deleverage for liquidbot (base-transactions.md §7.4, flow A).
///
/// A keeper calls deleverage(user, debt, collateral, F, W, minOut, fee, minHf). The orchestrator
/// flash-borrows F of the debt asset from the Pool, repays F of the user's variable debt on the
/// user's behalf, pulls W of the user's collateral aTokens (the user approved this contract on the
/// aToken), withdraws W of the collateral, sells it on the swap venue for at least minOut, approves the
/// Pool for F + premium, pays the service fee (at most feeBpsCap of F and at most feeCap) to the fee
/// collector and returns any remainder of the debt asset to the user. After the loan is settled, the
/// user's health factor must be at least minHf, else everything reverts.
///
/// executeOperation only accepts calls from the Pool, with this contract as the initiator, while a
/// deleverage started by an allowed keeper is in progress.
contract FlashLoanOrchestrator {
    error NotPool(address caller);
    error NotInitiator(address initiator);
    error NotKeeper(address caller);
    error NotOwner(address caller);
    error NoFlashLoanActive();
    error SwapOutputTooLow(uint256 received, uint256 minimum);
    error LoanNotCovered(uint256 available, uint256 owed);
    error ServiceFeeAboveCap(uint256 fee, uint256 cap);
    error HealthFactorBelowMinimum(uint256 healthFactor, uint256 minimum);

    event Deleveraged(
        address indexed user,
        address indexed debtAsset,
        address indexed collateralAsset,
        uint256 flashAmount,
        uint256 withdrawAmount,
        uint256 premium,
        uint256 serviceFee,
        uint256 swapOutput,
        uint256 healthFactorAfter
    );
    event KeeperSet(address indexed keeper, bool allowed);
    event FeeSettingsSet(address feeCollector, uint16 feeBpsCap, uint256 feeCap);
    event SwapVenueSet(address venue);

    struct Job {
        address user;
        address collateralAsset;
        uint256 withdrawAmount;
        uint256 minSwapOut;
        uint256 serviceFee;
    }

    IAavePoolLike public immutable pool;
    address public owner;
    address public feeCollector;
    uint16 public feeBpsCap;
    uint256 public feeCap;
    ISwapVenue public swapVenue;
    mapping(address => bool) public keepers;

    bool private active;
    uint256 private lastPremium;
    uint256 private lastSwapOutput;

    constructor(address pool_, address swapVenue_, address feeCollector_, uint16 feeBpsCap_, uint256 feeCap_) {
        pool = IAavePoolLike(pool_);
        owner = msg.sender;
        swapVenue = ISwapVenue(swapVenue_);
        feeCollector = feeCollector_;
        feeBpsCap = feeBpsCap_;
        feeCap = feeCap_;
        keepers[msg.sender] = true;
        emit KeeperSet(msg.sender, true);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    function setKeeper(address keeper, bool allowed) external onlyOwner {
        keepers[keeper] = allowed;
        emit KeeperSet(keeper, allowed);
    }

    function setFeeSettings(address feeCollector_, uint16 feeBpsCap_, uint256 feeCap_) external onlyOwner {
        feeCollector = feeCollector_;
        feeBpsCap = feeBpsCap_;
        feeCap = feeCap_;
        emit FeeSettingsSet(feeCollector_, feeBpsCap_, feeCap_);
    }

    function setSwapVenue(address venue) external onlyOwner {
        swapVenue = ISwapVenue(venue);
        emit SwapVenueSet(venue);
    }

    /// Largest service fee allowed for a flash amount: min(amount * feeBpsCap / 1e4, feeCap).
    function maxServiceFee(uint256 flashAmount) public view returns (uint256) {
        uint256 byBps = (flashAmount * feeBpsCap) / 10_000;
        return byBps < feeCap ? byBps : feeCap;
    }

    function deleverage(
        address user,
        address debtAsset,
        address collateralAsset,
        uint256 flashAmount,
        uint256 withdrawAmount,
        uint256 minSwapOut,
        uint256 serviceFee,
        uint256 minHealthFactor
    ) external {
        if (!keepers[msg.sender]) revert NotKeeper(msg.sender);
        uint256 cap = maxServiceFee(flashAmount);
        if (serviceFee > cap) revert ServiceFeeAboveCap(serviceFee, cap);
        active = true;
        bytes memory params = abi.encode(Job(user, collateralAsset, withdrawAmount, minSwapOut, serviceFee));
        pool.flashLoanSimple(address(this), debtAsset, flashAmount, params, 0);
        active = false;
        (,,,,, uint256 healthFactor) = pool.getUserAccountData(user);
        if (healthFactor < minHealthFactor) revert HealthFactorBelowMinimum(healthFactor, minHealthFactor);
        emit Deleveraged(
            user,
            debtAsset,
            collateralAsset,
            flashAmount,
            withdrawAmount,
            lastPremium,
            serviceFee,
            lastSwapOutput,
            healthFactor
        );
    }

    /// Aave flash-loan callback (IFlashLoanSimpleReceiver).
    function executeOperation(address asset, uint256 amount, uint256 premium, address initiator, bytes calldata params)
        external
        returns (bool)
    {
        if (msg.sender != address(pool)) revert NotPool(msg.sender);
        if (initiator != address(this)) revert NotInitiator(initiator);
        if (!active) revert NoFlashLoanActive();
        Job memory job = abi.decode(params, (Job));

        IERC20Like debt = IERC20Like(asset);
        _approve(debt, address(pool), amount);
        pool.repay(asset, amount, 2, job.user);

        IERC20Like aToken = IERC20Like(_aTokenOf(job.collateralAsset));
        require(aToken.transferFrom(job.user, address(this), job.withdrawAmount), "aToken transferFrom failed");
        uint256 withdrawn = pool.withdraw(job.collateralAsset, job.withdrawAmount, address(this));

        _approve(IERC20Like(job.collateralAsset), address(swapVenue), withdrawn);
        uint256 out = swapVenue.swapExactIn(job.collateralAsset, asset, withdrawn, job.minSwapOut);
        if (out < job.minSwapOut) revert SwapOutputTooLow(out, job.minSwapOut);

        uint256 owed = amount + premium + job.serviceFee;
        if (out < owed) revert LoanNotCovered(out, owed);
        _approve(debt, address(pool), amount + premium);
        if (job.serviceFee != 0) require(debt.transfer(feeCollector, job.serviceFee), "fee transfer failed");
        uint256 rest = out - owed;
        if (rest != 0) require(debt.transfer(job.user, rest), "remainder transfer failed");
        lastPremium = premium;
        lastSwapOutput = out;
        return true;
    }

    function _approve(IERC20Like token, address spender, uint256 amount) private {
        require(token.approve(spender, amount), "approve failed");
    }

    /// aTokenAddress of a reserve: word 8 of getReserveData (ReserveData in 3.0-3.1,
    /// ReserveDataLegacy since 3.2 keep it there).
    function _aTokenOf(address asset) private view returns (address aToken) {
        (bool ok, bytes memory ret) =
            address(pool).staticcall(abi.encodeWithSelector(bytes4(0x35ea6a75), asset));
        require(ok && ret.length >= 32 * 15, "getReserveData failed");
        assembly {
            aToken := mload(add(ret, 288))
        }
    }
}
