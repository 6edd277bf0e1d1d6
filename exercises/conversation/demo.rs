//! The program that `exercise.rs` and `solution.rs` both run: the nonce
//! budget of a few sessions, and a simulation with 16-bit nonces that checks
//! it by experiment.

use std::collections::HashSet;

use super::messages_within;

// ANCHOR: demo
/// The chance that `messages` random nonces of `bits` bits are not all
/// different: 1 - e^(-n(n-1)/2^(bits+1)), the birthday bound.
pub fn repeat_chance(messages: f64, bits: i32) -> f64 {
    let pairs = messages * (messages - 1.0) / 2.0;
    -(-pairs / 2f64.powi(bits)).exp_m1()
}
// ANCHOR_END: demo

/// Whether `messages` random 16-bit nonces repeat, tried once.
fn repeats(messages: usize) -> bool {
    let mut seen = HashSet::new();
    (0..messages).any(|_| !seen.insert(rand::random::<u16>()))
}

/// Prints the budget for 96-bit nonces, then tries it with 16-bit ones.
pub fn run() {
    for (chance, label) in [(2f64.powi(-32), "2^-32"), (0.5, "1/2")] {
        let budget = messages_within(chance, 96);
        println!(
            "96-bit nonces, chance {label}: about 2^{:.1} messages \
             (check: chance {:.2e})",
            budget.log2(),
            repeat_chance(budget, 96)
        );
    }
    let budget = messages_within(0.5, 16).round() as usize;
    let sessions = 2000;
    let hit = (0..sessions).filter(|_| repeats(budget)).count();
    println!(
        "16-bit nonces: {budget} messages per session; {hit} of {sessions} \
         sessions repeated a nonce (expect about half)"
    );
}
