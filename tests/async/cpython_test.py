"""async.run against CPython 3.10-3.13 on a virtual clock: the page's presets, fixed programs that cover
every construct of the subset, and random programs (a new seed each run, printed; replay with LLPLAY_SEED).
Each program runs under every version; `output` must equal CPython's lines, and an uncaught exception
must come back as the error code of the same class name, with the output printed before it."""
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
sys.path.insert(0, os.path.dirname(__file__))
from cli import run  # noqa: E402
from programs import FIXED, presets, random_program  # noqa: E402
from virtual_clock import cpython_outputs  # noqa: E402

VERSIONS = ["3.10", "3.11", "3.12", "3.13"]
SEED = int(os.environ.get("LLPLAY_SEED", random.randrange(2**32)))
RANDOM_COUNT = int(os.environ.get("LLPLAY_ASYNC_RANDOM", "150"))
print(f"LLPLAY_SEED={SEED}", file=sys.stderr)


def lab_output(program, version):
    """(output lines, error code or None) from `llplay run async.run`."""
    status, out = run("async.run", {"program": program, "python": version})
    if status == 0:
        return out["output"], None
    err = out["error"]
    return err.get("output", []), err["code"]


class AgainstCPython(unittest.TestCase):
    def compare(self, programs):
        names = list(programs)
        sources = [programs[n] for n in names]
        mismatches = []
        for version in VERSIONS:
            expected = cpython_outputs(version, sources)
            for name, source, want in zip(names, sources, expected):
                got_lines, got_code = lab_output(source, version)
                if got_lines != want["output"] or got_code != want["error"]:
                    mismatches.append(f"--- {name} on {version}: CPython {want['error']} {want['message']!r}, "
                                      f"lab {got_code}\n{source}\nCPython: {want['output']}\nlab:     {got_lines}")
        self.assertFalse(mismatches, f"{len(mismatches)} mismatches (seed {SEED}):\n" + "\n".join(mismatches[:5]))
        return len(names) * len(VERSIONS)

    def test_presets(self):
        checked = self.compare(presets())
        print(f"presets: {checked} runs match CPython", file=sys.stderr)

    def test_fixed(self):
        checked = self.compare(FIXED)
        print(f"fixed: {checked} runs match CPython", file=sys.stderr)

    def test_random(self):
        rng = random.Random(SEED)
        programs = {f"random #{i}": random_program(rng) for i in range(RANDOM_COUNT)}
        checked = self.compare(programs)
        print(f"random: {checked} runs match CPython (seed {SEED})", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
