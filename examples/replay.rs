//! Part II, *Replay*: `cargo run --example replay`.
//!
//! A client sends "Transfer 10 EUR to Mallory" to a server through Mallory's
//! recording proxy; Mallory then sends the recorded bytes to the server again.
//! The server refuses them: its fresh key pair gives another key. Then the
//! weakened `RandomNonceSession`, one key for many messages, accepts the same
//! replay twice.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;

use secure_messaging::attacks::Session;
use secure_messaging::attacks::replay::{
    RandomNonceSession, Recording, relay_and_record, replay,
};
use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, SessionKey, derive_key};
use secure_messaging::key_exchange::{exchange_as_client, exchange_as_server};
use secure_messaging::key_generation::{KeyPair, PublicKey};
use secure_messaging::narration::Narrator;
use secure_messaging::transmission::Envelope;

const USAGE: &str = "\
Usage: cargo run --example replay [-- --full-hex]

Records a connection through a proxy and replays its bytes to the server,
which refuses them; then replays a message within a session that keeps one
key for many messages, which accepts it twice.
";

const MESSAGE: &str = "Transfer 10 EUR to Mallory";

/// What the server did with one connection.
struct Served {
    public: PublicKey,
    key: SessionKey,
    outcome: secure_messaging::Result<String>,
}

/// One connection, served as the Part I server does: a fresh key pair.
fn serve(listener: &TcpListener) -> secure_messaging::Result<Served> {
    let (mut stream, _) = listener.accept()?;
    let key_pair = KeyPair::generate();
    let public = key_pair.public_key();
    let client_public = exchange_as_server(&mut stream, &public)?;
    let secret = key_pair.diffie_hellman(&client_public)?;
    let envelope = Envelope::receive(&mut stream)?;
    let key = derive_key(&secret, &envelope.salt);
    let outcome = decrypt_text(&key, &envelope.nonce, &envelope.ciphertext);
    Ok(Served {
        public,
        key,
        outcome,
    })
}

/// The client's side of Part I, sending one message to `address`.
fn send(address: SocketAddr, message: &str) -> Result<(), Failure> {
    let mut stream = TcpStream::connect(address)?;
    let key_pair = KeyPair::generate();
    let server = exchange_as_client(&mut stream, &key_pair.public_key())?;
    let salt = Salt::random();
    let key = derive_key(&key_pair.diffie_hellman(&server)?, &salt);
    let nonce = Nonce::random();
    let ciphertext = encrypt(&key, &nonce, message.as_bytes())?;
    Envelope {
        salt,
        nonce,
        ciphertext,
    }
    .send(&mut stream)?;
    Ok(())
}

/// A client talks to the server through Mallory's proxy, which records it.
fn record(server: SocketAddr) -> Result<Recording, Failure> {
    let proxy = TcpListener::bind("127.0.0.1:0")?;
    let proxy_address = proxy.local_addr()?;
    let relay = thread::spawn(move || {
        let (client, _) = proxy.accept()?;
        relay_and_record(client, server)
    });
    send(proxy_address, MESSAGE)?;
    Ok(relay.join().expect("the proxy thread panicked")?)
}

// ANCHOR: within_a_session
/// Within one session under one key, Mallory sends a sealed message again.
fn replay_within_a_session() -> Result<[String; 2], Failure> {
    let key = [0x5e; 32]; // agreed once, as in Part I
    let client = RandomNonceSession::new(SessionKey::from_bytes(key));
    let bank = RandomNonceSession::new(SessionKey::from_bytes(key));
    let sealed = client.seal(MESSAGE)?;
    let copy = sealed.clone(); // all Mallory does: copy the bytes
    Ok([bank.open(&sealed)?, bank.open(&copy)?])
}
// ANCHOR_END: within_a_session

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };

    let listener = TcpListener::bind("127.0.0.1:0")?;
    let server = listener.local_addr()?;
    let serving = thread::spawn(move || -> secure_messaging::Result<_> {
        Ok([serve(&listener)?, serve(&listener)?])
    });

    let recording = record(server)?;
    let new_public = replay(&recording.to_server, server)?;
    let [first, second] = serving.join().expect("the server panicked")?;
    assert_eq!(new_public, second.public);

    print_connections(narrator, &recording, &first, &second);
    let [once, twice] = replay_within_a_session()?;
    print!(
        "{}",
        narrator
            .step("One Key, Many Messages (RandomNonceSession)")
            .line(format_args!("The client sent once: {MESSAGE:?}"))
            .line(format_args!("The bank read: {once:?}"))
            .line("Mallory sent the same sealed bytes again")
            .line(format_args!("The bank read: {twice:?}"))
            .line(
                "Accepted twice: nothing tells an old message from a new one"
            )
    );
    Ok(())
}

fn print_connections(
    narrator: Narrator,
    recording: &Recording,
    first: &Served,
    second: &Served,
) {
    let said = |served: &Served| match &served.outcome {
        Ok(text) => format!("read {text:?}"),
        Err(err) => format!("refused it: {err}"),
    };
    let yes_no = |same: bool| if same { "yes" } else { "no" };
    print!(
        "{}{}",
        narrator
            .step("Recorded Connection")
            .line(format_args!(
                "Mallory's proxy recorded {} bytes to the server and {} back",
                recording.to_server.len(),
                recording.to_client.len()
            ))
            .value("Server public key", first.public.as_bytes())
            .value("AES-256 key", first.key.as_bytes())
            .line(format_args!("The server {}", said(first))),
        narrator
            .step("Replayed Connection")
            .line(format_args!(
                "Mallory sent the {} recorded bytes again, unchanged",
                recording.to_server.len()
            ))
            .value("Server public key", second.public.as_bytes())
            .value("AES-256 key", second.key.as_bytes())
            .line(format_args!(
                "Same key as the recorded connection: {}",
                yes_no(first.key.as_bytes() == second.key.as_bytes())
            ))
            .line(format_args!("The server {}", said(second)))
    );
}
