//! The program that `exercise.rs` and `solution.rs` both run: Noise's HKDF
//! with three outputs, beside RFC 5869 and the library's two outputs.

use hkdf::Hkdf;
use secure_messaging::noise::symmetric_state::hkdf;
use sha2::Sha256;

use super::hkdf3;

// ANCHOR: demo
/// RFC 5869 HKDF-SHA256 with salt `ck`, empty info, 96 bytes: what
/// `hkdf3` must agree with.
pub fn rfc5869_96(ck: &[u8; 32], ikm: &[u8]) -> [u8; 96] {
    let mut okm = [0u8; 96];
    Hkdf::<Sha256>::new(Some(ck), ikm)
        .expand(&[], &mut okm)
        .expect("96 bytes is a valid length");
    okm
}
// ANCHOR_END: demo

pub fn run() {
    let ck = [0x4e; 32];
    let ikm = b"a pre-shared key";
    let [first, second, third] = hkdf3(&ck, ikm);
    println!("Output 1: {}", hex::encode(first));
    println!("Output 2: {}", hex::encode(second));
    println!("Output 3: {}", hex::encode(third));
    let rfc = rfc5869_96(&ck, ikm);
    let ours = [first, second, third].concat();
    println!("RFC 5869, 96 bytes, the same: {}", rfc[..] == ours[..]);
    let (a, b) = hkdf(&ck, ikm);
    println!(
        "The library's two outputs, the same: {}",
        (*a, *b) == (first, second)
    );
}
