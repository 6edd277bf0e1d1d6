//! The command lines of the example programs, read without a parsing crate:
//! `--name value`, `--name=value` and bare flags such as `--once`.
//!
//! ```
//! use secure_messaging::cli::Args;
//!
//! let mut args = Args::new(["--port", "4000", "--once"].map(String::from));
//! assert!(args.flag("--once"));
//! assert_eq!(args.value::<u16>("--port")?, Some(4000));
//! args.finish()?;
//! # Ok::<(), secure_messaging::cli::UsageError>(())
//! ```

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use crate::narration::Narrator;

/// What a program speaks on the wire, chosen with `--protocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Part I's demo protocol, wire format v1: the default.
    V1,
    /// Part III's Noise NK, wire format v2.
    NoiseNk,
}

/// The arguments not yet taken.
#[derive(Debug)]
pub struct Args {
    rest: Vec<String>,
}

impl Args {
    /// This program's arguments, without its name.
    pub fn from_env() -> Self {
        Args::new(std::env::args().skip(1))
    }

    /// Arguments given as a list, for tests.
    pub fn new(args: impl IntoIterator<Item = String>) -> Self {
        Args {
            rest: args.into_iter().collect(),
        }
    }

    /// Takes the flag `name` (such as `--once`): true if it was given.
    pub fn flag(&mut self, name: &str) -> bool {
        let before = self.rest.len();
        self.rest.retain(|arg| arg != name);
        self.rest.len() != before
    }

    /// Takes the option `name` and parses its value, if it was given.
    pub fn value<T>(&mut self, name: &str) -> Result<Option<T>, UsageError>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        let prefix = format!("{name}=");
        let Some(at) = self
            .rest
            .iter()
            .position(|arg| arg == name || arg.starts_with(&prefix))
        else {
            return Ok(None);
        };
        let arg = self.rest.remove(at);
        let text = match arg.strip_prefix(&prefix) {
            Some(text) => text.to_owned(),
            None if at < self.rest.len() => self.rest.remove(at),
            None => return Err(UsageError(format!("{name} needs a value"))),
        };
        text.parse().map(Some).map_err(|err| {
            UsageError(format!("invalid value '{text}' for {name}: {err}"))
        })
    }

    /// Takes the option `name`, which must lie within `range`, if it was
    /// given: `--timeout 99999999999` is refused here, with one line that
    /// says what is allowed, rather than failing later.
    pub fn value_within<T>(
        &mut self,
        name: &str,
        range: RangeInclusive<T>,
    ) -> Result<Option<T>, UsageError>
    where
        T: FromStr + PartialOrd + fmt::Display,
        T::Err: fmt::Display,
    {
        match self.value::<T>(name)? {
            Some(value) if !range.contains(&value) => Err(UsageError(format!(
                "{name} must be from {} to {}, not {value}",
                range.start(),
                range.end()
            ))),
            value => Ok(value),
        }
    }

    /// Takes `--protocol`: `v1`, Part I's demo (also when it is not given),
    /// or `nk`, Part III's Noise NK.
    pub fn protocol(&mut self) -> Result<Protocol, UsageError> {
        match self.value::<String>("--protocol")?.as_deref() {
            None | Some("v1") => Ok(Protocol::V1),
            Some("nk") => Ok(Protocol::NoiseNk),
            Some(other) => Err(UsageError(format!(
                "--protocol {other}: the protocols are v1 (Part I) and nk \
                 (Part III)"
            ))),
        }
    }

    /// Fails if any argument was not taken: a typo should not pass unnoticed.
    pub fn finish(self) -> Result<(), UsageError> {
        match self.rest.first() {
            None => Ok(()),
            Some(arg) => {
                Err(UsageError(format!("unexpected argument '{arg}'")))
            }
        }
    }
}

/// Reads the command line of a chapter example: `--full-hex`, or `--help`, for
/// which it returns `None` so that the example prints its usage instead.
pub fn chapter_options() -> Result<Option<Narrator>, UsageError> {
    chapter_options_from(Args::from_env())
}

