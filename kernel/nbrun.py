#!/usr/bin/env python3
"""Run notebooks and cells through a real Jupyter kernel, for tests, setup and benchmarks.

    nbrun.py run NOTEBOOK... [--kernel NAME] [--solutions FILE] [--timeout S] [--report FILE]
        Execute each notebook top to bottom in a fresh kernel. A cell fails when the
        kernel replies with an error, or when it panicked: evcxr reports a panicking
        cell as a success and only writes to stderr, so stderr is searched for
        PANIC_MARKERS. An error returned by `?` is also only text on stderr (and the
        cell's new variables are dropped), so any stderr output fails the cell unless
        it is tagged `stderr-ok`. Cells tagged `raises-exception` must fail instead.
        --jobs N runs N notebooks at once, each in its own kernel.
        --solutions: a JSON object {exercise id: source}; cells whose metadata has
        `ferrolab.exercise` get that source instead of the learner's stub.
        Exit status 1 if any notebook failed; each failure names notebook and cell.

    nbrun.py cells --kernel NAME [--repeat N] [--report FILE] CODE...
        Start a kernel, time it until it answers, then run each CODE cell N times
        and report wall-clock times (seconds) as JSON, with each run's text output and
        error messages (ename, evalue, traceback).

Only the standard library and jupyter_client/nbformat (from the project venv) are used.
"""
import argparse
import json
import os
import queue
import signal
import sys
import time

import nbformat
from jupyter_client.manager import KernelManager

PANIC_MARKERS = ("ferrolab: this cell panicked", "panicked at")
LATE_OUTPUT_SECONDS = float(os.environ.get("FERROLAB_LATE_OUTPUT_SECONDS", "0.5"))
START_TIMEOUT = float(os.environ.get("FERROLAB_KERNEL_START_TIMEOUT", "1800"))
# Where the kernels' own output goes (evcxr's and cargo's messages, e.g. a failed build).
KERNEL_LOG = os.environ.get("FERROLAB_KERNEL_LOG")


