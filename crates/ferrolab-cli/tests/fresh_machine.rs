//! What a new machine meets: cargo's cache holds none of the course's crates.
//!
//! The kernels build offline, so setup must download every crate they compile. This test
//! starts from an empty `CARGO_HOME` and runs the real binary: before setup's download
//! step the kernels' graphs cannot resolve (the failure learners met), after it every
//! flavour resolves offline at exactly the versions of the workspace's Cargo.lock.
//! It needs the crate registry (as setup does) and takes about a minute.

use std::process::Command;

fn ferrolab(cargo_home: &std::path::Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ferrolab"))
        .args(args)
        .env("CARGO_HOME", cargo_home)
        .output()
        .expect("running the ferrolab binary");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn kernels_resolve_offline_from_an_empty_cargo_cache_after_setups_download() {
    let home = tempfile::tempdir().expect("an empty CARGO_HOME");

    let (ok, before) = ferrolab(home.path(), &["dev", "kernel-crates"]);
    assert!(
        !ok,
        "with nothing downloaded the kernels cannot resolve offline, yet the check passed:\n{before}"
    );
    assert!(
        before.contains("--offline") || before.contains("failed to download"),
        "the failure must say that crates are missing offline:\n{before}"
    );
    assert!(
        before.contains("./ferrolab setup"),
        "the failure must say what to do:\n{before}"
    );

    let (ok, after) = ferrolab(home.path(), &["dev", "kernel-crates", "--fetch"]);
    assert!(ok, "after setup's download step:\n{after}");
    for kernel in ["ferrolab-math", "ferrolab-ml", "ferrolab-dl", "ferrolab:"] {
        assert!(
            after.contains(kernel) && after.contains("at Cargo.lock's versions"),
            "{kernel} missing from:\n{after}"
        );
    }
}
