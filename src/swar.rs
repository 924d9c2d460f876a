//! Eight bytes read as one number (SWAR): the range tests the hot byte loops share (the
//! search tokenizer's words, the linter's capitals, the word count's spaces). A byte at a
//! time, each of those loops was several per cent of a build's instructions.

/// 0x01 in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of every byte: where the masks below answer.
pub const HIGH: u64 = ONES * 0x80;

/// The top bit of each byte of `x` is set where that byte is `a` or more, for bytes under
/// 0x80 (`a` at most 0x80). A byte of 0x80 or more answers wrongly and may carry into the
/// bytes after it: mask such bytes off first, or read no further than the first of them.
#[inline]
pub fn at_least(x: u64, a: u8) -> u64 {
    x.wrapping_add(ONES * (0x80 - u64::from(a)))
}

/// As [`at_least`], for bytes from `a` to `b` inclusive (`b` under 0x80), top bits only.
#[inline]
pub fn within(x: u64, a: u8, b: u8) -> u64 {
    at_least(x, a) & !at_least(x, b + 1) & HIGH
}
