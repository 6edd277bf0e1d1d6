//! Part II, *Breaking the demo protocol*: one attack per chapter, each a
//! module named after its chapter.
//!
//! | chapter | module | what it breaks |
//! | --- | --- | --- |
//! | Nonce reuse | [`nonce_reuse`] | two messages under one key and nonce: read one, forge a tag |
//!
//! Each attack works against a weakened variant that its module names as
//! such, and fails against the crate's real protocol; nothing here changes
//! the Part I server or client.

pub mod nonce_reuse;
