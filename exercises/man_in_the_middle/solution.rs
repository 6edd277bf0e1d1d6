//! Part II, *The man in the middle*: the solution of "Exercise: compare the
//! terminals".
//!
//! Each side reads the two keys it printed, and the two people compare the
//! numbers by voice: the same number means the same two keys, a different
//! number means someone in the middle.
//!
//! Run it with `cargo run --example man_in_the_middle_solution`.

use secure_messaging::attacks::man_in_the_middle::safety_number;
use secure_messaging::key_generation::PublicKey;

// ANCHOR: solution
/// The safety number of the two public keys on a terminal: the value of its
/// first line `Sent ... public key (32 bytes): HEX` and of its first line
/// `Received ... public key (32 bytes): HEX`, either perhaps after a tag such
/// as `[client 1] `. `None` if either is missing or not 64 hex digits (short
/// hex such as `7f...e2` is not enough).
fn safety_number_on(terminal: &str) -> Option<String> {
    let sent = key_on(terminal, "Sent ")?;
    let received = key_on(terminal, "Received ")?;
    Some(safety_number(&sent, &received))
}

/// The key on the first line that starts with `start`, tag aside.
fn key_on(terminal: &str, start: &str) -> Option<PublicKey> {
    let value = terminal.lines().find_map(|line| {
        let line = match line.strip_prefix('[') {
            Some(tagged) => tagged.split_once("] ")?.1,
            None => line,
        };
        let rest = line.strip_prefix(start)?;
        rest.split_once(" public key (32 bytes): ")
            .map(|(_, hex)| hex)
    })?;
    let bytes: [u8; 32] = hex::decode(value).ok()?.try_into().ok()?;
    Some(PublicKey::from(bytes))
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
