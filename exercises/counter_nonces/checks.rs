//! Tests of "Exercise: count the nonces", shared by exercise.rs and
//! solution.rs.

use super::*;
use demo::{CounterSealer, Exhausted};
use secure_messaging::noise::cipher_state::{CipherState, MAX_NONCE};

const KEY: [u8; 32] = [0x42; 32];

#[test]
fn every_byte_is_what_noise_cipher_state_seals() {
    let mut mine = CounterSealer { key: KEY, n: 0 };
    let mut library = CipherState::new(KEY);
    for text in ["one", "two", "three", "four"] {
        assert_eq!(
            seal_next(&mut mine, text.as_bytes()).ok(),
            library.encrypt_with_ad(b"", text.as_bytes()).ok(),
            "message {} differs from CipherState's",
            library.nonce() - 1
        );
    }
    assert_eq!(mine.n, 4, "the counter did not count every message");
}

#[test]
fn the_same_text_twice_is_sealed_differently() {
    let mut mine = CounterSealer { key: KEY, n: 0 };
    let first = seal_next(&mut mine, b"same");
    let second = seal_next(&mut mine, b"same");
    assert_ne!(first, second, "two messages shared a nonce");
}

#[test]
fn the_counter_is_big_endian_after_four_zero_bytes() {
    let mut mine = CounterSealer { key: KEY, n: 258 };
    let nonce = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2];
    assert_eq!(
        seal_next(&mut mine, b"x"),
        Ok(demo::seal_under(&KEY, nonce, b"x"))
    );
}

#[test]
fn the_last_counter_is_refused_and_stays() {
    let mut mine = CounterSealer {
        key: KEY,
        n: MAX_NONCE - 1,
    };
    let mut library = CipherState::new(KEY);
    library.set_nonce(MAX_NONCE - 1);
    assert_eq!(
        seal_next(&mut mine, b"last").ok(),
        library.encrypt_with_ad(b"", b"last").ok(),
        "counter 2^64 - 2 may still seal"
    );
    assert_eq!(seal_next(&mut mine, b"too many"), Err(Exhausted));
    assert_eq!(mine.n, MAX_NONCE, "a refusal moved the counter");
    assert_eq!(seal_next(&mut mine, b"again"), Err(Exhausted));
}
