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

/// A hint for common panics in lessons: what was expected, what came, what to change.
pub fn advice_for(message: &str) -> Option<String> {
    let fixed = |text: &str| Some(text.to_string());
    if message.contains("not yet implemented") {
        fixed("replace todo!() with your code")
    } else if message.contains("index out of bounds") {
        fixed("an index is past the end; check lengths with .len() or .shape()")
    } else if let Some(advice) = layer_size_advice(message) {
        Some(advice)
    } else if message.contains("same dtype") || message.contains("expected scalar type Float") {
        fixed(
            "the tensors have different kinds: networks compute in f32 (Kind::Float), and an f64 \
               ndarray becomes a Double tensor; convert the input with .to_kind(Kind::Float)",
        )
    } else if message.contains("expected scalar type Long") {
        fixed(
            "class labels must be integers (Kind::Int64) for cross-entropy; convert them with \
               .to_kind(Kind::Int64)",
        )
    } else if message.contains("shape mismatch")
        || message.contains("size of tensor")
        || message.contains("shapes cannot be multiplied")
    {
        fixed("print the shapes of both operands (.shape() / .size()) and check they line up")
    } else if message.contains("called `Result::unwrap()` on an `Err` value") {
        fixed("an operation returned an error; use ? or match on it to see what went wrong")
    } else {
        None
    }
}

/// libtorch's "mat1 and mat2 shapes cannot be multiplied (2x784 and 400x10)": a linear
/// layer got rows of 784 numbers but was built for 400.
fn layer_size_advice(message: &str) -> Option<String> {
    let rest = message.split("shapes cannot be multiplied (").nth(1)?;
    let inside = rest.split(')').next()?;
    let (input, weight) = inside.split_once(" and ")?;
    let got = input.split('x').next_back()?;
    let expected = weight.split('x').next()?;
    Some(format!(
        "the product wants rows of {expected} numbers (a Linear layer built for {expected} inputs) \
         but got rows of {got}: make the layer's input size match what arrives (after \
         convolutions, channels × height × width of the last feature map); print .size() to see"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_panics_get_advice() {
        assert_eq!(
            advice_for("not yet implemented: dot product").as_deref(),
            Some("replace todo!() with your code")
        );
        assert!(advice_for("index out of bounds: the len is 3 but the index is 5").is_some());
        assert!(advice_for("something else").is_none());
    }

    #[test]
    fn libtorch_errors_in_a_model_say_what_was_expected_and_what_came() {
        let shapes = "Torch(\"mat1 and mat2 shapes cannot be multiplied (2x784 and 400x10)\")";
        let advice = advice_for(shapes).unwrap_or_default();
        assert!(
            advice.starts_with("the product wants rows of 400 numbers"),
            "{advice}"
        );
        assert!(advice.contains("but got rows of 784"), "{advice}");
        let kinds = "Torch(\"mat1 and mat2 must have the same dtype, but got Double and Float\")";
        assert!(advice_for(kinds)
            .unwrap_or_default()
            .contains(".to_kind(Kind::Float)"));
        let labels = "Torch(\"expected scalar type Long but found Float\")";
        assert!(advice_for(labels)
            .unwrap_or_default()
            .contains("Kind::Int64"));
    }
}