fn chapter_options_from(
    mut args: Args,
) -> Result<Option<Narrator>, UsageError> {
    if args.flag("--help") || args.flag("-h") {
        return Ok(None);
    }
    let narrator = Narrator::new(args.flag("--full-hex"));
    args.finish()?;
    Ok(Some(narrator))
}

/// A command line the program does not understand.
#[derive(Debug)]
pub struct UsageError(String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (run with --help to see the options)", self.0)
    }
}

impl std::error::Error for UsageError {}

/// What an example's `main` returns on failure: Rust prints it as one line,
/// `Error: ` and the whole chain of causes, and exits with status 1.
pub struct Failure(anyhow::Error);

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(err: E) -> Self {
        Failure(err.into())
    }
}

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Args {
        Args::new(list.iter().map(|s| s.to_string()))
    }

    #[test]
    fn the_protocol_is_v1_unless_nk_is_asked_for() {
        assert_eq!(args(&[]).protocol().unwrap(), Protocol::V1);
        assert_eq!(
            args(&["--protocol", "v1"]).protocol().unwrap(),
            Protocol::V1
        );
        assert_eq!(
            args(&["--protocol", "nk"]).protocol().unwrap(),
            Protocol::NoiseNk
        );
        let err = args(&["--protocol", "tls"]).protocol().unwrap_err();
        assert!(
            err.to_string().starts_with(
                "--protocol tls: the protocols are v1 (Part I) and nk (Part III)"
            ),
            "{err}"
        );
    }

    #[test]
    fn both_spellings_of_a_value_work() {
        assert_eq!(
            args(&["--port", "7"]).value::<u16>("--port").unwrap(),
            Some(7)
        );
        assert_eq!(
            args(&["--port=7"]).value::<u16>("--port").unwrap(),
            Some(7)
        );
        assert_eq!(args(&[]).value::<u16>("--port").unwrap(), None);
    }

    #[test]
    fn mistakes_get_one_line_that_says_what_to_do() {
        let err = args(&["--port", "x"]).value::<u16>("--port").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid value 'x' for --port: invalid digit found in string \
             (run with --help to see the options)"
        );
        assert!(args(&["--port"]).value::<u16>("--port").is_err());
        assert!(args(&["--prot", "1"]).finish().is_err());
    }

    #[test]
    fn a_value_out_of_range_says_what_is_allowed() {
        let err = args(&["--timeout", "18446744073709551615"])
            .value_within::<u64>("--timeout", 1..=86_400)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "--timeout must be from 1 to 86400, not 18446744073709551615 \
             (run with --help to see the options)"
        );
        let mut ok = args(&["--timeout", "86400"]);
        assert_eq!(
            ok.value_within::<u64>("--timeout", 1..=86_400).unwrap(),
            Some(86_400)
        );
        assert!(
            args(&["--timeout", "0"])
                .value_within::<u64>("--timeout", 1..=86_400)
                .is_err()
        );
    }

    #[test]
    fn a_chapter_example_takes_full_hex_and_help_and_nothing_else() {
        let hex =
            |narrator: Option<Narrator>| narrator.map(|n| n.hex(&[1, 2, 3]));
        assert_eq!(
            hex(chapter_options_from(args(&[])).unwrap()).unwrap(),
            "01...03"
        );
        let full = chapter_options_from(args(&["--full-hex"])).unwrap();
        assert_eq!(hex(full).unwrap(), "010203");
        assert!(chapter_options_from(args(&["--help"])).unwrap().is_none());
        assert!(chapter_options_from(args(&["--ful-hex"])).is_err());
    }

    #[test]
    fn a_failure_prints_its_causes_on_one_line() {
        let failure = Failure::from(anyhow::anyhow!("inner").context("outer"));
        assert_eq!(format!("{failure:?}"), "outer: inner");
    }
}
