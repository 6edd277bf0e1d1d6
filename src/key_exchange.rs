//! Chapter 2, *Key exchange*: the two sides swap public keys over the network.
//!
//! The client speaks first: it sends its 32-byte public key, then reads the
//! server's. The server does the same in the opposite order. Anyone on the path
//! sees both keys; that is fine, they are public.

use std::io::{Read, Write};

use crate::Result;
use crate::key_generation::{PUBLIC_KEY_LEN, PublicKey};
use crate::wire::read_field;

// ANCHOR: client
/// The client's side: send our public key, then receive the server's.
pub fn exchange_as_client<S: Read + Write>(
    stream: &mut S,
    ours: &PublicKey,
) -> Result<PublicKey> {
    stream.write_all(ours.as_bytes())?;
    stream.flush()?;
    receive_public_key(stream, "the server's public key")
}
// ANCHOR_END: client

// ANCHOR: server
/// The server's side: receive the client's public key, then send ours.
pub fn exchange_as_server<S: Read + Write>(
    stream: &mut S,
    ours: &PublicKey,
) -> Result<PublicKey> {
    let theirs = receive_public_key(stream, "the client's public key")?;
    stream.write_all(ours.as_bytes())?;
    stream.flush()?;
    Ok(theirs)
}
// ANCHOR_END: server

// ANCHOR: receive
/// Reads the peer's 32-byte public key; `what` names it in an error.
pub fn receive_public_key(
    stream: &mut impl Read,
    what: &'static str,
) -> Result<PublicKey> {
    let mut bytes = [0u8; PUBLIC_KEY_LEN];
    read_field(stream, &mut bytes, what)?;
    Ok(PublicKey::from(bytes))
}
// ANCHOR_END: receive

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{TcpListener, TcpStream};

    #[test]
    fn client_and_server_each_end_up_with_the_others_key() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let server_key = PublicKey::from([9u8; 32]);
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            exchange_as_server(&mut stream, &server_key).unwrap()
        });
        let client_key = PublicKey::from([5u8; 32]);
        let mut stream = TcpStream::connect(address).unwrap();
        assert_eq!(
            exchange_as_client(&mut stream, &client_key).unwrap(),
            server_key
        );
        assert_eq!(server.join().unwrap(), client_key);
    }
}
