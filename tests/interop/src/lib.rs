//! Interoperability tests: the course's real `server` and `client` under
//! `--protocol nk`, talking to [snow](https://docs.rs/snow), an independent
//! implementation of the Noise Protocol Framework, with the wire contract of
//! the appendix *Wire format v2*: `Noise_NK_25519_AESGCM_SHA256`, prologue
//! `secure-messaging/v2`, empty handshake payloads, every message behind a
//! 2-byte big-endian length. The tests are in `tests/snow.rs`; they run the
//! binaries `cargo test` builds for the course's crate, so run them with
//! `cargo test` from the course's folder.
#![forbid(unsafe_code)]
