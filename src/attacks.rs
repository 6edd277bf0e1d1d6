//! Part II, *Breaking the demo protocol*: each chapter's attack, run for real.
//!
//! One module per chapter of Part II. Each one attacks the Part I crate, or a
//! weakened variant that it names as such (`UntaggedCtr`, ...) and that lives
//! only here: nothing in these modules changes the Part I server or client.
//!
//! | chapter | module | the attack |
//! | --- | --- | --- |
//! | *Tampering* | [`tampering`] | flip ciphertext bits in flight |

pub mod tampering;
