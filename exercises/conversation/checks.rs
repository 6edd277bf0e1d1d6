//! Tests of "Exercise: the nonce budget", shared by exercise.rs and
//! solution.rs.

use super::*;
use demo::repeat_chance;

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 1e-6 * expected.abs()
}

#[test]
fn the_budget_gives_back_the_chance_it_was_asked_for() {
    for bits in [16, 32, 64, 96] {
        for chance in [1e-12, 2f64.powi(-32), 1e-3, 0.5, 0.9] {
            let messages = messages_within(chance, bits);
            assert!(
                close(repeat_chance(messages, bits), chance),
                "messages_within({chance}, {bits}) = {messages}, whose chance \
                 of a repeat is {}",
                repeat_chance(messages, bits)
            );
        }
    }
}

#[test]
fn the_nist_budget_for_96_bit_nonces_is_about_2_to_the_32() {
    let messages = messages_within(2f64.powi(-32), 96);
    assert!(
        (2f64.powi(32)..2f64.powi(33)).contains(&messages),
        "about 2^32.5 expected, got 2^{}",
        messages.log2()
    );
}

#[test]
fn sixteen_bit_nonces_last_about_three_hundred_messages() {
    let messages = messages_within(0.5, 16);
    assert!(
        (300.0..302.0).contains(&messages),
        "about 301 expected, got {messages}"
    );
}

#[test]
fn more_bits_or_more_risk_give_more_messages() {
    assert!(messages_within(0.5, 64) > messages_within(0.5, 32));
    assert!(messages_within(0.5, 64) > messages_within(0.01, 64));
}
