//! Chapter 8, *Server and client*: bad input, sent on purpose, so that a class
//! can watch the server refuse it and go on serving.
//!
//! Start the server (`cargo run --example server`), then for instance
//! `cargo run --example bad_client -- zero-key`. It works the same on every
//! system: no `nc`, no `printf`.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use secure_messaging::cli::{Args, Failure};
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, derive_key};
use secure_messaging::key_exchange::exchange_as_client;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::transmission::{Envelope, TimedStream};
use secure_messaging::{DEFAULT_HOST, DEFAULT_PORT};

// ANCHOR: usage
const USAGE: &str = "\
Usage: cargo run --example bad_client -- CASE [--host HOST] [--port N]

Sends the server one kind of bad input and says what the server did.

Cases:
  short-key    the 5 bytes \"hello\" instead of a 32-byte public key
  zero-key     32 zero bytes: the low-order point
  huge-length  a real key exchange, then a ciphertext length of 4,294,967,295
  flipped-bit  a real message whose ciphertext has one bit flipped
  silent       connect and send nothing until the server drops us (or Ctrl+C)

Options:
  --host HOST  the server's address (default 127.0.0.1)
  --port N     the server's port (default 65432)
  -h, --help   print this help
";
// ANCHOR_END: usage

/// The cases, as named on the command line.
const CASES: [&str; 5] = [
    "short-key",
    "zero-key",
    "huge-length",
    "flipped-bit",
    "silent",
];

/// How long to wait for the server to close the connection, except `silent`,
/// which waits as long as the server does.
const PATIENCE: Duration = Duration::from_secs(30);

fn main() -> Result<(), Failure> {
    let mut args = Args::from_env();
    if args.flag("--help") || args.flag("-h") {
        print!("{USAGE}");
        return Ok(());
    }
    let host: String = args.value("--host")?.unwrap_or(DEFAULT_HOST.into());
    let port: u16 = args.value("--port")?.unwrap_or(DEFAULT_PORT);
    let cases: Vec<&str> =
        CASES.into_iter().filter(|case| args.flag(case)).collect();
    args.finish()?;
    let [case] = cases[..] else {
        return Err(anyhow!(
            "name one case: {} (run with --help to see what each sends)",
            CASES.join(", ")
        )
        .into());
    };

    let address = format!("{host}:{port}");
    let mut stream = TcpStream::connect((host.as_str(), port)).map_err(|err| {
        anyhow!(
            "could not connect to {address} ({err}): is the server running? \
             start it with: cargo run --example server"
        )
    })?;
    let from = stream.local_addr()?;
    let sent = match case {
        "short-key" => {
            stream.write_all(b"hello")?;
            stream.shutdown(Shutdown::Write)?; // as `nc` does at the end
            "the 5 bytes \"hello\" where a 32-byte public key belongs"
        }
        "zero-key" => {
            stream.write_all(&[0u8; 32])?;
            "32 zero bytes, the low-order point, as a public key"
        }
        "huge-length" => {
            let salt = key_exchange(&stream)?.1;
            let mut header = salt.as_bytes().to_vec();
            header.extend_from_slice(Nonce::random().as_bytes());
            header.extend_from_slice(&u32::MAX.to_be_bytes());
            stream.write_all(&header)?;
            "a real key exchange, then a ciphertext length of 4,294,967,295"
        }
        "flipped-bit" => {
            let (key, salt) = key_exchange(&stream)?;
            let nonce = Nonce::random();
            let mut ciphertext = encrypt(&key, &nonce, b"Hello, server!")?;
            ciphertext[0] ^= 1;
            let envelope = Envelope {
                salt,
                nonce,
                ciphertext,
            };
            envelope.send(&mut stream)?;
            "\"Hello, server!\" sealed, then one bit of it flipped"
        }
        _ => {
            println!(
                "Sending nothing from {from}; waiting for the server to drop \
                 us (or Ctrl+C)."
            );
            println!("{}", wait_for_close(&mut stream, None));
            return Ok(());
        }
    };
    println!("Sent {sent} (from {from}).");
    println!("{}", wait_for_close(&mut stream, Some(PATIENCE)));
    Ok(())
}

/// A real key exchange and key derivation, as the client does them: returns
/// the key and the salt it was derived with.
fn key_exchange(
    stream: &TcpStream,
) -> anyhow::Result<(secure_messaging::key_derivation::SessionKey, Salt)> {
    let key_pair = KeyPair::generate();
    let mut timed = TimedStream::new(stream.try_clone()?, PATIENCE);
    let server_public = exchange_as_client(&mut timed, &key_pair.public_key())
        .context("the key exchange failed")?;
    let secret = key_pair.diffie_hellman(&server_public)?;
    let salt = Salt::random();
    Ok((derive_key(&secret, &salt), salt))
}

/// Reads until the server closes the connection, or `limit` passes, and says
/// what it saw: only that, since the server sends no reasons.
fn wait_for_close(stream: &mut TcpStream, limit: Option<Duration>) -> String {
    let started = Instant::now();
    let mut received = 0;
    let mut buf = [0u8; 256];
    let end = loop {
        let left = limit.map(|limit| limit.saturating_sub(started.elapsed()));
        if left.is_some_and(|left| left.is_zero()) {
            break Err(ErrorKind::TimedOut.into());
        }
        if let Err(err) = stream.set_read_timeout(left) {
            break Err(err);
        }
        match stream.read(&mut buf) {
            Ok(0) => break Ok(()),
            Ok(n) => received += n,
            Err(err) if err.kind() == ErrorKind::Interrupted => {}
            Err(err) => break Err(err),
        }
    };
    let after = format!("after {:.1} s", started.elapsed().as_secs_f64());
    let first = match received {
        0 => String::new(),
        n => format!(" (it sent {n} bytes first)"),
    };
    match end {
        Ok(()) => format!(
            "The server closed the connection {after}{first}; look at its \
             terminal."
        ),
        Err(err)
            if matches!(
                err.kind(),
                ErrorKind::TimedOut | ErrorKind::WouldBlock
            ) =>
        {
            format!(
                "The server kept the connection open {after}{first}; gave up \
                 waiting."
            )
        }
        Err(err) if err.kind() == ErrorKind::ConnectionReset => format!(
            "The server reset the connection {after}{first}; look at its \
             terminal."
        ),
        Err(err) => format!("The connection failed {after}{first}: {err}."),
    }
}
