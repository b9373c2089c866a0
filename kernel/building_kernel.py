#!/usr/bin/env python3
"""A stand-in Jupyter kernel for a ferrolab kernel whose prelude is still being built.

`ferrolab lab` opens JupyterLab as soon as the first kernel is usable and builds the
others in the background. A notebook opened on one of those meanwhile gets this kernel
instead of a kernel that hangs for minutes or dies: every cell answers with what the
build is doing (read from the status file the build writes) and what to do next, and
fails, so "Run All" stops at the first cell rather than running on.

    building_kernel.py -f CONNECTION_FILE --flavor NAME --status FILE

Only ipykernel (in the project venv) is used.
"""
import json
import os
import sys
import time

from ipykernel.kernelapp import IPKernelApp
from ipykernel.kernelbase import Kernel


def _take_option(name):
    """Remove `--name VALUE` from argv (ipykernel parses the rest) and return VALUE."""
    if name in sys.argv:
        index = sys.argv.index(name)
        value = sys.argv[index + 1] if index + 1 < len(sys.argv) else ""
        del sys.argv[index:index + 2]
        return value
    return ""


FLAVOR = _take_option("--flavor") or "ferrolab"
STATUS_FILE = _take_option("--status")


def build_status():
    """The background build's last status, e.g. {"flavor": "ml", "message": "...", "updated": t}."""
    try:
        with open(STATUS_FILE, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def minutes(seconds):
    seconds = max(0, int(seconds))
    return f"{seconds // 60} m {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def explain():
    status = build_status()
    lines = [f"The {FLAVOR} kernel is still being built: its Rust libraries compile once, "
             "the first time (setup runs this in the background)."]
    if status:
        now = time.time()
        if status.get("state") == "done":
            lines.append("The build has finished. Restart the kernel (Kernel ▸ Restart Kernel) "
                         "and run this cell again.")
            return "\n".join(lines)
        if status.get("state") == "failed":
            lines.append("The build failed:\n" + status.get("message", ""))
            lines.append("Run `./ferrolab doctor` in a terminal; it says what to do.")
            return "\n".join(lines)
        lines.append(f"Now: {status.get('flavor', '?')} kernel, {status.get('message', '')} "
                     f"({minutes(now - status.get('started', now))} so far; "
                     f"updated {minutes(now - status.get('updated', now))} ago).")
    lines.append("Keep reading the lesson; when the build is done, restart the kernel "
                 "(Kernel ▸ Restart Kernel) and run the cells again. The terminal that runs "
                 "`./ferrolab lab` shows the same progress.")
    return "\n".join(lines)


class BuildingKernel(Kernel):
    implementation = "ferrolab-building"
    implementation_version = "1"
    language = "rust"
    language_version = "1"
    language_info = {"name": "rust", "mimetype": "text/rust", "file_extension": ".rs"}
    banner = "ferrolab: this kernel is still being built"

    def do_execute(self, code, silent, store_history=True, user_expressions=None,
                   allow_stdin=False, *, cell_meta=None, cell_id=None):
        text = explain()
        if not silent:
            self.send_response(self.iopub_socket, "stream", {"name": "stderr", "text": text + "\n"})
        return {"status": "error", "execution_count": self.execution_count,
                "ename": "KernelStillBuilding", "evalue": text.splitlines()[0], "traceback": []}


if __name__ == "__main__":
    IPKernelApp.launch_instance(kernel_class=BuildingKernel)
