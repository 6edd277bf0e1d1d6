//! The program that `exercise.rs` and `solution.rs` both run: the forbidden
//! attack, with every multiplication in GF(2^128) done by your `gf_mul`.

use secure_messaging::attacks::nonce_reuse::{
    Gf128, RepeatedNonceSender, TagSecrets, forge, recover,
};
use secure_messaging::decryption::decrypt;
use secure_messaging::encryption::Nonce;
use secure_messaging::key_derivation::SessionKey;

use super::gf_mul;

/// x^(2^128 − 2), the inverse of `x`, by your multiplication.
fn inverse(x: u128) -> u128 {
    let (mut result, mut square) = (1 << 127, x);
    for _ in 1..128 {
        square = gf_mul(square, square);
        result = gf_mul(result, square);
    }
    result
}

/// x^(2^127), the square root of `x`, by your multiplication.
fn sqrt(x: u128) -> u128 {
    (0..127).fold(x, |x, _| gf_mul(x, x))
}

/// The block of up to 16 bytes as a u128, padded with zeros.
fn block(bytes: &[u8]) -> u128 {
    let mut block = [0; 16];
    block[..bytes.len()].copy_from_slice(bytes);
    u128::from_be_bytes(block)
}

/// Two messages under one key and nonce; H and the mask recovered with your
/// `gf_mul`; a forgery made with them, and what the receiver says.
pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    let (known, forged) = (b"Hello, server!", b"PIN code: 0000");
    let (key, nonce) = (SessionKey::random(), Nonce::random());
    let receiver = SessionKey::from_bytes(*key.as_bytes());
    let sender = RepeatedNonceSender::new(key, nonce);
    let first = sender.seal(known)?;
    let second = sender.seal(b"PIN code: 4921")?;

    let (c1, t1) = (block(&first[..14]), block(&first[14..]));
    let (c2, t2) = (block(&second[..14]), block(&second[14..]));
    let h = sqrt(gf_mul(t1 ^ t2, inverse(c1 ^ c2)));
    let lengths = 14 * 8;
    let mask = t1 ^ gf_mul(gf_mul(c1, h) ^ lengths, h);
    println!("H by your gf_mul:    {h:032x}");
    let crates = recover(&first, &second)?.hash_key.to_block();
    println!("H by the crate's:    {}", hex::encode(crates));

    let secrets = TagSecrets {
        hash_key: Gf128::from_block(h.to_be_bytes()),
        mask: Gf128::from_block(mask.to_be_bytes()),
    };
    let sealed = forge(&secrets, known, &first, forged)?;
    match decrypt(&receiver, &nonce, &sealed) {
        Ok(plain) => println!(
            "The receiver accepts: {:?}",
            String::from_utf8_lossy(&plain)
        ),
        Err(err) => println!("The receiver refuses the forgery: {err}"),
    }
    Ok(())
}
