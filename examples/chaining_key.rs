//! Part III, *The chaining key*: `cargo run --example chaining_key`.
//!
//! First, Noise's HKDF three ways: the specification's HMAC formulas, the
//! `hkdf` crate (RFC 5869 with the chaining key as salt and empty `info`),
//! and the library's `symmetric_state::hkdf`: the same 64 bytes. Then the
//! chaining key of an NK handshake, `es` then `ee` mixed into one running
//! key, and Mallory, who can compute `ee` but not `es`, ending with other
//! keys.

use hkdf::Hkdf;
use hmac::{KeyInit, Mac};
use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::narration::Step;
use secure_messaging::noise::Pattern;
use secure_messaging::noise::symmetric_state::hkdf;
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret};

const USAGE: &str = "\
Usage: cargo run --example chaining_key [-- --full-hex]

Computes Noise's HKDF by the specification's HMAC formulas and with the hkdf
crate (RFC 5869): the same bytes. Then mixes the two Diffie-Hellman results of
an NK handshake into one chaining key, and shows Mallory's key without es.
";

type HmacSha256 = hmac::Hmac<Sha256>;

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("any key length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

// ANCHOR: by_the_book
/// Noise's `HKDF(ck, ikm, 2)`, as its specification (section 4.3) writes it.
fn hkdf_by_the_book(ck: &[u8; 32], ikm: &[u8]) -> [u8; 64] {
    let temp_key = hmac(ck, &[ikm]);
    let output1 = hmac(&temp_key, &[&[0x01]]);
    let output2 = hmac(&temp_key, &[&output1, &[0x02]]);
    let mut both = [0u8; 64];
    both[..32].copy_from_slice(&output1);
    both[32..].copy_from_slice(&output2);
    both
}

/// RFC 5869 with the chaining key as salt, empty info, 64 bytes.
fn hkdf_rfc5869(ck: &[u8; 32], ikm: &[u8]) -> [u8; 64] {
    let mut okm = [0u8; 64];
    Hkdf::<Sha256>::new(Some(ck), ikm)
        .expand(&[], &mut okm)
        .expect("64 bytes is a valid length");
    okm
}
// ANCHOR_END: by_the_book

// ANCHOR: mix_key
/// `MixKey(dh)` on the chaining key alone: the new `ck`, and the cipher
/// key `k` for what is sent next.
fn mix_key(ck: &[u8; 32], dh: &[u8; 32]) -> ([u8; 32], [u8; 32]) {
    let (ck, k) = hkdf(ck, dh);
    (*ck, *k)
}
// ANCHOR_END: mix_key

/// `ck` at the start: the protocol name, padded with zeros to 32 bytes.
fn initial_ck() -> [u8; 32] {
    let mut ck = [0u8; 32];
    let name = Pattern::NK.protocol_name().as_bytes();
    ck[..name.len()].copy_from_slice(name);
    ck
}

fn key() -> (StaticSecret, PublicKey) {
    let secret = StaticSecret::random_from_rng(&mut rand::rng());
    let public = PublicKey::from(&secret);
    (secret, public)
}

fn yes_no(same: bool) -> &'static str {
    if same { "yes" } else { "no" }
}

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    let ck = initial_ck();
    let ikm = *key().0.diffie_hellman(&key().1).as_bytes();
    let (book, rfc) = (hkdf_by_the_book(&ck, &ikm), hkdf_rfc5869(&ck, &ikm));
    let (first, second) = hkdf(&ck, &ikm);
    let ours = [*first, *second].concat();
    print!(
        "{}",
        narrator
            .step("Noise's HKDF Is RFC 5869's")
            .value("Chaining key ck", &ck)
            .value("Input: a Diffie-Hellman result", &ikm)
            .value("By the specification's HMACs", &book)
            .value("By the hkdf crate (RFC 5869)", &rfc)
            .line(format_args!(
                "The same 64 bytes, and the library's hkdf too: {}",
                yes_no(book == rfc && rfc[..] == ours[..])
            ))
    );

    // The client's ephemeral e, the server's static s and ephemeral re.
    let (e, e_public) = key();
    let (s, s_public) = key();
    let (re, re_public) = key();
    let es = e.diffie_hellman(&s_public);
    let ee = e.diffie_hellman(&re_public);
    assert_eq!(es.as_bytes(), s.diffie_hellman(&e_public).as_bytes());
    assert_eq!(ee.as_bytes(), re.diffie_hellman(&e_public).as_bytes());
    let step = narrator
        .step("One Running Key: es, Then ee")
        .value("ck at the start, the protocol name", &ck);
    let (ck1, k1) = mix_key(&ck, es.as_bytes());
    let (ck2, k2) = mix_key(&ck1, ee.as_bytes());
    let step = step
        .value("es = DH(client e, server s)", es.as_bytes())
        .value("ck after es", &ck1)
        .value("k after es, seals message 1's payload", &k1)
        .value("ee = DH(client e, server re)", ee.as_bytes())
        .value("ck after ee", &ck2)
        .value("k after ee, seals message 2's payload", &k2);
    let (to_server, to_client) = hkdf(&ck2, &[]);
    print!(
        "{}",
        step.value("Split: client-to-server key", to_server.as_ref())
            .value("Split: server-to-client key", to_client.as_ref())
    );

    print!(
        "{}",
        mallory(narrator.step("Mallory Without s"), &ck, &e, &s_public)
    );
    Ok(())
}

// ANCHOR: mallory
/// The client's chaining key and Mallory's, when she answers in place of
/// the server: her own `re`, so the same `ee`, but `es` with her own key.
fn chains(ck: &[u8; 32], e: &StaticSecret, s: &PublicKey) -> [[u8; 32]; 2] {
    let (mallory_s, _) = key();
    let (mallory_re, mallory_re_public) = key();
    let e_public = PublicKey::from(e);
    let ee = e.diffie_hellman(&mallory_re_public);
    let her_ee = mallory_re.diffie_hellman(&e_public);
    assert_eq!(ee.as_bytes(), her_ee.as_bytes(), "she knows ee");
    let (client_ck, _) = mix_key(ck, e.diffie_hellman(s).as_bytes());
    let (client_ck, _) = mix_key(&client_ck, ee.as_bytes());
    let (her_ck, _) =
        mix_key(ck, mallory_s.diffie_hellman(&e_public).as_bytes());
    let (her_ck, _) = mix_key(&her_ck, her_ee.as_bytes());
    [client_ck, her_ck]
}
// ANCHOR_END: mallory

/// Narrates Mallory's attempt.
fn mallory(
    step: Step,
    ck: &[u8; 32],
    e: &StaticSecret,
    s_public: &PublicKey,
) -> Step {
    let [client_ck, her_ck] = chains(ck, e, s_public);
    step.line("Mallory answers with her own e: she computes ee, not es")
        .value("The client's ck after es and ee", &client_ck)
        .value("Mallory's ck after es and ee", &her_ck)
        .line(format_args!(
            "Her chaining key is the client's: {}",
            yes_no(her_ck == client_ck)
        ))
}
