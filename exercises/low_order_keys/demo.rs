//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! function you write and prints what it does.

use secure_messaging::attacks::low_order_keys::NoContributoryCheck;
use secure_messaging::key_generation::{KeyPair, PublicKey};
use secure_messaging::narration::short_hex;

use super::checked;

/// The seven encodings of low-order points that D. J. Bernstein lists for
/// Curve25519 (cr.yp.to/ecdh.html): orders 1, 2, 8, 8, and p - 1, p, p + 1,
/// which X25519 reads as the points of order 2, 1 and 1 again.
pub const LOW_ORDER: [&str; 7] = [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
];

/// A public key from 64 hex digits.
pub fn key(hex: &str) -> PublicKey {
    let bytes: [u8; 32] = hex::decode(hex).unwrap().try_into().unwrap();
    PublicKey::from(bytes)
}

/// Tries an honest key, then each low-order point.
pub fn run() {
    let honest = KeyPair::generate().public_key();
    let result = checked(NoContributoryCheck::generate(), &honest);
    let shown = result.map_or("refused".into(), |s| short_hex(&s));
    println!(
        "Honest public key {}: {shown}",
        short_hex(honest.as_bytes())
    );
    for hex in LOW_ORDER {
        let point = key(hex);
        let result = checked(NoContributoryCheck::generate(), &point);
        let shown = result.map_or("refused".into(), |s| short_hex(&s));
        println!("Low-order point   {}: {shown}", short_hex(point.as_bytes()));
    }
}
