//! Part III, *Counter nonces*: `cargo run --example counter_nonces`.
//!
//! The conversation's key now lives in a `noise::CipherState`, which numbers
//! its messages: message n is sealed under nonce n, laid out as Noise lays it
//! out for AES-GCM (4 zero bytes, then n as 8 big-endian bytes). Two messages
//! under one key never share a nonce, by construction. The receiver counts
//! too, so a replayed message and a message out of order fail, and at
//! 2^64 - 1 the state refuses to encrypt at all.

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::key_derivation::SessionKey;
use secure_messaging::narration::Narrator;
use secure_messaging::noise::cipher_state::{
    CipherState, MAX_NONCE, aesgcm_nonce,
};

const USAGE: &str = "\
Usage: cargo run --example counter_nonces [-- --full-hex]

Seals a conversation's messages under counter nonces with Noise's
CipherState; a replayed and a reordered message fail, and the counter's last
value, 2^64 - 1, is refused.
";

const MESSAGES: [&str; 3] = ["Hello, server!", "Pay Bob 10 EUR", "Bye"];

// ANCHOR: seal_all
/// Seals each message in turn under one key: nonce 0, then 1, then 2.
fn seal_all(
    sender: &mut CipherState,
    messages: &[&str],
) -> secure_messaging::Result<Vec<Vec<u8>>> {
    messages
        .iter()
        .map(|text| sender.encrypt_with_ad(b"", text.as_bytes()))
        .collect()
}
// ANCHOR_END: seal_all

/// What the receiver did with one message, on one line.
fn opened(receiver: &mut CipherState, sealed: &[u8]) -> String {
    let n = receiver.nonce();
    match receiver.decrypt_with_ad(b"", sealed) {
        Ok(text) => format!(
            "opened under nonce {n}: {:?}",
            String::from_utf8_lossy(&text)
        ),
        Err(err) => format!("refused under nonce {n}: {err}"),
    }
}

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    let key = SessionKey::random(); // agreed as in Part I
    let mut client = CipherState::new(*key.as_bytes());
    let mut server = CipherState::new(*key.as_bytes());

    let sealed = seal_all(&mut client, &MESSAGES)?;
    let mut step = narrator.step("Counter Nonces");
    for (n, text) in MESSAGES.iter().enumerate() {
        step = step
            .line(format_args!("Message {n}: {text:?}"))
            .line(format_args!(
                "Nonce (12 bytes): {}",
                hex::encode(aesgcm_nonce(n as u64))
            ))
            .value("Ciphertext with tag", &sealed[n]);
    }
    print!("{step}");

    print!(
        "{}",
        narrator
            .step("The Server Counts Too")
            .line(format_args!(
                "Message 0: {}",
                opened(&mut server, &sealed[0])
            ))
            .line(format_args!(
                "Mallory replays message 0: {}",
                opened(&mut server, &sealed[0])
            ))
            .line(format_args!(
                "Message 2 before 1: {}",
                opened(&mut server, &sealed[2])
            ))
            .line(format_args!(
                "Message 1: {}",
                opened(&mut server, &sealed[1])
            ))
            .line(format_args!(
                "Message 2: {}",
                opened(&mut server, &sealed[2])
            ))
    );
    print!("{}", the_end(narrator, &key));
    Ok(())
}

// ANCHOR: last_two
/// A sender two messages from the end of its counter: the first message
/// seals, under counter 2^64 - 2; the second is refused.
fn last_two(key: &SessionKey) -> [secure_messaging::Result<Vec<u8>>; 2] {
    let mut sender = CipherState::new(*key.as_bytes());
    sender.set_nonce(MAX_NONCE - 1); // a door for tests and demonstrations
    [b"one more", b"and more"].map(|text| sender.encrypt_with_ad(b"", text))
}
// ANCHOR_END: last_two

/// Narrates [`last_two`].
fn the_end(
    narrator: Narrator,
    key: &SessionKey,
) -> secure_messaging::narration::Step {
    let mut step = narrator.step("The Last Nonce");
    for (outcome, counter) in last_two(key).into_iter().zip(["2", "1"]) {
        let outcome = match outcome {
            Ok(sealed) => format!("sealed, {} bytes", sealed.len()),
            Err(err) => format!("refused: {err}"),
        };
        step = step.line(format_args!("Counter 2^64 - {counter}: {outcome}"));
    }
    step.line("No nonce is ever used twice: the session must end, or rekey")
}
