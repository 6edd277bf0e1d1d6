//! Property tests of every decoder a peer can reach, kept in a crate of their
//! own so that `proptest` is built for `cargo test` and never for a student's
//! first `cargo run --example server`. The tests are in `tests/`: Part I's
//! wire format in `decoders.rs`, Part III's Noise messages in `noise.rs`.
//! This library holds what both use: a peer that sends bytes a few at a time,
//! and the changes a hostile peer or a bad network makes to them.
#![forbid(unsafe_code)]

use std::io::{self, Read, Write};

/// A peer that sends `bytes` and then closes, and remembers the largest
/// buffer the receiver offered it: the receiver's largest allocation for
/// what the peer sends. What the receiver writes back is kept in `sent`.
pub struct Peer {
    bytes: Vec<u8>,
    at: usize,
    /// The largest buffer a read offered, in bytes.
    pub largest_buffer: usize,
    /// Everything the receiver wrote to the peer.
    pub sent: Vec<u8>,
}

impl Peer {
    /// A peer that will send `bytes`.
    pub fn new(bytes: Vec<u8>) -> Self {
        Peer {
            bytes,
            at: 0,
            largest_buffer: 0,
            sent: Vec::new(),
        }
    }
}

impl Read for Peer {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.largest_buffer = self.largest_buffer.max(buf.len());
        // Dribble: at most 7 bytes per read, as a slow network would.
        let n = buf.len().min(self.bytes.len() - self.at).min(7);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

impl Write for Peer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.sent.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// One change a hostile peer or a bad network makes to the bytes.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// Flip one bit, at a position taken modulo the length.
    FlipBit(usize, u8),
    /// Cut the bytes at a position taken modulo the length plus one.
    Cut(usize),
    /// Add bytes at the end.
    Append(Vec<u8>),
    /// Rewrite wire format v1's length field (bytes 44 to 48), if present.
    Length(u32),
    /// Insert one byte, at a position taken modulo the length plus one.
    Insert(usize, u8),
}

/// `bytes` with every one of `mutations` made, in order.
pub fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        match mutation {
            Mutation::FlipBit(at, bit) if !bytes.is_empty() => {
                let at = at % bytes.len();
                bytes[at] ^= 1 << (bit % 8);
            }
            Mutation::FlipBit(..) => {}
            Mutation::Cut(at) => bytes.truncate(at % (bytes.len() + 1)),
            Mutation::Append(more) => bytes.extend_from_slice(more),
            Mutation::Length(len) if bytes.len() >= 48 => {
                bytes[44..48].copy_from_slice(&len.to_be_bytes());
            }
            Mutation::Length(_) => {}
            Mutation::Insert(at, byte) => {
                bytes.insert(at % (bytes.len() + 1), *byte);
            }
        }
    }
    bytes
}
