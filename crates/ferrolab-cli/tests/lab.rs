//! `./ferrolab lab` started the way a learner starts it: headless, as whoever runs the
//! tests (root in CI and in containers). JupyterLab must answer its API with the token
//! and refuse without it, then stop cleanly on the signal a terminal's Ctrl-C sends.
//! Needs `./ferrolab setup` (which `./ferrolab test` runs first).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The status code of `GET path`, or `None` while nothing listens.
fn get_status(port: u16, path: &str, token: Option<&str>) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let auth = token.map_or(String::new(), |t| format!("Authorization: token {t}\r\n"));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}Connection: close\r\n\r\n"
    )
    .ok()?;
    let mut head = [0u8; 64];
    let n = stream.read(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head[..n]);
    text.split_whitespace().nth(1)?.parse().ok()
}

/// Kills the lab's process group if the test ends early (a failed assertion).
struct KillOnDrop(rustix::process::Pid);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = rustix::process::kill_process_group(self.0, rustix::process::Signal::KILL);
    }
}

#[test]
fn lab_serves_jupyterlab_with_its_token_and_stops_cleanly() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    assert!(
        root.join(".venv/bin/jupyter").exists(),
        "JupyterLab is not installed; run `./ferrolab setup` first"
    );
    let port = free_port();
    let mut lab = Command::new(env!("CARGO_BIN_EXE_ferrolab"))
        .args(["lab", "--no-browser", "--port", &port.to_string()])
        .env_remove("DISPLAY")
        // A lab whose kernels are not built yet starts their pre-build in the background,
        // which must use the project's shared build directory, not a test run's private one.
        .env_remove("CARGO_BUILD_BUILD_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("CARGO_TARGET_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        // Its own group, like a terminal's foreground job: Ctrl-C signals the group.
        .process_group(0)
        .spawn()
        .expect("starting ferrolab lab");
    let group = rustix::process::Pid::from_child(&lab);
    let _cleanup = KillOnDrop(group);
    let (lines, received) = mpsc::channel();
    let stderr = lab.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });

    let mut said = Vec::new();
    let mut token = None;
    let deadline = Instant::now() + Duration::from_secs(120);
    while token.is_none() && Instant::now() < deadline {
        if let Ok(line) = received.recv_timeout(Duration::from_millis(200)) {
            if let Some(url) = line.strip_prefix("Open: ") {
                token = url.split("token=").nth(1).map(str::to_string);
            }
            said.push(line);
        }
    }
    let stop = || {
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::INT);
    };
    let Some(token) = token else {
        stop();
        panic!("lab printed no URL with a token:\n{}", said.join("\n"));
    };
    let mut with_token = None;
    let deadline = Instant::now() + Duration::from_secs(90);
    while Instant::now() < deadline {
        with_token = get_status(port, "/api/status", Some(&token));
        if with_token.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    let without_token = get_status(port, "/api/status", None);
    stop();
    let exited = (0..60).any(|_| {
        std::thread::sleep(Duration::from_millis(500));
        matches!(lab.try_wait(), Ok(Some(_)))
    });
    let freed = (0..40).any(|_| {
        std::thread::sleep(Duration::from_millis(500));
        get_status(port, "/api/status", Some(&token)).is_none()
    });
    if !exited {
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    }
    while let Ok(line) = received.try_recv() {
        said.push(line);
    }
    let log = said.join("\n");
    if rustix::process::geteuid().is_root() {
        assert!(
            log.contains("--allow-root"),
            "running as root, lab must say it allows root:\n{log}"
        );
    }
    assert_eq!(with_token, Some(200), "/api/status with the token:\n{log}");
    assert_eq!(
        without_token,
        Some(403),
        "/api/status without a token:\n{log}"
    );
    assert!(exited, "ferrolab lab did not exit after Ctrl-C:\n{log}");
    assert!(freed, "JupyterLab still answers after Ctrl-C:\n{log}");
}
