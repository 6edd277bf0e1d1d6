//! Part III, *You have built Noise*: `cargo run --example noise_vectors`.
//!
//! Replays the cacophony test vectors for `Noise_NN_25519_AESGCM_SHA256`
//! and `Noise_NK_25519_AESGCM_SHA256` (tests/data/, from an independent
//! implementation) with the course's own `noise` module, and compares every
//! message and the handshake hash byte for byte. `tests/noise_vectors.rs`
//! checks the same and fails on any difference.

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::Narrator;
use secure_messaging::noise::{HandshakeState, StaticKeyPair};
use serde_json::Value;

const USAGE: &str = "\
Usage: cargo run --example noise_vectors [-- --full-hex]

Reproduces the cacophony test vectors for Noise_NN and Noise_NK (25519,
AESGCM, SHA256) and compares every message and the handshake hash.
";

const VECTORS: &str =
    include_str!("../tests/data/noise_25519_aesgcm_sha256.json");

/// A field of the vector, hex-decoded.
fn bytes(vector: &Value, field: &str) -> Vec<u8> {
    hex::decode(vector[field].as_str().unwrap_or_default())
        .expect("the vectors hold hex")
}

fn key(vector: &Value, field: &str) -> [u8; 32] {
    bytes(vector, field).try_into().expect("a 32-byte key")
}

/// `same` or `DIFFERENT`, for one value we computed against the vector's.
fn verdict(ours: &[u8], theirs: &[u8]) -> &'static str {
    if ours == theirs { "same" } else { "DIFFERENT" }
}

/// Reproduces one vector and narrates it; returns whether all matched.
fn reproduce(
    narrator: Narrator,
    vector: &Value,
) -> secure_messaging::Result<bool> {
    let name = vector["protocol_name"].as_str().unwrap_or_default();
    let messages = vector["messages"].as_array().cloned().unwrap_or_default();
    let expected = |i: usize| bytes(&messages[i], "ciphertext");
    let payload = |i: usize| bytes(&messages[i], "payload");
    let init_e = KeyPair::from_private_bytes(key(vector, "init_ephemeral"));
    let resp_e = KeyPair::from_private_bytes(key(vector, "resp_ephemeral"));
    let prologue = bytes(vector, "init_prologue");
    let (initiator, responder) = if name.contains("_NK_") {
        let s = StaticKeyPair::from_private_bytes(key(vector, "resp_static"));
        (
            HandshakeState::nk_initiator(&prologue, s.public_key()),
            HandshakeState::nk_responder(&prologue, s),
        )
    } else {
        (
            HandshakeState::nn_initiator(&prologue),
            HandshakeState::nn_responder(&prologue),
        )
    };
    let mut step = narrator.step(name).line(format_args!(
        "Prologue: {:?}",
        String::from_utf8_lossy(&prologue)
    ));
    let mut all = true;
    let mut check = |label: String, ours: &[u8], theirs: &[u8]| {
        all &= ours == theirs;
        format!(
            "{label} ({} bytes): {}, {}",
            ours.len(),
            narrator.hex(ours),
            verdict(ours, theirs)
        )
    };

    let (sent, initiator) = initiator
        .with_ephemeral(init_e)
        .write_message(&payload(0))?;
    let first = if name.contains("_NK_") {
        "-> e, es"
    } else {
        "-> e"
    };
    step = step.line(check(format!("{first}: message 1"), &sent, &expected(0)));
    let (_, responder) =
        responder.with_ephemeral(resp_e).read_message(&sent)?;
    let (sent, mut responder) = responder.write_message(&payload(1))?;
    step =
        step.line(check("<- e, ee: message 2".to_owned(), &sent, &expected(1)));
    let (_, mut initiator) = initiator.read_message(&sent)?;
    let hash = bytes(vector, "handshake_hash");
    step = step.line(check(
        "Handshake hash".to_owned(),
        initiator.handshake_hash(),
        &hash,
    ));
    for i in 2..messages.len() {
        let (from, to, arrow) = if i % 2 == 0 {
            (&mut initiator, &mut responder, "->")
        } else {
            (&mut responder, &mut initiator, "<-")
        };
        let sent = from.write_message(&payload(i))?;
        to.read_message(&sent)?;
        step = step.line(check(
            format!("{arrow} transport {}", i - 1),
            &sent,
            &expected(i),
        ));
    }
    print!("{step}");
    Ok(all)
}

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    let all: Value = serde_json::from_str(VECTORS)?;
    let mut every = true;
    for vector in all["vectors"].as_array().into_iter().flatten() {
        every &= reproduce(narrator, vector)?;
    }
    if !every {
        println!("SOME VALUES DIFFER from the vectors");
        std::process::exit(1);
    }
    println!("Every message and both handshake hashes: byte for byte the same");
    Ok(())
}
