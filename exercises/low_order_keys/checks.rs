//! Tests of "Exercise: the contributory check", shared by exercise.rs and
//! solution.rs.

use super::*;
use demo::{LOW_ORDER, key};
use secure_messaging::key_generation::KeyPair;

#[test]
fn every_low_order_point_is_refused() {
    for hex in LOW_ORDER {
        let got = checked(NoContributoryCheck::generate(), &key(hex));
        assert_eq!(got, None, "checked accepted the low-order point {hex}");
    }
}

#[test]
fn the_list_really_is_of_low_order_points() {
    // Without the check, each gives the all-zero secret, and the crate's own
    // key pairs refuse each: the list is right, whatever `checked` does.
    for hex in LOW_ORDER {
        let secret = NoContributoryCheck::generate().diffie_hellman(&key(hex));
        assert_eq!(secret, [0u8; 32], "{hex}");
        assert!(KeyPair::generate().diffie_hellman(&key(hex)).is_err());
    }
}

#[test]
fn an_honest_key_gives_the_same_secret_as_the_crate() {
    for _ in 0..8 {
        let ours = NoContributoryCheck::generate();
        let theirs = KeyPair::generate();
        let (ours_public, theirs_public) =
            (ours.public_key(), theirs.public_key());
        let expected = theirs.diffie_hellman(&ours_public).unwrap();
        let got = checked(ours, &theirs_public);
        assert_eq!(
            got.as_ref(),
            Some(expected.as_bytes()),
            "checked gave another secret than the crate, or refused an \
             honest public key"
        );
    }
}
