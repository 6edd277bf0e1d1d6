//! Part II, *Reflection*: `cargo run --example reflection`.
//!
//! The client sends "I accept the offer of 100 EUR" to the server, and
//! Mallory sends the same sealed bytes back to the client. Under the weakened
//! `SharedKeySession`, one key for both directions, the client reads its own
//! words as the server's. Under `DirectionalSession`, one key per direction,
//! the reflected message fails its tag.

use secure_messaging::attacks::reflection::{
    DirectionalSession, SharedKeySession,
};
use secure_messaging::attacks::{Sealed, Session};
use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::key_derivation::{Salt, derive_key};
use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::Step;
use secure_messaging::shared_secret::SharedSecret;

const USAGE: &str = "\
Usage: cargo run --example reflection [-- --full-hex]

Bounces the client's message back to the client: accepted as the server's
when one key seals both directions, refused with one key per direction.
";

const OFFER: &str = "I accept the offer of 100 EUR";

/// The client's shared secret and the server's, from a Part I key exchange.
fn secrets() -> Result<(SharedSecret, SharedSecret), Failure> {
    let client = KeyPair::generate();
    let server = KeyPair::generate();
    let (client_public, server_public) =
        (client.public_key(), server.public_key());
    Ok((
        client.diffie_hellman(&server_public)?,
        server.diffie_hellman(&client_public)?,
    ))
}

/// Mallory's whole attack: she sends the client's message back to it.
fn reflect(from_client: &Sealed) -> Sealed {
    from_client.clone()
}

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    let salt = Salt::random();

    let (client_secret, server_secret) = secrets()?;
    let client = SharedKeySession::new(derive_key(&client_secret, &salt));
    let server = SharedKeySession::new(derive_key(&server_secret, &salt));
    let title = "One Key for Both Directions (SharedKeySession)";
    print!(
        "{}",
        offer_and_reflect(narrator.step(title), &client, &server)?
    );

    let (client_secret, server_secret) = secrets()?;
    let client = DirectionalSession::client(&client_secret, &salt);
    let server = DirectionalSession::server(&server_secret, &salt);
    let title = "One Key per Direction (DirectionalSession)";
    print!(
        "{}",
        offer_and_reflect(narrator.step(title), &client, &server)?
    );
    Ok(())
}

/// The client sends its offer, the server reads it, and Mallory sends it back
/// to the client, which reads it as the server's if it can.
fn offer_and_reflect(
    step: Step,
    client: &impl Session,
    server: &impl Session,
) -> Result<Step, Failure> {
    let sealed = client.seal(OFFER)?;
    let delivered = server.open(&sealed);
    let reflected = client.open(&reflect(&sealed));
    Ok(step
        .line(format_args!("The client sent: {OFFER:?}"))
        .value("Nonce", sealed.nonce.as_bytes())
        .value("Ciphertext with tag", &sealed.ciphertext)
        .line(format_args!("The server read: {}", said(delivered)))
        .line("Mallory sent the same sealed bytes back to the client")
        .line(format_args!(
            "The client read, as the server's: {}",
            said(reflected)
        )))
}

/// What opening a message gave, on one line.
fn said(outcome: secure_messaging::Result<String>) -> String {
    match outcome {
        Ok(text) => format!("{text:?}"),
        Err(err) => format!("nothing, refused: {err}"),
    }
}
