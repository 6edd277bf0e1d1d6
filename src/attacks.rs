//! Part II, *Breaking the demo protocol*: one module per attack chapter.
//!
//! Each module holds what its attack needs, and the weakened variants it is
//! shown against, named as such (`NoContributoryCheck`, ...). Nothing here
//! weakens the Part I modules: the real server and client refuse every
//! attack these variants fall for, except the man in the middle.
//!
//! | chapter | module |
//! | --- | --- |
//! | Low-order keys | [`low_order_keys`] |
//! | The man in the middle | [`man_in_the_middle`] |

pub mod low_order_keys;
pub mod man_in_the_middle;
