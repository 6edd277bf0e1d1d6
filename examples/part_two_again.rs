//! Part III, *Part II again*: `cargo run --example part_two_again`.
//!
//! Runs every attack of Part II again, in memory, against
//! `Noise_NK_25519_AESGCM_SHA256` as the course built it, and prints one row
//! per attack: what Part I did (as the example `what_we_learned` showed),
//! and what Noise NK does now, live.

use secure_messaging::Result;
use secure_messaging::attacks::low_order_keys::LOW_ORDER_POINT;
use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::noise::cipher_state::{CipherState, MAX_NONCE};
use secure_messaging::noise::{
    HandshakeState, PROLOGUE, StaticKeyPair, TransportState,
};

const USAGE: &str = "\
Usage: cargo run --example part_two_again [-- --full-hex]

Runs every attack of Part II in memory against Noise NK, and prints what
Part I did and what Noise NK does.
";

// ANCHOR: attack
/// One row: an attack, what Part I did, and the function that runs it
/// against Noise NK now.
struct Attack {
    name: &'static str,
    part_one: &'static str,
    run: fn() -> Result<String>,
}
// ANCHOR_END: attack

const ATTACKS: [Attack; 6] = [
    Attack {
        name: "Tampering",
        part_one: "refused: the tag does not verify",
        run: tampering,
    },
    Attack {
        name: "Nonce Reuse",
        part_one: "random nonces: unique only by chance",
        run: nonce_reuse,
    },
    Attack {
        name: "Replay",
        part_one: "one key per message; a session would accept it",
        run: replay,
    },
    Attack {
        name: "Reflection",
        part_one: "one key both ways: a session would accept it",
        run: reflection,
    },
    Attack {
        name: "Low-Order Keys",
        part_one: "refused by the contributory check",
        run: low_order,
    },
    Attack {
        name: "Man in the Middle",
        part_one: "Mallory reads every message",
        run: man_in_the_middle,
    },
];

fn main() -> std::result::Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    for attack in &ATTACKS {
        let now = (attack.run)()?;
        print!(
            "{}",
            narrator
                .step(attack.name)
                .line(format_args!("Part I: {}", attack.part_one))
                .line(format_args!("Noise NK: {now}"))
        );
    }
    Ok(())
}

/// A completed NK handshake: the client (pinning the server's key) and the
/// server, each with its transport state.
fn connected() -> Result<(TransportState, TransportState)> {
    let server_key = StaticKeyPair::generate();
    let client =
        HandshakeState::nk_initiator(PROLOGUE, server_key.public_key());
    let server = HandshakeState::nk_responder(PROLOGUE, server_key);
    let (first, client) = client.write_message(b"")?;
    let (_, server) = server.read_message(&first)?;
    let (reply, server) = server.write_message(b"")?;
    let (_, client) = client.read_message(&reply)?;
    Ok((client, server))
}

/// How a receiver answered an attack: refused (and why), or not.
fn refused<T>(result: Result<T>) -> String {
    match result {
        Ok(_) => "ACCEPTED".to_owned(),
        Err(err) => format!("refused, Error::{err:?}"),
    }
}

// ANCHOR: tampering
/// Mallory flips one bit of a transport message.
fn tampering() -> Result<String> {
    let (mut client, mut server) = connected()?;
    let mut sealed = client.write_message(b"Transfer 10 EUR to Bob")?;
    sealed[0] ^= 0x01;
    Ok(refused(server.read_message(&sealed)))
}
// ANCHOR_END: tampering

// ANCHOR: nonce_reuse
/// The same text three times: three counters, three ciphertexts; and a
/// counter at 2^64 - 1 refuses to seal at all.
fn nonce_reuse() -> Result<String> {
    let (mut client, _) = connected()?;
    let mut sealed = Vec::new();
    for _ in 0..3 {
        sealed.push(client.write_message(b"same text")?);
    }
    let all_differ = sealed[0] != sealed[1] && sealed[1] != sealed[2];
    let mut last = CipherState::new([7; 32]);
    last.set_nonce(MAX_NONCE);
    Ok(format!(
        "one text sent 3 times, 3 ciphertexts: {all_differ}\nNoise NK: at \
         2^64 - 1, {}",
        refused(last.encrypt_with_ad(b"", b"one too many"))
    ))
}
// ANCHOR_END: nonce_reuse

// ANCHOR: replay
/// Mallory sends a message the server has read once already.
fn replay() -> Result<String> {
    let (mut client, mut server) = connected()?;
    let sealed = client.write_message(b"Transfer 10 EUR")?;
    server.read_message(&sealed)?;
    Ok(refused(server.read_message(&sealed)))
}
// ANCHOR_END: replay

// ANCHOR: reflection
/// Mallory bounces the client's own message back to the client.
fn reflection() -> Result<String> {
    let (mut client, _) = connected()?;
    let sealed = client.write_message(b"I agree to pay")?;
    Ok(refused(client.read_message(&sealed)))
}
// ANCHOR_END: reflection

// ANCHOR: low_order
/// Mallory puts a low-order point where the client's ephemeral key goes.
fn low_order() -> Result<String> {
    let server_key = StaticKeyPair::generate();
    let client =
        HandshakeState::nk_initiator(PROLOGUE, server_key.public_key());
    let server = HandshakeState::nk_responder(PROLOGUE, server_key);
    let (mut first, _) = client.write_message(b"")?;
    first[..32].copy_from_slice(&LOW_ORDER_POINT);
    Ok(refused(server.read_message(&first)))
}
// ANCHOR_END: low_order

// ANCHOR: mitm
/// Mallory answers the client with her own key; the client pinned the
/// server's.
fn man_in_the_middle() -> Result<String> {
    let server_key = StaticKeyPair::generate();
    let mallory = StaticKeyPair::generate();
    let client =
        HandshakeState::nk_initiator(PROLOGUE, server_key.public_key());
    let (first, client) = client.write_message(b"")?;
    let as_mallory = HandshakeState::nk_responder(PROLOGUE, mallory.clone());
    let cannot_read = refused(as_mallory.read_message(&first));
    // She answers a message 1 made for her own key instead.
    let (own_first, _) =
        HandshakeState::nk_initiator(PROLOGUE, mallory.public_key())
            .write_message(b"")?;
    let (_, as_mallory) = HandshakeState::nk_responder(PROLOGUE, mallory)
        .read_message(&own_first)?;
    let (reply, _) = as_mallory.write_message(b"")?;
    let client_says = refused(client.read_message(&reply));
    Ok(format!(
        "Mallory: {cannot_read}\nNoise NK: the client: {client_says}"
    ))
}
// ANCHOR_END: mitm
