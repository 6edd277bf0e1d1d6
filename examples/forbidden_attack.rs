//! Part II, *Nonce reuse*: `cargo run --example forbidden_attack`.
//!
//! A sender that repeats its nonce seals two messages under one key. The
//! attacker, who knows the first, reads the second from the XOR of the
//! ciphertexts, recovers GHASH's key H and the tag mask from the XOR of the
//! tags, and forges a message of its own that the crate's `decrypt` accepts.
//! Under two nonces the same steps fail. `--time` measures the attack.

use std::hint::black_box;
use std::time::Instant;

use aes::Aes256;
use aes::cipher::{BlockCipherEncrypt, KeyInit};
use secure_messaging::attacks::nonce_reuse::{
    Gf128, NonceReuseError, RepeatedNonceSender, TagSecrets, forge,
    read_second, recover, xor,
};
use secure_messaging::cli::{Args, Failure};
use secure_messaging::decryption::decrypt;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::SessionKey;
use secure_messaging::narration::Narrator;

const USAGE: &str = "\
Usage: cargo run --example forbidden_attack [-- --full-hex]
       cargo run --release --example forbidden_attack -- --time

A sender that repeats its nonce seals two messages under one key. The
attacker, who knows the first, reads the second from the XOR of the
ciphertexts, recovers GHASH's key H and the tag mask from the XOR of the
tags, and forges a message of its own that the crate's decrypt accepts.
Under two nonces the same steps fail.

--time   runs the attack 200 times and prints how long one takes
";

/// The first message: a greeting the attacker knows, as most protocols
/// have one.
const KNOWN: &[u8] = b"Hello, server!";
/// The second message, which the attacker reads without the key.
const SECRET: &[u8] = b"PIN code: 4921";
/// The message the attacker makes the receiver accept.
const FORGED: &[u8] = b"PIN code: 0000";

/// What the attacker gets from two sealed messages.
struct Stolen {
    second: Vec<u8>,
    secrets: TagSecrets,
    forged: Vec<u8>,
}

// ANCHOR: attack
/// The attacker's side: two sealed messages seen on the wire and the known
/// first message. No key.
fn attack(first: &[u8], second: &[u8]) -> Result<Stolen, NonceReuseError> {
    let secret = read_second(KNOWN, first, second);
    let secrets = recover(first, second)?;
    let forged = forge(&secrets, KNOWN, first, FORGED)?;
    Ok(Stolen {
        second: secret,
        secrets,
        forged,
    })
}
// ANCHOR_END: attack

/// H and the mask as only the key holder can compute them: AES of the
/// all-zero block, and AES of the nonce followed by the counter 1.
fn true_secrets(key: &[u8; 32], nonce: &Nonce) -> TagSecrets {
    let aes = Aes256::new(key.into());
    let mut zeros = aes::Block::from([0; 16]);
    aes.encrypt_block(&mut zeros);
    let mut j0 = [0; 16];
    j0[..12].copy_from_slice(nonce.as_bytes());
    j0[15] = 1;
    let mut j0 = aes::Block::from(j0);
    aes.encrypt_block(&mut j0);
    TagSecrets {
        hash_key: Gf128::from_block(zeros.into()),
        mask: Gf128::from_block(j0.into()),
    }
}

/// What the receiver's `decrypt` says to a forged message.
fn receiver_says(key: &SessionKey, nonce: &Nonce, forged: &[u8]) -> String {
    match decrypt(key, nonce, forged) {
        Ok(plain) => format!("ACCEPTED {:?}", String::from_utf8_lossy(&plain)),
        Err(err) => format!("refused: {err}"),
    }
}

fn yes_no(same: bool) -> &'static str {
    if same { "yes" } else { "NO" }
}

/// The body and the tag of a sealed message.
fn split(sealed: &[u8]) -> (&[u8], &[u8]) {
    sealed.split_at(sealed.len() - 16)
}

