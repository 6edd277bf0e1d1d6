//! Part III, *What is still missing*: the solution of "Exercise: hide the
//! length".
//!
//! Every message up to 30 bytes now seals to 32 + 16 bytes: a listener
//! learns the block count, not the length.
//!
//! Run it with `cargo run --example still_missing_solution`.

/// Every padded message is a multiple of this many bytes.
const BLOCK: usize = 32;

// ANCHOR: solution
/// `len(text)` as 2 bytes big-endian, `text`, then zeros to a multiple of
/// [`BLOCK`].
fn pad(text: &[u8]) -> Vec<u8> {
    let len = u16::try_from(text.len()).expect("a Noise payload fits");
    let mut padded = len.to_be_bytes().to_vec();
    padded.extend_from_slice(text);
    padded.resize(padded.len().div_ceil(BLOCK) * BLOCK, 0);
    padded
}

/// The text inside `padded`, or `None` if its length field does not fit.
fn unpad(padded: &[u8]) -> Option<&[u8]> {
    let (len, rest) = padded.split_first_chunk::<2>()?;
    rest.get(..usize::from(u16::from_be_bytes(*len)))
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run();
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
