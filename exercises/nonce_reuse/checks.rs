//! Tests of "Exercise: multiply in GF(2^128)", shared by exercise.rs and
//! solution.rs.

use super::*;
use secure_messaging::attacks::nonce_reuse::Gf128;

/// The element 1, x^0: the top bit.
const ONE: u128 = 1 << 127;

fn block(hex: &str) -> u128 {
    u128::from_str_radix(hex, 16).unwrap()
}

#[test]
fn times_x_moves_each_bit_right_and_reduces_the_last() {
    let cases = [
        (ONE, ONE >> 1, "x^0 times x is x^1"),
        (0b100, 0b10, "x^125 times x is x^126"),
        (1, R, "x^127 times x is x^128 = R"),
        (1 | ONE, R ^ (ONE >> 1), "(1 + x^127) times x is x + R"),
        (0, 0, "0 times x is 0"),
    ];
    for (v, expected, what) in cases {
        let got = times_x(v);
        assert_eq!(
            got, expected,
            "{what}: times_x({v:032x}) returned {got:032x}, expected \
             {expected:032x}"
        );
    }
}

#[test]
fn one_and_zero_behave() {
    let h = block("66e94bd4ef8a2c3b884cfa59ca342b2e");
    for (a, b, expected, what) in [
        (ONE, h, h, "1 · H"),
        (h, ONE, h, "H · 1"),
        (0, h, 0, "0 · H"),
        (h, 0, 0, "H · 0"),
        (ONE >> 1, 1, R, "x · x^127"),
    ] {
        let got = gf_mul(a, b);
        assert_eq!(
            got, expected,
            "{what}: gf_mul({a:032x}, {b:032x}) returned {got:032x}, \
             expected {expected:032x}"
        );
    }
}

#[test]
fn ghash_of_one_block_matches_the_gcm_specification() {
    // Test Cases 2 and 14 of the GCM specification: GHASH of one ciphertext
    // block C and no associated data is (C·H ⊕ L)·H, L = 128 bits.
    for (h, c, expected) in [
        (
            "66e94bd4ef8a2c3b884cfa59ca342b2e",
            "0388dace60b6a392f328c2b971b2fe78",
            "f38cbb1ad69223dcc3457ae5b6b0f885",
        ),
        (
            "dc95c078a2408989ad48a21492842087",
            "cea7403d4d606b6e074ec5d3baf39d18",
            "83de425c5edc5d498f382c441041ca92",
        ),
    ] {
        let (h, c) = (block(h), block(c));
        let got = gf_mul(gf_mul(c, h) ^ 128, h);
        assert_eq!(
            got,
            block(expected),
            "GHASH with H = {h:032x} of C = {c:032x}: your gf_mul gave \
             {got:032x}, the specification {expected}"
        );
    }
}

#[test]
fn gf_mul_agrees_with_the_crate_on_random_elements() {
    for _ in 0..100 {
        let (a, b): (u128, u128) = (rand::random(), rand::random());
        let expected = Gf128::from_block(a.to_be_bytes())
            * Gf128::from_block(b.to_be_bytes());
        let expected = u128::from_be_bytes(expected.to_block());
        let got = gf_mul(a, b);
        assert_eq!(
            got, expected,
            "gf_mul({a:032x}, {b:032x}) returned {got:032x}, expected \
             {expected:032x}"
        );
        assert_eq!(gf_mul(b, a), got, "gf_mul(b, a) differs from gf_mul(a, b)");
    }
}
