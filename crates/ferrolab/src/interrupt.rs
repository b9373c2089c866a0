//! Jupyter's ■ for long loops: stop the cell, keep the session.
//!
//! On ■ ferrolab's kernel (kernel/evcxr/ferrolab.patch) first sends SIGINT to the process
//! that runs the cells, and only if the cell is still running 2 s later stops it by force,
//! which loses every variable. This module turns that SIGINT into a flag: `Progress`,
//! `LiveChart` and [`check`] look at it on every step (one atomic load) and end the cell
//! with a readable panic, so a training loop stops within a step and the notebook keeps
//! its variables. A loop that never looks (`loop {}`) is stopped by force.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// Set by SIGINT, cleared when a loop reacts to it.
fn flag() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| Arc::new(AtomicBool::new(false)))
}

/// Catch SIGINT in the kernel's runner process (elsewhere Ctrl-C keeps its usual
/// meaning). Called by the kernel's start-up code and `ferrolab::init()`; later calls
/// do nothing.
pub fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if !crate::display::live::in_kernel() {
        return;
    }
    ONCE.call_once(|| {
        // Without the handler, ■ still works: by force, as before.
        let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(flag()));
    });
}

/// Whether ■ was pressed since a loop last reacted; reading it clears it.
pub fn interrupted() -> bool {
    flag().swap(false, Ordering::SeqCst)
}

/// End the cell if ■ was pressed: call it once per step of a long loop of your own.
pub fn check() {
    check_flag(flag());
}

fn check_flag(flag: &AtomicBool) {
    if flag.load(Ordering::Relaxed) && flag.swap(false, Ordering::SeqCst) {
        panic!(
            "interrupted (■): the cell stopped at your request; the notebook's variables are kept"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_interrupt_ends_the_loop_once() {
        // A flag of its own: the global one is shared with every test of the crate.
        let pending = AtomicBool::new(true);
        let stopped = std::panic::catch_unwind(|| check_flag(&pending));
        assert!(stopped.is_err());
        assert!(!pending.load(Ordering::SeqCst), "reacting clears it");
        check_flag(&pending);
    }
}
