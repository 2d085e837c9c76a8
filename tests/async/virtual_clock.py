"""Runs async-lab programs in real CPython with a virtual clock, for the tests to compare against.

The loop is CPython's own SelectorEventLoop; only its clock is virtual: `time()` returns a float the test
owns, and the selector advances it by `select(timeout)`'s timeout instead of sleeping. `time.sleep(x)`
advances it too (the loop is blocked meanwhile, as it would be). `now()` is `round(loop.time() - 0.0, 3)`.
Everything else, ready queue, heapq of TimerHandles, tasks, is untouched asyncio.

`cpython_outputs(version, programs)` runs a batch of programs in one interpreter and returns, for each,
{"output": [lines], "error": class name or None, "message": text, "ms": real milliseconds it ran,
"cpuMs": the process's CPU milliseconds meanwhile}.
Run as a script (`virtual_clock.py 3.13 < program.py`), it prints that object for one program.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from pythons import run_python  # noqa: E402

# The code that runs inside CPython: reads a JSON list of programs on stdin, prints a JSON list of results.
DRIVER = r'''
import asyncio, contextlib, io, json, selectors, sys, time
perf_counter, process_time = time.perf_counter, time.process_time

clock = [0.0]


class WouldWaitForever(BaseException):
    """select(None) with nothing to wake it: the real loop would hang."""


class VirtualSelector(selectors.DefaultSelector):
    def select(self, timeout=None):
        if timeout is None:
            raise WouldWaitForever()
        if timeout:
            clock[0] += timeout
        return super().select(0)


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__(VirtualSelector())

    def time(self):
        return clock[0]


class Policy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self):
        return VirtualLoop()


asyncio.set_event_loop_policy(Policy())


def blocking_sleep(seconds):
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    clock[0] += seconds


time.sleep = blocking_sleep


def now():
    return round(clock[0] - 0.0, 3)


results = []
for source in json.load(sys.stdin):
    clock[0] = 0.0
    out = io.StringIO()
    error = message = None
    code = compile(source, "<program>", "exec")
    t0, c0 = perf_counter(), process_time()
    try:
        with contextlib.redirect_stdout(out):
            exec(code, {"__name__": "__main__", "now": now})
    except WouldWaitForever:
        error, message = "LimitExceeded", "the loop would wait forever"
    except BaseException as e:
        error, message = type(e).__name__, str(e)
    elapsed_ms, cpu_ms = (perf_counter() - t0) * 1000, (process_time() - c0) * 1000
    text = out.getvalue()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    results.append({"output": lines, "error": error, "message": message, "ms": elapsed_ms,
                    "cpuMs": cpu_ms})
print(json.dumps(results))
'''


def cpython_outputs(version, programs):
    """Each program's output and uncaught exception under CPython `version` on the virtual clock."""
    return json.loads(run_python(version, DRIVER, stdin=json.dumps(programs)))


if __name__ == "__main__":
    print(json.dumps(cpython_outputs(sys.argv[1], [sys.stdin.read()])[0]))
