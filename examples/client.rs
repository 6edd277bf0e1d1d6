//! Chapter 8, *Server and client*: the client side of the whole protocol.
//!
//! Start the server first (`cargo run --example server`), then
//! `cargo run --example client` and type a message.

use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use secure_messaging::cli::{Args, Failure};
use secure_messaging::encryption::{Nonce, check_message_len, encrypt};
use secure_messaging::key_derivation::{INFO, Salt, derive_key};
use secure_messaging::key_exchange::exchange_as_client;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::Narrator;
use secure_messaging::transmission::Envelope;
use secure_messaging::{DEFAULT_HOST, DEFAULT_PORT};

// ANCHOR: usage
const USAGE: &str = "\
Usage: cargo run --example client -- [OPTIONS]

Agrees on a key with the server and sends it one encrypted message.

Options:
  --host HOST     the server's address (default 127.0.0.1)
  --port N        the server's port (default 65432)
  --message TEXT  the message to send (otherwise it asks for one)
  --full-hex      print values whole instead of short hex such as 7f...e2
  -h, --help      print this help
";
// ANCHOR_END: usage

fn main() -> Result<(), Failure> {
    let mut args = Args::from_env();
    if args.flag("--help") || args.flag("-h") {
        print!("{USAGE}");
        return Ok(());
    }
    let host: String = args.value("--host")?.unwrap_or(DEFAULT_HOST.into());
    let port: u16 = args.value("--port")?.unwrap_or(DEFAULT_PORT);
    let message: Option<String> = args.value("--message")?;
    let narrator = Narrator::new(args.flag("--full-hex"));
    args.finish()?;
    if let Some(message) = &message {
        check_message_len(message.as_bytes())?; // before making the server wait
    }

    let key_pair = KeyPair::generate();
    let client_public = key_pair.public_key();
    print!(
        "{}",
        narrator
            .step("Key Generation")
            .line("Generated an X25519 key pair; the private key stays in this program")
            .value("Client public key", client_public.as_bytes())
    );

    let address = format!("{host}:{port}");
    let mut stream = TcpStream::connect(&address).map_err(|err| {
        // A server on another machine, the teacher's in the classroom
        // variant, must listen on more than its loopback address.
        let local = ["127.0.0.1", "localhost", "::1"].contains(&host.as_str());
        let mut options = String::new();
        if !local {
            options.push_str(" --bind 0.0.0.0");
        }
        if port != DEFAULT_PORT {
            options.push_str(&format!(" --port {port}"));
        }
        let start = match options.as_str() {
            "" => "cargo run --example server".to_owned(),
            _ => format!("cargo run --example server --{options}"),
        };
        if local {
            anyhow!(
                "could not connect to {address} ({err}): is the server \
                 running? start it with: {start}"
            )
        } else {
            anyhow!(
                "could not connect to {address} ({err}): is the server running \
                 there with --bind 0.0.0.0 ({start}), and does its firewall \
                 let port {port} in?"
            )
        }
    })?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let server_public = exchange_as_client(&mut stream, &client_public)
        .with_context(|| format!("key exchange with {address} failed"))?;
    print!(
        "{}",
        narrator
            .step("Key Exchange")
            .line(format_args!("Connected to {address}"))
            .value("Sent client public key", client_public.as_bytes())
            .value("Received server public key", server_public.as_bytes())
    );

    let shared_secret = key_pair
        .diffie_hellman(&server_public)
        .context("refused the server's public key")?;
    print!(
        "{}",
        narrator
            .step("Shared Secret")
            .value("Shared secret", shared_secret.as_bytes())
    );

    let salt = Salt::random();
    let key = derive_key(&shared_secret, &salt);
    print!(
        "{}",
        narrator
            .step("Key Derivation")
            .value("Random salt", salt.as_bytes())
            .line(format_args!("Info: {}", String::from_utf8_lossy(INFO)))
            .value("AES-256 key", key.as_bytes())
    );

    // ANCHOR: send
    let message = match message {
        Some(message) => message,
        None => read_message(&stream)?,
    };
    let nonce = Nonce::random();
    let ciphertext = encrypt(&key, &nonce, message.as_bytes())?;
    let envelope = Envelope {
        salt,
        nonce,
        ciphertext,
    };
    envelope
        .send(&mut stream)
        .context("could not send the message")?;
    // ANCHOR_END: send
    print!(
        "{}",
        narrator
            .step("Message Encryption")
            .line(format_args!(
                "Message: {message:?} ({} bytes)",
                message.len()
            ))
            .value("Random nonce", envelope.nonce.as_bytes())
            .value("Ciphertext with tag", &envelope.ciphertext)
            .line("Sent salt, nonce, length and ciphertext to the server")
    );

    // The server reads the message, then closes the connection: wait for that,
    // so that a server that hung up early is reported, not silently missed.
    stream.shutdown(Shutdown::Write)?;
    if let Err(err) = stream.read(&mut [0u8; 1]) {
        let why = "the server closed the connection before it read the message";
        return Err(anyhow!("{why}: {err}").into());
    }
    println!("The server has the message and closed the connection");
    Ok(())
}

/// Asks for one line on standard input, and checks that the server is still
/// there once it has been typed.
fn read_message(stream: &TcpStream) -> anyhow::Result<String> {
    print!("Enter message to send: ");
    io::stdout().flush()?;
    let mut line = String::new();
    if io::stdin().lock().read_line(&mut line)? == 0 {
        bail!(
            "no message to send: type one after the prompt, or pass --message TEXT"
        );
    }
    if !io::stdin().is_terminal() {
        println!(); // what was typed did not appear: end the prompt's line
    }
    let message = line.strip_suffix('\n').unwrap_or(&line);
    let message = message.strip_suffix('\r').unwrap_or(message).to_owned();
    check_message_len(message.as_bytes())?;
    if server_has_hung_up(stream)? {
        bail!(
            "the server closed the connection while the message was typed: it drops a \
             client after its --timeout; run the client again"
        );
    }
    Ok(message)
}

/// True if the server has closed the connection. Looks without waiting.
fn server_has_hung_up(stream: &TcpStream) -> io::Result<bool> {
    stream.set_nonblocking(true)?;
    let peeked = stream.peek(&mut [0u8; 1]);
    stream.set_nonblocking(false)?;
    match peeked {
        Ok(0) => Ok(true),
        Ok(_) => Ok(false),
        Err(err) if err.kind() == io::ErrorKind::WouldBlock => Ok(false),
        Err(err) if err.kind() == io::ErrorKind::ConnectionReset => Ok(true),
        Err(err) => Err(err),
    }
}
