//! Chapter 2, *Key exchange*: `cargo run --example key_exchange`.
//!
//! A server thread and a client swap public keys over a real TCP connection on
//! this machine, and each shows what it sent and what it received.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::key_exchange::{exchange_as_client, exchange_as_server};
use secure_messaging::key_generation::{KeyPair, PublicKey};

const USAGE: &str = "\
Usage: cargo run --example key_exchange [-- --full-hex]

A server thread and a client swap public keys over a real TCP connection on
this machine, and each shows what it sent and what it received.
";

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };

    let (address, [client_sent, client_got], [server_sent, server_got]) =
        swap_over_tcp()?;
    print!(
        "{}{}",
        narrator
            .step("Key Exchange")
            .tag("client")
            .line(format_args!("Connected to the server at {address}"))
            .value("Sent client public key", client_sent.as_bytes())
            .value("Received server public key", client_got.as_bytes()),
        narrator
            .step("Key Exchange")
            .tag("server")
            .value("Received client public key", server_got.as_bytes())
            .value("Sent server public key", server_sent.as_bytes())
    );
    Ok(())
}

/// Where the server listened, then the keys the client and the server each
/// sent and received, in that order.
type Swap = (SocketAddr, [PublicKey; 2], [PublicKey; 2]);

// ANCHOR: main
/// A server thread and a client swap public keys over TCP on this machine.
fn swap_over_tcp() -> secure_messaging::Result<Swap> {
    let listener = TcpListener::bind("127.0.0.1:0")?; // 0: any free port
    let address = listener.local_addr()?;
    let server = thread::spawn(move || -> secure_messaging::Result<_> {
        let (mut stream, _) = listener.accept()?;
        let ours = KeyPair::generate().public_key();
        let theirs = exchange_as_server(&mut stream, &ours)?;
        Ok((ours, theirs))
    });

    let mut stream = TcpStream::connect(address)?;
    let ours = KeyPair::generate().public_key();
    let theirs = exchange_as_client(&mut stream, &ours)?;
    let (server_sent, server_got) = server.join().expect("server thread")?;
    Ok((address, [ours, theirs], [server_sent, server_got]))
}
// ANCHOR_END: main