class Kernel:
    """One running kernel with a blocking client."""

    def __init__(self, name, cwd=None):
        self.manager = KernelManager(kernel_name=name)
        self.client = None
        started = time.monotonic()
        # The kernel runs in a session of its own (jupyter_client starts it so): whatever
        # happens here, it must be stopped before this process exits, or it keeps running
        # and holds the pipes of whoever started us.
        self.log = open(KERNEL_LOG, "ab") if KERNEL_LOG else None
        try:
            extra = {"stdout": self.log, "stderr": self.log} if self.log else {}
            self.manager.start_kernel(cwd=cwd, **extra)
            self.client = self.manager.client()
            self.client.start_channels()
            self.client.wait_for_ready(timeout=START_TIMEOUT)
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - started

    def execute(self, code, timeout):
        """Run one cell; return (status, outputs, seconds, error text)."""
        started = time.monotonic()
        msg_id = self.client.execute(code, store_history=True, allow_stdin=False)
        outputs, status, error = [], "ok", ""
        deadline = started + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.manager.interrupt_kernel()
                return "timeout", outputs, time.monotonic() - started, f"no result after {timeout:.0f} s"
            try:
                msg = self.client.get_iopub_msg(timeout=min(remaining, 5))
            except queue.Empty:
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                outputs.append({"type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("execute_result", "display_data"):
                outputs.append({"type": kind, "mime": sorted(content.get("data", {}).keys()),
                                "text": content.get("data", {}).get("text/plain", "")})
            elif kind == "error":
                status = "error"
                outputs.append({"type": "error", "ename": content.get("ename", ""),
                                "evalue": content.get("evalue", ""), "traceback": content.get("traceback", [])})
                error = "\n".join([content.get("ename", ""), content.get("evalue", "")] + content.get("traceback", []))
            elif kind == "status" and content.get("execution_state") == "idle":
                break
        # evcxr forwards the cell's stderr from another thread: on a busy machine a panic
        # message can arrive after the kernel went idle. Collect stragglers until quiet.
        while True:
            try:
                msg = self.client.get_iopub_msg(timeout=LATE_OUTPUT_SECONDS)
            except queue.Empty:
                break
            if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["msg_type"] == "stream":
                outputs.append({"type": "stream", "name": msg["content"]["name"], "text": msg["content"]["text"]})
        # The shell channel may still hold replies to other requests (wait_for_ready's
        # kernel_info): take this cell's own.
        while True:
            reply = self.client.get_shell_msg(timeout=60)
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                break
        if reply["content"].get("status") == "error" and status == "ok":
            status = "error"
            error = reply["content"].get("evalue", "error")
        stderr = "".join(o["text"] for o in outputs if o["type"] == "stream" and o["name"] == "stderr")
        if status == "ok" and any(marker in stderr for marker in PANIC_MARKERS):
            status, error = "panic", stderr.strip()
        return status, outputs, time.monotonic() - started, error

    def stop(self):
        try:
            if self.client is not None:
                self.client.stop_channels()
        finally:
            try:
                if self.manager.has_kernel:
                    self.manager.shutdown_kernel(now=True)
            finally:
                if self.log:
                    self.log.close()


def first_line(text, limit=400):
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + " ..."


def run_notebook(path, kernel_name, solutions, timeout, keep_outputs=False):
    """Execute one notebook; return a report dict (with each cell's text output if `keep_outputs`)."""
    report = {"notebook": path, "cells": [], "failures": []}
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # a mangled notebook is a failure, not a crash
        report["failures"].append(f"{path}: not a valid notebook: {exc}")
        return report
    name = kernel_name or nb.metadata.get("kernelspec", {}).get("name")
    if not name:
        report["failures"].append(f"{path}: no kernelspec in the notebook metadata")
        return report
    report["kernel"] = name
    try:
        kernel = Kernel(name, cwd=os.path.dirname(os.path.abspath(path)))
    except Exception as exc:
        report["failures"].append(f"{path}: kernel `{name}` did not start: {exc}")
        return report
    report["start_seconds"] = kernel.start_seconds
    try:
        number = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            number += 1
            source = cell.source
            exercise = cell.metadata.get("ferrolab", {}).get("exercise")
            if exercise and cell.metadata.get("ferrolab", {}).get("role", "stub") == "stub" and solutions is not None:
                if exercise not in solutions:
                    report["failures"].append(f"{path} cell {number}: no solution for exercise `{exercise}`")
                    continue
                source = solutions[exercise]
            if not source.strip():
                continue
            tags = cell.metadata.get("tags", [])
            expect_error = "raises-exception" in tags
            status, outputs, seconds, error = kernel.execute(source, timeout)
            stderr = "".join(o["text"] for o in outputs if o["type"] == "stream" and o["name"] == "stderr")
            if status == "ok" and stderr.strip() and "stderr-ok" not in tags:
                # evcxr reports an error returned by `?` only as text on stderr, and the
                # cell still counts as run, with its new variables silently dropped.
                status, error = "error", "wrote to stderr (an error returned by `?` shows only there; tag the cell `stderr-ok` if that is intended): " + stderr.strip()
            entry = {"index": index, "number": number, "status": status, "seconds": seconds, "exercise": exercise}
            if keep_outputs:
                entry["text"] = "".join(o.get("text", "") for o in outputs)
            report["cells"].append(entry)
            failed = (status != "ok") != expect_error
            if failed:
                if expect_error:
                    why = "was expected to fail (tagged raises-exception) but succeeded"
                else:
                    why = f"{status}: {first_line(error)}"
                snippet = first_line(source.splitlines()[0] if source.splitlines() else "", 80)
                report["failures"].append(f"{path} cell {number} (`{snippet}`) {why}")
                if status == "timeout":
                    break
    finally:
        kernel.stop()
    return report


def code_cells(path):
    """How many code cells a notebook has (0 if it cannot be read: it fails fast anyway)."""
    try:
        return sum(1 for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")
    except Exception:
        return 0


def _run_one(job):
    path, kernel, solutions, timeout, keep_outputs = job
    started = time.monotonic()
    report = run_notebook(path, kernel, solutions, timeout, keep_outputs)
    report["seconds"] = time.monotonic() - started
    return report


def cmd_run(args):
    solutions = None
    if args.solutions:
        with open(args.solutions, encoding="utf-8") as handle:
            solutions = json.load(handle)
    jobs = [(path, args.kernel, solutions, args.timeout, args.outputs) for path in args.notebooks]
    reports = []

    def report_one(path, report):
        reports.append(report)
        verdict = "FAILED" if report["failures"] else "ok"
        print(f"{verdict:6} {path} ({report['seconds']:.1f} s, {len(report['cells'])} cells)", flush=True)
        for failure in report["failures"]:
            print(f"  {failure}", flush=True)

    if args.jobs > 1 and len(jobs) > 1:
        # One process per notebook and kernel: each kernel compiles its cells on its own
        # core, so two notebooks at once take little more than the longer one. Longest
        # first (by code cells, which is what costs), so no core idles at the end while
        # the other still runs a long notebook.
        from concurrent.futures import ProcessPoolExecutor, as_completed
        # libtorch's OpenMP threads spin while they wait, so two libtorch processes with a
        # thread per core each slow down far more than twice (a 2.5 s training cell took
        # 17.5 s beside a 2-thread PyTorch run on 2 cores). Share the cores out; the kernels
        # inherit this, and a learner's own kernel keeps libtorch's default.
        cores = os.cpu_count() or 1
        os.environ.setdefault("OMP_NUM_THREADS", str(max(1, cores // args.jobs)))
        by_length = sorted(jobs, key=lambda job: -code_cells(job[0]))
        done = {}
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            futures = {pool.submit(_run_one, job): job[0] for job in by_length}
            for future in as_completed(futures):
                done[futures[future]] = future.result()
                report_one(futures[future], done[futures[future]])
        reports = [done[job[0]] for job in jobs]
    else:
        for job in jobs:
            report_one(job[0], _run_one(job))
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            json.dump(reports, handle, indent=1)
    return 1 if any(r["failures"] for r in reports) else 0


def cmd_cells(args):
    kernel = Kernel(args.kernel)
    result = {"kernel": args.kernel, "start_seconds": kernel.start_seconds, "cells": []}
    try:
        # A learner reads before typing: the kernel may use the pause (evcxr's background analysis).
        time.sleep(args.idle)
        for code in args.code:
            times, statuses, texts, errors = [], [], [], []
            for _ in range(args.repeat):
                status, outputs, seconds, error = kernel.execute(code, args.timeout)
                times.append(seconds)
                statuses.append(status)
                texts.append("".join(o.get("text", "") for o in outputs))
                errors.append([o for o in outputs if o["type"] == "error"])
                if status != "ok":
                    print(f"cell failed ({status}): {code!r}: {first_line(error)}", file=sys.stderr)
                    break
            result["cells"].append({"code": code, "seconds": times, "statuses": statuses, "outputs": texts,
                                    "errors": errors})
    finally:
        kernel.stop()
    text = json.dumps(result, indent=1)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            handle.write(text)
    print(text)
    return 0 if all(s == "ok" for c in result["cells"] for s in c["statuses"]) else 1


def _exit_on_term(signum, frame):
    # `finally` blocks (which stop kernels) run on SystemExit, not on a bare SIGTERM.
    raise SystemExit(128 + signum)


def main():
    signal.signal(signal.SIGTERM, _exit_on_term)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("notebooks", nargs="+")
    run.add_argument("--kernel")
    run.add_argument("--solutions")
    run.add_argument("--timeout", type=float, default=900)
    run.add_argument("--report")
    run.add_argument("--outputs", action="store_true", help="keep each cell's text output in the report")
    run.add_argument("--jobs", type=int, default=int(os.environ.get("FERROLAB_NOTEBOOK_JOBS", "1")),
                     help="notebooks run at once, each in its own kernel (default 1, or $FERROLAB_NOTEBOOK_JOBS)")
    cells = sub.add_parser("cells")
    cells.add_argument("code", nargs="+")
    cells.add_argument("--kernel", required=True)
    cells.add_argument("--repeat", type=int, default=1)
    cells.add_argument("--idle", type=float, default=0, help="seconds to wait after the kernel is ready")
    cells.add_argument("--timeout", type=float, default=1800)
    cells.add_argument("--report")
    args = parser.parse_args()
    return cmd_run(args) if args.command == "run" else cmd_cells(args)


if __name__ == "__main__":
    sys.exit(main())