fn main() -> Result<(), Failure> {
    let mut args = Args::from_env();
    if args.flag("--help") || args.flag("-h") {
        print!("{USAGE}");
        return Ok(());
    }
    let narrator = Narrator::new(args.flag("--full-hex"));
    let time = args.flag("--time");
    args.finish()?;

    let mut key = [0; 32];
    rand::fill(&mut key);
    let nonce = Nonce::random();
    let sender = RepeatedNonceSender::new(SessionKey::from_bytes(key), nonce);
    let first = sender.seal(KNOWN)?;
    let second = sender.seal(SECRET)?;
    print!(
        "{}",
        narrator
            .step("Two Messages, One Nonce")
            .value("AES-256 key, the sender's", &key)
            .value("Nonce, used twice", nonce.as_bytes())
            .line(format_args!(
                "First message, known to the attacker: {:?}",
                String::from_utf8_lossy(KNOWN)
            ))
            .value("First ciphertext with tag", &first)
            .value("Second ciphertext with tag", &second)
    );

    let stolen = attack(&first, &second)?;
    let ((c1, t1), (c2, t2)) = (split(&first), split(&second));
    print!(
        "{}",
        narrator
            .step("The Keystream Cancels")
            .value("C1 XOR C2", &xor(c1, c2))
            .value("M1 XOR M2", &xor(KNOWN, SECRET))
            .line(format_args!(
                "Second message, read without the key: {:?}",
                String::from_utf8_lossy(&stolen.second)
            ))
    );

    let real = true_secrets(&key, &nonce);
    let secrets = stolen.secrets;
    print!(
        "{}",
        narrator
            .step("The Forbidden Attack")
            .value("t1 XOR t2", &xor(t1, t2))
            .value("H, recovered", &secrets.hash_key.to_block())
            .line(format_args!(
                "Same as AES of zeros under the key: {}",
                yes_no(secrets.hash_key == real.hash_key)
            ))
            .value("Mask = t1 XOR GHASH_H(C1)", &secrets.mask.to_block())
            .line(format_args!(
                "Same as AES of the nonce and counter 1: {}",
                yes_no(secrets.mask == real.mask)
            ))
    );

    let receiver = SessionKey::from_bytes(key);
    let verdict = receiver_says(&receiver, &nonce, &stolen.forged);
    print!(
        "{}",
        narrator
            .step("Forgery")
            .line(format_args!(
                "Attacker's message: {:?}",
                String::from_utf8_lossy(FORGED)
            ))
            .value("Forged ciphertext with tag", &stolen.forged)
            .line(format_args!("The receiver's decrypt: {verdict}"))
    );

    // The same steps on two messages sealed as the crate seals them: one
    // key, two random nonces.
    let other_nonce = Nonce::random();
    let first = encrypt(&receiver, &nonce, KNOWN)?;
    let second = encrypt(&receiver, &other_nonce, SECRET)?;
    let stolen = attack(&first, &second)?;
    let verdict = receiver_says(&receiver, &nonce, &stolen.forged);
    print!(
        "{}",
        narrator
            .step("Two Nonces, Same Steps")
            .value("Second message read", &stolen.second)
            .line(format_args!(
                "Same as the second message: {}",
                yes_no(stolen.second == SECRET)
            ))
            .value("H, recovered", &stolen.secrets.hash_key.to_block())
            .line(format_args!(
                "Same as AES of zeros under the key: {}",
                yes_no(stolen.secrets.hash_key == real.hash_key)
            ))
            .line(format_args!("The receiver's decrypt: {verdict}"))
    );

    if time {
        let (first, second) = (sender.seal(KNOWN)?, sender.seal(SECRET)?);
        let runs = 200;
        let started = Instant::now();
        for _ in 0..runs {
            black_box(attack(black_box(&first), black_box(&second))?);
        }
        let each = started.elapsed() / runs;
        let build = if cfg!(debug_assertions) {
            "a debug build: add --release for the real figure"
        } else {
            "a release build"
        };
        print!(
            "{}",
            narrator
                .step("Timing")
                .line(format_args!(
                    "Read, recover and forge, {runs} runs: {} µs each, {build}",
                    each.as_micros()
                ))
                .line(format_args!(
                    "One multiplication in GF(2^128): {} ns; the attack \
                     makes about 390",
                    time_mul(secrets.hash_key).as_nanos()
                ))
        );
    }
    Ok(())
}

/// How long one multiplication in GF(2^128) takes. The attack makes about
/// 390: 254 for the inverse, 127 for the square root, a few for GHASH.
fn time_mul(h: Gf128) -> std::time::Duration {
    let runs = 20_000;
    let started = Instant::now();
    let mut x = h;
    for _ in 0..runs {
        x = black_box(x) * h;
    }
    black_box(x);
    started.elapsed() / runs
}
