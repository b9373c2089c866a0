"""Run cells through a real ferrolab kernel and report every message they caused.

Usage: kernel_probe.py KERNEL_NAME CELLS_JSON

CELLS_JSON is a list of cells: a source, or {"code": source, "interrupt_after": seconds}
to press ■ that long after the cell starts. The kernel runs them in order, in one session;
for each cell this prints one JSON line: the shell reply's content and the iopub
messages that cell caused (type, content, seconds since the request). The Rust tests
(tests/tests/kernel_live.rs) assert on them: what a notebook client would see.
"""

import json
import queue
import sys
import time

from jupyter_client.manager import KernelManager

START_TIMEOUT = 300
CELL_TIMEOUT = 300
# How long a cell's late stderr may trail the kernel's idle status.
LATE_OUTPUT_SECONDS = 0.5


def run_cell(manager, client, cell):
    code, interrupt_after = (cell, None) if isinstance(cell, str) else (cell["code"], cell["interrupt_after"])
    started = time.monotonic()
    msg_id = client.execute(code, store_history=True, allow_stdin=False)
    interrupted_at = None
    messages = []
    reply = None
    idle = False
    deadline = started + CELL_TIMEOUT
    while not (idle and reply is not None):
        if time.monotonic() > deadline:
            return {"timeout": True, "messages": messages, "reply": reply}
        if interrupt_after is not None and interrupted_at is None and time.monotonic() - started >= interrupt_after:
            manager.interrupt_kernel()
            interrupted_at = round(time.monotonic() - started, 3)
        if not idle:
            try:
                msg = client.get_iopub_msg(timeout=0.05 if interrupt_after is not None else 1)
            except queue.Empty:
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            at = time.monotonic() - started
            kind = msg["msg_type"]
            if kind == "status":
                idle = msg["content"].get("execution_state") == "idle"
                continue
            messages.append({"type": kind, "at": round(at, 3), "content": msg["content"]})
        else:
            shell = client.get_shell_msg(timeout=60)
            if shell.get("parent_header", {}).get("msg_id") == msg_id:
                reply = shell["content"]
                reply["at"] = round(time.monotonic() - started, 3)
    # evcxr forwards a cell's stderr from another thread: on a busy machine a panic's
    # message (and the prelude's advice under it) can arrive after the kernel went idle.
    # Collect those stragglers until quiet, as kernel/nbrun.py does.
    while True:
        try:
            msg = client.get_iopub_msg(timeout=LATE_OUTPUT_SECONDS)
        except queue.Empty:
            break
        if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["msg_type"] == "stream":
            at = round(time.monotonic() - started, 3)
            messages.append({"type": "stream", "at": at, "content": msg["content"]})
    return {"timeout": False, "messages": messages, "reply": reply, "interrupted_at": interrupted_at}


def main():
    kernel_name, cells_file = sys.argv[1], sys.argv[2]
    with open(cells_file) as f:
        cells = json.load(f)
    manager = KernelManager(kernel_name=kernel_name)
    # The kernel's own prints (evcxr's log) go to our stderr: stdout is the report.
    manager.start_kernel(stdout=sys.stderr, stderr=sys.stderr)
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=START_TIMEOUT)
        for code in cells:
            print(json.dumps(run_cell(manager, client, code)), flush=True)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
