//! Tests of "Exercise: hide the length", shared by exercise.rs and
//! solution.rs.

use super::*;

#[test]
fn every_short_message_pads_to_one_block() {
    for len in 0..=BLOCK - 2 {
        let text = vec![b'a'; len];
        assert_eq!(pad(&text).len(), BLOCK, "a {len}-byte message");
    }
    assert_eq!(pad(&[b'a'; BLOCK - 1]).len(), 2 * BLOCK);
}

#[test]
fn unpad_gives_the_message_back() {
    for text in [&b""[..], b"yes", b"no", b"maybe later", &[0u8; 40]] {
        assert_eq!(unpad(&pad(text)), Some(text), "{text:?}");
    }
}

#[test]
fn the_length_goes_first_big_endian() {
    let padded = pad(b"yes");
    assert_eq!(&padded[..5], &[0, 3, b'y', b'e', b's']);
    assert!(padded[5..].iter().all(|&b| b == 0), "zeros after the text");
}

#[test]
fn a_length_longer_than_the_block_is_refused() {
    let mut padded = pad(b"yes");
    padded[1] = 200;
    assert_eq!(unpad(&padded), None);
    assert_eq!(unpad(&[0]), None, "shorter than the length field");
}
