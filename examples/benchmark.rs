//! Chapter 8, *Server and client*: how fast is it, and where does the time go?
//!
//! `cargo run --example benchmark --release` times each step of the protocol
//! on this machine, then whole handshakes over loopback, and prints each figure
//! beside its ceiling. Figures are printed, never checked: they depend on the
//! machine. It is an example rather than a `cargo bench` target so that it
//! runs like every other program of the course, and its figures do not go
//! through a harness a student has not met.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use secure_messaging::cli::{Args, Failure};
use secure_messaging::decryption::decrypt;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, derive_key};
use secure_messaging::key_exchange::{exchange_as_client, exchange_as_server};
use secure_messaging::key_generation::KeyPair;
use secure_messaging::transmission::{Envelope, receive_salt, receive_sealed};

const USAGE: &str = "\
Usage: cargo run --example benchmark --release -- [--seconds S]

Times X25519, HKDF and AES-256-GCM, then handshakes over loopback with and
without the cryptography, and prints each figure beside its ceiling.

Options:
  --seconds S     time spent on each figure (default 1)
  -h, --help      print this help
";

/// The message of a benchmarked handshake, as short as a typed sentence.
const MESSAGE: &[u8] = b"Hello, server! A sentence of a typical length.";

fn main() -> Result<(), Failure> {
    let mut args = Args::from_env();
    if args.flag("--help") || args.flag("-h") {
        print!("{USAGE}");
        return Ok(());
    }
    let seconds: f64 = args.value("--seconds")?.unwrap_or(1.0);
    args.finish()?;
    if !(0.05..=60.0).contains(&seconds) {
        return Err(anyhow::anyhow!("--seconds must be from 0.05 to 60").into());
    }
    let budget = Duration::from_secs_f64(seconds);
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    if cfg!(debug_assertions) {
        println!(
            "(a debug build: add --release for the figures of the book)\n"
        );
    }
    println!(
        "One thread; the ceiling is {cores} core(s) doing nothing else.\n"
    );

    let theirs = KeyPair::generate().public_key();
    let keygen = per_second(budget, KeyPair::generate);
    // A key pair agrees once (diffie_hellman takes it by value): make the
    // pairs first, untimed.
    let agree = per_second_of(budget, KeyPair::generate, |pair| {
        pair.diffie_hellman(&theirs)
    });
    let secret = KeyPair::generate().diffie_hellman(&theirs)?;
    let salt = Salt::random();
    let hkdf = per_second(budget, || derive_key(&secret, &salt));
    let row = |what: &str, rate: f64| {
        println!(
            "{what:<32} {:>12}/s   ceiling {:>12}/s",
            count(rate),
            count(rate * cores as f64)
        );
    };
    row("X25519 key generation", keygen);
    row("X25519 agreement", agree);
    row("HKDF-SHA256 key derivation", hkdf);

    let key = derive_key(&secret, &salt);
    let nonce = Nonce::random();
    let mut seal_small = 0.0;
    for size in [64, 1024, 65_536] {
        let plaintext = vec![0x42u8; size];
        let ciphertext = encrypt(&key, &nonce, &plaintext)?;
        let seal = per_second(budget, || encrypt(&key, &nonce, &plaintext));
        let open = per_second(budget, || decrypt(&key, &nonce, &ciphertext));
        if size == 64 {
            seal_small = seal;
        }
        for (what, rate) in [("seal", seal), ("open", open)] {
            let mb = rate * size as f64 / 1e6;
            println!(
                "AES-256-GCM {what} {:<19} {:>10.0} MB/s   ceiling {:>10.0} MB/s",
                bytes(size),
                mb,
                mb * cores as f64
            );
        }
    }

    println!();
    let threads = per_second(budget, || thread::spawn(|| ()).join());
    let bare = handshakes(budget, false)?;
    let whole = handshakes(budget, true)?;
    // One handshake, one after another: both sides' cryptography (the client
    // and the server each make a key pair, agree, derive; one seals, one
    // opens), the socket work, and the server's thread for the client.
    let parts = [
        ("X25519 key generation, both sides", 2.0 / keygen),
        ("X25519 agreement, both sides", 2.0 / agree),
        ("HKDF, both sides", 2.0 / hkdf),
        ("AES-256-GCM seal and open", 2.0 / seal_small),
        ("a thread started and ended", 1.0 / threads),
        ("loopback socket work", 1.0 / bare - 1.0 / threads),
    ];
    let total: f64 = parts.iter().map(|(_, time)| time).sum();
    println!(
        "{:<32} {:>12}/s   ceiling {:>12}/s",
        "Loopback handshakes, no crypto",
        count(bare),
        count(bare * cores as f64)
    );
    println!(
        "{:<32} {:>12}/s   ceiling {:>12}/s (the line above, one client)",
        "Protocol handshakes",
        count(whole),
        count(bare)
    );
    println!("\nWhere the time of one handshake goes (one client at a time):");
    for (what, time) in parts {
        println!(
            "  {what:<36} {:>7.1} µs  {:>3.0} %",
            time * 1e6,
            100.0 * time / total
        );
    }
    println!(
        "  {:<36} {:>7.1} µs; one handshake measured {:.1} µs",
        "sum of the parts",
        total * 1e6,
        1e6 / whole
    );
    Ok(())
}

