//! The story the example programs tell: one block of lines per protocol step.
//!
//! This module only builds text; the examples print it. A [`Step`] renders as a
//! whole block so that a program serving many clients at once can print each
//! block in one piece, never interleaved with another client's.
//!
//! ```
//! use secure_messaging::narration::Narrator;
//!
//! let step = Narrator::default()
//!     .step("Key Generation")
//!     .value("Public key", &[0x7f, 0x00, 0xe2]);
//! assert_eq!(step.to_string(), "--- Key Generation ---\nPublic key (3 bytes): 7f...e2\n\n");
//! ```

use std::fmt;

/// A value's first and last byte in hex, such as `7f...e2`: enough to compare
/// two terminals by eye. Values of two bytes or fewer are shown whole.
pub fn short_hex(bytes: &[u8]) -> String {
    match bytes {
        [first, .., last] if bytes.len() > 2 => {
            format!("{first:02x}...{last:02x}")
        }
        _ => hex::encode(bytes),
    }
}

/// Tells the steps; shows values in short hex unless asked for full hex.
#[derive(Debug, Clone, Copy, Default)]
pub struct Narrator {
    full_hex: bool,
}

impl Narrator {
    /// A narrator that shows values whole (`full_hex`) or in short hex.
    pub fn new(full_hex: bool) -> Self {
        Narrator { full_hex }
    }

    /// A value in hex, whole or short as this narrator was asked.
    pub fn hex(&self, bytes: &[u8]) -> String {
        if self.full_hex {
            hex::encode(bytes)
        } else {
            short_hex(bytes)
        }
    }

    /// Starts the block of a step, headed `--- title ---`.
    pub fn step(&self, title: &str) -> Step {
        Step {
            narrator: *self,
            title: title.to_owned(),
            tag: None,
            lines: Vec::new(),
        }
    }
}

/// One step's block of narration. Its [`Display`](fmt::Display) is the block,
/// heading and lines, with a blank line after it.
#[derive(Debug, Clone)]
#[must_use = "a step is only text until it is printed"]
pub struct Step {
    narrator: Narrator,
    title: String,
    tag: Option<String>,
    lines: Vec<String>,
}

impl Step {
    /// Marks every line of the block with whom it is about, `[client 3] ...`,
    /// when a server tells several stories at once.
    pub fn tag(mut self, tag: impl fmt::Display) -> Self {
        self.tag = Some(tag.to_string());
        self
    }

    /// Adds a line of text.
    pub fn line(mut self, text: impl fmt::Display) -> Self {
        self.lines.push(text.to_string());
        self
    }

    /// Adds a labelled value with its length: `Salt (32 bytes): 7f...e2`.
    pub fn value(self, label: &str, bytes: &[u8]) -> Self {
        let hex = self.narrator.hex(bytes);
        self.line(format_args!("{label} ({} bytes): {hex}", bytes.len()))
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "--- {} ---", self.title)?;
        for line in &self.lines {
            match &self.tag {
                Some(tag) => writeln!(f, "[{tag}] {line}")?,
                None => writeln!(f, "{line}")?,
            }
        }
        writeln!(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_hex_keeps_the_ends() {
        assert_eq!(short_hex(&[0x7f, 1, 2, 3, 0xe2]), "7f...e2");
        assert_eq!(short_hex(&[0xab, 0xcd]), "abcd");
        assert_eq!(short_hex(&[]), "");
    }

    #[test]
    fn full_hex_shows_everything() {
        assert_eq!(Narrator::new(true).hex(&[0x7f, 1, 0xe2]), "7f01e2");
    }

    #[test]
    fn a_tagged_step_names_its_client_on_every_line() {
        let step = Narrator::default()
            .step("Shared Secret")
            .tag("client 2")
            .line("one")
            .line("two");
        assert_eq!(
            step.to_string(),
            "--- Shared Secret ---\n[client 2] one\n[client 2] two\n\n"
        );
    }
}
