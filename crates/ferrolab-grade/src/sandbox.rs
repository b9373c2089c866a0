//! Running learner code so that nothing it does can take the grader down.
//!
//! Each check hands its inputs to [`run_cases`], which calls the learner on a fresh
//! thread and waits at most a time limit:
//! - a panic becomes [`Verdict::Panicked`] (or [`Verdict::NotAttempted`] when it is
//!   the stub's `todo!()`), with the input and the `file:line` it happened at;
//! - an endless loop becomes [`Verdict::TimedOut`]. Rust cannot kill a thread, so the
//!   runaway thread is left behind, burning a core until the process (the notebook
//!   kernel, the test binary) ends; the verdict says so.
//!
//! Panics on grading threads are kept off stderr: in a notebook the card tells the
//! story, and a stray "panicked at" line would read as a crash of the cell itself.

use crate::verdict::Verdict;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Once};
use std::thread;
use std::time::{Duration, Instant};

/// The message `todo!()` panics with.
pub const TODO_MESSAGE: &str = "not yet implemented";

/// Learner code may recurse or build big arrays on the stack; give it room.
const STACK_BYTES: usize = 16 * 1024 * 1024;

thread_local! {
    /// Set on grading threads only.
    static GRADING: Cell<bool> = const { Cell::new(false) };
    /// Where the last panic on this grading thread happened.
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Route panics on grading threads to [`PANIC_LOCATION`] instead of stderr; every other
/// thread's panics still reach the hook that was installed before (ferrolab's friendly
/// hook in a kernel, the default one elsewhere).
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GRADING.with(Cell::get) {
                let location = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                PANIC_LOCATION.with(|slot| *slot.borrow_mut() = location);
            } else {
                previous(info);
            }
        }));
    });
}

/// The text of a panic payload, as a learner should read it ([`readable_message`]).
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string());
    readable_message(&message)
}

/// Where libtorch's C++ stack trace starts inside one of its error messages.
const LIBTORCH_TRACE: &str = "Exception raised from";

/// A panic message without libtorch's C++ stack trace: a tch error carries kilobytes of
/// `frame #N: …` lines after its one readable line, and `{:?}` of a `TchError` (what
/// `unwrap()` prints) spells those line breaks as `\n`, so a plain "first line" would
/// keep all of it. Other messages (an `assert_eq!`'s left/right lines) stay whole.
pub fn readable_message(message: &str) -> String {
    let Some(trace) = message.find(LIBTORCH_TRACE) else {
        return message.to_string();
    };
    let head = &message[..trace];
    let first_break = [head.find('\n'), head.find("\\n")]
        .into_iter()
        .flatten()
        .min();
    let line = head[..first_break.unwrap_or(head.len())].trim_end();
    // `Torch("…` opened by the Debug form: close it so the text still reads as one value.
    let close = if line.contains("(\"") && !line.ends_with("\")") {
        "\")"
    } else {
        ""
    };
    format!("{line}{close} (libtorch's C++ stack trace left out)")
}

/// What the grading thread sends back, one message per case.
enum Message<O> {
    Output(O),
    Crash {
        case: usize,
        message: String,
        location: Option<String>,
    },
}

/// The outputs of the cases that finished, in order, and why the rest did not run.
///
/// A check compares the outputs first: a wrong answer to an early input explains more
/// than the panic a later input caused.
#[derive(Debug)]
pub struct Run<O> {
    /// One output per finished case, in case order.
    pub outputs: Vec<O>,
    /// Set when a case panicked or time ran out; later cases did not run.
    pub failure: Option<Verdict>,
}

impl<O> Run<O> {
    /// All outputs, or the failure.
    pub fn into_result(self) -> Result<Vec<O>, Verdict> {
        match self.failure {
            Some(verdict) => Err(verdict),
            None => Ok(self.outputs),
        }
    }
}

/// Call `call` on every case, on a separate thread, within `limit` in total.
///
/// `describe` turns a case into the text shown in verdicts ("a = [1, 2], b = [3, 4]").
pub fn run_cases<C, O, F>(
    limit: Duration,
    cases: Vec<C>,
    describe: impl Fn(&C) -> String,
    mut call: F,
) -> Run<O>
where
    C: Send + 'static,
    O: Send + 'static,
    F: FnMut(&C) -> O + Send + 'static,
{
    install_quiet_hook();
    let descriptions: Vec<String> = cases.iter().map(describe).collect();
    let total = cases.len();
    let (sender, receiver) = mpsc::channel::<Message<O>>();
    let spawned = thread::Builder::new()
        .name("ferrolab-grade".to_string())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            GRADING.with(|g| g.set(true));
            for (case, input) in cases.iter().enumerate() {
                let message = match panic::catch_unwind(AssertUnwindSafe(|| call(input))) {
                    Ok(output) => Message::Output(output),
                    Err(payload) => Message::Crash {
                        case,
                        message: panic_message(payload.as_ref()),
                        location: PANIC_LOCATION.with(|slot| slot.borrow_mut().take()),
                    },
                };
                let crashed = matches!(message, Message::Crash { .. });
                // A closed channel means the grader gave up waiting (time ran out).
                if sender.send(message).is_err() || crashed {
                    return;
                }
            }
        });
    let mut run = Run {
        outputs: Vec::with_capacity(total),
        failure: None,
    };
    if let Err(error) = spawned {
        run.failure = Some(Verdict::CannotGrade {
            reason: format!("could not start a thread to run your code: {error}"),
        });
        return run;
    }
    let deadline = Instant::now() + limit;
    while run.outputs.len() < total {
        let wait = deadline.saturating_duration_since(Instant::now());
        match receiver.recv_timeout(wait) {
            Ok(Message::Output(output)) => run.outputs.push(output),
            Ok(Message::Crash { message, .. }) if message.starts_with(TODO_MESSAGE) => {
                run.failure = Some(Verdict::NotAttempted);
                break;
            }
            Ok(Message::Crash {
                case,
                message,
                location,
            }) => {
                run.failure = Some(Verdict::Panicked {
                    message,
                    location,
                    input: descriptions.get(case).cloned(),
                });
                break;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let input = descriptions.get(run.outputs.len()).cloned();
                run.failure = Some(Verdict::TimedOut { limit, input });
                break;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                run.failure = Some(Verdict::Panicked {
                    message: "the thread running your code stopped without an answer".to_string(),
                    location: None,
                    input: descriptions.get(run.outputs.len()).cloned(),
                });
                break;
            }
        }
    }
    run
}

