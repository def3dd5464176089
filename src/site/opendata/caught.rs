//! A failed write that a dependency reports by panicking, caught and returned as the error it
//! is.
//!
//! rust_xlsxwriter's low-memory mode writes each row of a figures sheet to a temporary file
//! as it goes, and panics when that write fails (`expect("Couldn't write to xml file")`): a
//! full disk under the temporary folder would stop the build as a bug of minhbach, with a
//! backtrace. [`write_failure`] runs the workbook's writer so that this one panic becomes an
//! [`std::io::Error`] (the operating system's own error, rebuilt from the panic's message),
//! and prints nothing. Any other panic is a bug: it is printed and goes on as before.

use std::cell::Cell;
use std::io;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

thread_local! {
    /// The start of the panic message [`write_failure`] expects on this thread, while it runs.
    static EXPECTED: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// Whether a panic with `message` is the one this thread expects.
fn expected(message: &str) -> bool {
    EXPECTED.with(|e| e.get().is_some_and(|start| message.starts_with(start)))
}

/// The panic hook, set once: the hook that was there before (the standard one, which prints
/// the panic), except for the panic a [`write_failure`] on the same thread expects.
fn quiet_when_expected() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let message = payload_text(info.payload()).unwrap_or_default();
            if !expected(message) {
                before(info);
            }
        }));
    });
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
}

/// Run `f`; a panic inside it whose message starts with `start` (a failed write the
/// dependency did not return) comes back as `Err`, its operating system's error when the
/// message names one. Every other panic goes on.
pub fn write_failure<T>(start: &'static str, f: impl FnOnce() -> T) -> Result<T, io::Error> {
    quiet_when_expected();
    let outer = EXPECTED.with(|e| e.replace(Some(start)));
    let result = catch_unwind(AssertUnwindSafe(f));
    EXPECTED.with(|e| e.set(outer));
    result.map_err(|payload| {
        match payload_text(payload.as_ref()).filter(|m| m.starts_with(start)) {
            Some(message) => os_error(message),
            None => resume_unwind(payload),
        }
    })
}

/// The error a panic's message shows with `{:?}`: `Os { code: 28, kind: StorageFull, … }`
/// is the operating system's error 28 again (its own wording: "No space left on device");
/// any other message is kept as it is.
fn os_error(message: &str) -> io::Error {
    let code = message
        .split_once("Os { code: ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse::<i32>().ok());
    match code {
        Some(code) => io::Error::from_raw_os_error(code),
        None => io::Error::other(message.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::panic)]
    use super::*;

    const START: &str = "Couldn't write to xml file";

    #[test]
    fn the_expected_panic_is_the_operating_system_s_error() {
        let e = write_failure(START, || -> u8 {
            // As rust_xlsxwriter does: `expect` on the write's result.
            let write: Result<u8, io::Error> = Err(io::Error::from_raw_os_error(28));
            std::hint::black_box(write).expect(START)
        })
        .err()
        .map(|e| (e.raw_os_error(), e.kind()));
        assert_eq!(e, Some((Some(28), io::ErrorKind::StorageFull)));
    }

    #[test]
    fn a_message_without_an_os_error_is_kept() {
        let e = write_failure(START, || -> u8 { panic!("{START}: broken pipe") });
        assert_eq!(
            e.err().map(|e| e.to_string()),
            Some(format!("{START}: broken pipe"))
        );
    }

    #[test]
    fn any_other_panic_goes_on() {
        let outer = catch_unwind(|| write_failure(START, || -> u8 { panic!("a bug") }));
        let message = outer
            .err()
            .and_then(|p| payload_text(p.as_ref()).map(str::to_string));
        assert_eq!(message.as_deref(), Some("a bug"));
    }

    #[test]
    fn no_panic_no_error() {
        assert_eq!(write_failure(START, || 7).ok(), Some(7));
    }
}
