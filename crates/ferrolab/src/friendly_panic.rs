//! Short, readable panic messages for notebook cells.
//!
//! evcxr forces `RUST_BACKTRACE=1`, so a failed `assert!` in a cell prints a long
//! backtrace into generated code. The hook below prints the message and the
//! learner's line instead, under a marker line that the notebook tests look for
//! (a panicking cell otherwise still reports success to Jupyter).

use std::panic::{self, PanicHookInfo};
use std::sync::Once;

/// The first line of every panic report; tests search output for it.
pub const MARKER: &str = "ferrolab: this cell panicked";

/// Install the hook once; later calls do nothing.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| panic::set_hook(Box::new(report)));
}

fn report(info: &PanicHookInfo<'_>) {
    eprintln!("{}", describe(info));
    if crate::display::live::in_kernel() {
        // For ferrolab's kernel (kernel/evcxr/ferrolab.patch): the line it puts in the
        // cell's `error` reply when the panic ends the cell. Not shown to the learner.
        let message = ferrolab_grade::sandbox::panic_message(info.payload());
        println!("{PANIC_LINE}{}", message.lines().next().unwrap_or(""));
    }
}

/// The prefix of the line the kernel reads a panic's message from.
pub const PANIC_LINE: &str = "EVCXR_FERROLAB_PANIC ";

/// The text printed for one panic.
pub fn describe(info: &PanicHookInfo<'_>) -> String {
    // libtorch's C++ frames left out: the learner reads one line, then our hint.
    let message = ferrolab_grade::sandbox::panic_message(info.payload());
    let place = info
        .location()
        .map(|l| {
            if l.file().contains("evcxr") || l.file().starts_with("src/lib.rs") {
                // evcxr's generated crate: its line numbers mean nothing to the learner.
                String::new()
            } else {
                format!("{}:{}", l.file(), l.line())
            }
        })
        .unwrap_or_default();
    let advice = advice_for(&message);
    let mut text = format!("{MARKER}: {message}");
    if !place.is_empty() {
        text.push_str(&format!("\n  at {place}"));
    }
    if let Some(advice) = advice {
        text.push_str(&format!("\n  hint: {advice}"));
    }
    text
}

/// A hint for common panics in lessons.
pub fn advice_for(message: &str) -> Option<&'static str> {
    if message.contains("not yet implemented") {
        Some("replace todo!() with your code")
    } else if message.contains("index out of bounds") {
        Some("an index is past the end; check lengths with .len() or .shape()")
    } else if message.contains("shape mismatch")
        || message.contains("size of tensor")
        || message.contains("shapes cannot be multiplied")
    {
        Some("print the shapes of both operands (.shape() / .size()) and check they line up")
    } else if message.contains("called `Result::unwrap()` on an `Err` value") {
        Some("an operation returned an error; use ? or match on it to see what went wrong")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_panics_get_advice() {
        assert_eq!(
            advice_for("not yet implemented: dot product"),
            Some("replace todo!() with your code")
        );
        assert!(advice_for("index out of bounds: the len is 3 but the index is 5").is_some());
        assert!(advice_for("something else").is_none());
    }
}