/// Run one computation (training a model, say) under the same protection.
pub fn run_once<O, F>(limit: Duration, what: &str, call: F) -> Result<O, Verdict>
where
    O: Send + 'static,
    F: FnOnce() -> O + Send + 'static,
{
    let mut call = Some(call);
    let run = run_cases(
        limit,
        vec![()],
        |_| what.to_string(),
        move |_| call.take().map(|f| f()),
    );
    run.into_result()?
        .pop()
        .flatten()
        .ok_or_else(|| Verdict::Panicked {
            message: "the thread running your code returned nothing".to_string(),
            location: None,
            input: None,
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn double(x: &i32) -> i32 {
        x * 2
    }

    #[test]
    fn outputs_come_back_in_order() {
        let out = run_cases(
            Duration::from_secs(5),
            vec![1, 2, 3],
            |c| c.to_string(),
            double,
        )
        .into_result()
        .unwrap();
        assert_eq!(out, [2, 4, 6]);
    }

    #[test]
    fn todo_is_not_attempted() {
        let run = run_cases(
            Duration::from_secs(5),
            vec![1],
            |c| c.to_string(),
            |_: &i32| -> i32 { todo!() },
        );
        assert_eq!(run.into_result(), Err(Verdict::NotAttempted));
    }

    #[test]
    fn a_panic_names_its_input_and_line() {
        let run = run_cases(
            Duration::from_secs(5),
            vec![1, 0],
            |c| format!("x = {c}"),
            |x: &i32| 10 / x,
        );
        assert_eq!(
            run.outputs,
            [10],
            "the cases before the panic keep their outputs"
        );
        let Some(Verdict::Panicked {
            message,
            location,
            input,
        }) = run.failure
        else {
            panic!("{:?}", run.failure)
        };
        assert!(message.contains("divide by zero"), "{message}");
        assert_eq!(input.as_deref(), Some("x = 0"));
        assert!(location.is_some_and(|l| l.contains("sandbox.rs")));
    }

    #[test]
    fn an_endless_loop_times_out_and_names_its_input() {
        // This loop sleeps rather than spins, so the abandoned thread does not steal a
        // core from the rest of the test run; a spinning loop times out the same way.
        let run = run_cases(
            Duration::from_millis(200),
            vec![1, 2],
            |c| format!("n = {c}"),
            |n: &i32| loop {
                if *n != 2 {
                    break *n;
                }
                thread::sleep(Duration::from_millis(50));
            },
        );
        assert_eq!(run.outputs, [1]);
        assert_eq!(
            run.failure,
            Some(Verdict::TimedOut {
                limit: Duration::from_millis(200),
                input: Some("n = 2".into())
            })
        );
    }

    #[test]
    fn libtorch_errors_keep_only_their_first_line() {
        let escaped = "called `Result::unwrap()` on an `Err` value: Torch(\"mat1 and mat2 shapes \
                       cannot be multiplied (2x3 and 4x5)\\nException raised from meta at \
                       aten/src/ATen/native/LinearAlgebra.cpp:192\\nframe #0: c10::Error\")";
        assert_eq!(
            readable_message(escaped),
            "called `Result::unwrap()` on an `Err` value: Torch(\"mat1 and mat2 shapes cannot \
             be multiplied (2x3 and 4x5)\") (libtorch's C++ stack trace left out)"
        );
        let real = "The size of tensor a (3) must match the size of tensor b (4)\n\
                    Exception raised from infer_size_impl\nframe #0: c10::Error";
        assert_eq!(
            readable_message(real),
            "The size of tensor a (3) must match the size of tensor b (4) \
             (libtorch's C++ stack trace left out)"
        );
        let assertion = "assertion `left == right` failed\n  left: 2\n right: 3";
        assert_eq!(readable_message(assertion), assertion);
    }

    #[test]
    fn run_once_returns_the_value() {
        assert_eq!(run_once(Duration::from_secs(5), "training", || 7), Ok(7));
        assert_eq!(
            run_once(Duration::from_secs(5), "training", || -> i32 {
                todo!("later")
            }),
            Err(Verdict::NotAttempted)
        );
    }
}
