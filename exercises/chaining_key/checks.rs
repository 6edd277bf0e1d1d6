//! Tests of "Exercise: three outputs", shared by exercise.rs and
//! solution.rs.

use super::*;
use secure_messaging::noise::symmetric_state::hkdf;

const INPUTS: [([u8; 32], &[u8]); 3] =
    [([0; 32], b""), ([7; 32], b"ikm"), ([0xff; 32], &[0x42; 64])];

#[test]
fn the_first_two_outputs_are_the_librarys() {
    for (ck, ikm) in INPUTS {
        let [first, second, _] = hkdf3(&ck, ikm);
        let (a, b) = hkdf(&ck, ikm);
        assert_eq!(first, *a, "output 1 for ck {:02x}..", ck[0]);
        assert_eq!(second, *b, "output 2 for ck {:02x}..", ck[0]);
    }
}

#[test]
fn the_three_outputs_are_rfc_5869s_96_bytes() {
    for (ck, ikm) in INPUTS {
        let okm = demo::rfc5869_96(&ck, ikm);
        let [first, second, third] = hkdf3(&ck, ikm);
        assert_eq!(okm[..32], first);
        assert_eq!(okm[32..64], second);
        assert_eq!(okm[64..], third, "output 3 chains output 2 and 0x03");
    }
}

#[test]
fn the_outputs_differ_and_depend_on_the_chaining_key() {
    let [a, b, c] = hkdf3(&[1; 32], b"same input");
    assert!(a != b && b != c && a != c);
    assert_ne!(hkdf3(&[2; 32], b"same input")[0], a);
}