/// How many times a second `work` runs: the best of five trials that share
/// `budget`, so that another program's moment on the processor counts less.
fn per_second<T>(budget: Duration, mut work: impl FnMut() -> T) -> f64 {
    per_second_of(budget, || (), |()| work())
}

/// How many times a second `work` runs on what `setup` made, not counting
/// the time of `setup`.
fn per_second_of<S, T>(
    budget: Duration,
    mut setup: impl FnMut() -> S,
    mut work: impl FnMut(S) -> T,
) -> f64 {
    let trial = budget / 5;
    let mut best: f64 = 0.0;
    for _ in 0..5 {
        let (mut runs, mut timed) = (0u64, Duration::ZERO);
        while timed < trial {
            let inputs: Vec<S> = (0..16).map(|_| setup()).collect();
            let started = Instant::now();
            for input in inputs {
                std::hint::black_box(work(input));
            }
            timed += started.elapsed();
            runs += 16;
        }
        best = best.max(runs as f64 / timed.as_secs_f64());
    }
    best
}

/// Handshakes per second over loopback, one client after another, each served
/// on a thread of its own as the server example does: the whole protocol if
/// `crypto`, else the same bytes with no cryptography.
fn handshakes(budget: Duration, crypto: bool) -> anyhow::Result<f64> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    let server = thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            thread::spawn(move || serve(stream, crypto));
        }
    });
    drop(server); // it ends with the program
    Ok(per_second(budget, || {
        let stream = TcpStream::connect(address).expect("connect");
        client(stream, crypto).expect("a benchmarked handshake");
    }))
}

fn serve(mut stream: TcpStream, crypto: bool) -> secure_messaging::Result<()> {
    if crypto {
        let key_pair = KeyPair::generate();
        let theirs = exchange_as_server(&mut stream, &key_pair.public_key())?;
        let secret = key_pair.diffie_hellman(&theirs)?;
        let salt = receive_salt(&mut stream)?;
        let key = derive_key(&secret, &salt);
        let (nonce, ciphertext) = receive_sealed(&mut stream)?;
        decrypt(&key, &nonce, &ciphertext)?;
    } else {
        let mut key = [0u8; 32];
        stream.read_exact(&mut key)?;
        stream.write_all(&key)?;
        receive_salt(&mut stream)?;
        receive_sealed(&mut stream)?;
    }
    Ok(())
}

fn client(mut stream: TcpStream, crypto: bool) -> secure_messaging::Result<()> {
    let envelope = if crypto {
        let key_pair = KeyPair::generate();
        let theirs = exchange_as_client(&mut stream, &key_pair.public_key())?;
        let secret = key_pair.diffie_hellman(&theirs)?;
        let salt = Salt::random();
        let key = derive_key(&secret, &salt);
        let nonce = Nonce::random();
        let ciphertext = encrypt(&key, &nonce, MESSAGE)?;
        Envelope {
            salt,
            nonce,
            ciphertext,
        }
    } else {
        let mut key = [9u8; 32];
        stream.write_all(&key)?;
        stream.read_exact(&mut key)?;
        Envelope {
            salt: Salt::from_bytes([1; 32]),
            nonce: Nonce::from_bytes([2; 12]),
            ciphertext: vec![3; MESSAGE.len() + 16],
        }
    };
    envelope.send(&mut stream)?;
    stream.shutdown(Shutdown::Write)?;
    stream.read_to_end(&mut Vec::new())?; // until the server closes
    Ok(())
}

fn count(rate: f64) -> String {
    let whole = rate.round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn bytes(size: usize) -> String {
    match size {
        65_536 => "64 KiB".into(),
        1024 => "1 KiB".into(),
        n => format!("{n} B"),
    }
}
