"""Run the demo's server and worker side by side, and stop them together."""

from __future__ import annotations

import signal
import subprocess
import threading


def run_together(commands: list[list[str]]) -> int:
    """Run ``commands`` side by side until one ends or a stop signal arrives; stop them all.

    Each child gets SIGTERM (then SIGKILL after 10 s), so no server or worker outlives the demo.
    Return the exit status of the first child that ended, or 0 after a stop signal.
    """
    stop = threading.Event()
    previous = {
        signum: signal.signal(signum, lambda *_: stop.set())
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    # Children ignore the terminal's Ctrl-C: the demo stops them itself, in order.
    children = [subprocess.Popen(command, start_new_session=True) for command in commands]
    status = 0
    try:
        while not stop.wait(0.2):
            ended = next((c for c in children if c.poll() is not None), None)
            if ended is not None:
                status = ended.returncode or 1
                break
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return status
