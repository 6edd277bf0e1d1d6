//! Part III, *A conversation*: `cargo run --example conversation`.
//!
//! A client and a server agree on one key as in Part I, then talk: the client
//! sends three messages and the server answers each, all under that key, each
//! message under a fresh random nonce. Then Mallory replays one message and
//! reflects another, and both are read as genuine: a key that lives for more
//! than one message needs more than Part I gave it. Last, the chance that two
//! random 96-bit nonces repeat, for more and more messages.

use secure_messaging::attacks::reflection::SharedKeySession;
use secure_messaging::attacks::{Sealed, Session};
use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::key_derivation::{Salt, derive_key};
use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::Narrator;

const USAGE: &str = "\
Usage: cargo run --example conversation [-- --full-hex]

A client and a server hold a conversation under one Part I key, with random
nonces; then Mallory replays one message and reflects another, and both are
accepted. Last, the chance of a repeated random nonce.
";

const MESSAGES: [&str; 3] = ["Hello, server!", "Pay Bob 10 EUR", "Bye"];

/// The client's session and the server's, under one Part I key each way.
fn agree() -> Result<(SharedKeySession, SharedKeySession), Failure> {
    let (client, server) = (KeyPair::generate(), KeyPair::generate());
    let (client_public, server_public) =
        (client.public_key(), server.public_key());
    let salt = Salt::random(); // the client's, sent in the clear
    let client_key = derive_key(&client.diffie_hellman(&server_public)?, &salt);
    let server_key = derive_key(&server.diffie_hellman(&client_public)?, &salt);
    Ok((
        SharedKeySession::new(client_key),
        SharedKeySession::new(server_key),
    ))
}

// ANCHOR: turn
/// One turn of the conversation: the client sends `text`, the server reads
/// it and answers, the client reads the answer. Both messages cross the
/// network sealed, where Mallory can copy them.
fn turn(
    client: &impl Session,
    server: &impl Session,
    text: &str,
) -> secure_messaging::Result<(Sealed, Sealed, String)> {
    let request = client.seal(text)?;
    let heard = server.open(&request)?;
    let reply = server.seal(&format!("Got it: {heard}"))?;
    let answer = client.open(&reply)?;
    Ok((request, reply, answer))
}
// ANCHOR_END: turn

// ANCHOR: chance
/// The chance that `messages` random nonces of `bits` bits are not all
/// different: 1 - e^(-n(n-1)/2^(bits+1)), the birthday bound.
fn repeat_chance(messages: f64, bits: i32) -> f64 {
    let pairs = messages * (messages - 1.0) / 2.0;
    -(-pairs / 2f64.powi(bits)).exp_m1()
}
// ANCHOR_END: chance

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    let (client, server) = agree()?;
    let mut sent = Vec::new();
    for (n, text) in MESSAGES.into_iter().enumerate() {
        let (request, reply, answer) = turn(&client, &server, text)?;
        print!(
            "{}",
            narrator
                .step(&format!("Turn {}", n + 1))
                .line(format_args!("The client sent: {text:?}"))
                .value("Nonce", request.nonce.as_bytes())
                .line(format_args!("The server answered: {answer:?}"))
                .value("Nonce", reply.nonce.as_bytes())
        );
        sent.push(request);
    }
    attacks(narrator, &client, &server, &sent[1]);
    birthday(narrator);
    Ok(())
}

/// Mallory replays a message to the server and reflects it to the client.
fn attacks(
    narrator: Narrator,
    client: &impl Session,
    server: &impl Session,
    payment: &Sealed,
) {
    let said = |outcome: secure_messaging::Result<String>| match outcome {
        Ok(text) => format!("{text:?}, accepted"),
        Err(err) => format!("refused: {err}"),
    };
    print!(
        "{}",
        narrator
            .step("Mallory, Within the Session")
            .line("Mallory sends turn 2's message to the server again")
            .line(format_args!(
                "The server read: {}",
                said(server.open(payment))
            ))
            .line("Mallory sends it back to the client, as if from the server")
            .line(format_args!(
                "The client read: {}",
                said(client.open(payment))
            ))
    );
}

/// The birthday bound on random 96-bit nonces under one key.
fn birthday(narrator: Narrator) {
    let mut step = narrator.step("Random 96-bit Nonces Under One Key");
    for exponent in [20, 32, 40, 48] {
        let messages = 2f64.powi(exponent);
        step = step.line(format_args!(
            "2^{exponent} messages: chance of a repeated nonce {:.1e}",
            repeat_chance(messages, 96)
        ));
    }
    print!(
        "{}",
        step.line("NIST SP 800-38D: at most 2^32 messages per key this way")
    );
}
