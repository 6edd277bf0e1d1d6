//! Property tests of every decoder a peer can reach, kept in a crate of their
//! own so that `proptest` is built for `cargo test` and never for a student's
//! first `cargo run --example server`. The tests are in `tests/decoders.rs`
//! (Part I) and `tests/noise.rs` (Part III, Noise).
#![forbid(unsafe_code)]
