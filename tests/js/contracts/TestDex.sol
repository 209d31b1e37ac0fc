// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IDexToken {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// Fixed-rate swap venue for the local chain: out = amountIn * rate[in][out] / 1e18, paid from its
/// own inventory (fund it by minting test tokens to it). The owner sets the rates.
contract TestDex {
    error NoRate(address tokenIn, address tokenOut);
    error OutputBelowMinimum(uint256 out, uint256 minOut);

    address public immutable owner;
    mapping(address => mapping(address => uint256)) public rate;

    event Swapped(address indexed trader, address tokenIn, address tokenOut, uint256 amountIn, uint256 amountOut);

    constructor() {
        owner = msg.sender;
    }

    function setRate(address tokenIn, address tokenOut, uint256 rateWad) external {
        require(msg.sender == owner, "owner only");
        rate[tokenIn][tokenOut] = rateWad;
    }

    function quote(address tokenIn, address tokenOut, uint256 amountIn) public view returns (uint256) {
        uint256 r = rate[tokenIn][tokenOut];
        if (r == 0) revert NoRate(tokenIn, tokenOut);
        return (amountIn * r) / 1e18;
    }

    function swapExactIn(address tokenIn, address tokenOut, uint256 amountIn, uint256 minOut)
        external
        returns (uint256 out)
    {
        out = quote(tokenIn, tokenOut, amountIn);
        if (out < minOut) revert OutputBelowMinimum(out, minOut);
        require(IDexToken(tokenIn).transferFrom(msg.sender, address(this), amountIn), "transferFrom failed");
        require(IDexToken(tokenOut).transfer(msg.sender, out), "transfer failed");
        emit Swapped(msg.sender, tokenIn, tokenOut, amountIn, out);
    }
}
