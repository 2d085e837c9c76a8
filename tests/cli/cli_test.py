"""The CLI side of the demo contract (../shared/docs/contract.md): list, run, params from --params,
stdin and --P-file, error objects with exit status 2/3, Ctrl-C as Cancelled, and no crash on junk."""
import json
import os
import signal
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import CLI, llplay, run  # noqa: E402


class ListTest(unittest.TestCase):
    def test_list_describes_every_demo_with_typed_params(self):
        status, demos, _ = llplay("list")
        self.assertEqual(status, 0)
        ids = [d["id"] for d in demos]
        self.assertIn("float.repr", ids)
        self.assertEqual(len(ids), len(set(ids)), "ids are unique")
        for demo in demos:
            self.assertTrue(demo["lab"] and demo["title"], demo["id"])
            for p in demo["params"]:
                self.assertIn(p["type"], {"integer", "number", "boolean", "string", "string_list", "choice", "value"})
        self.assertFalse(any(i.startswith("sql.") for i in ids), "sql.* run in the browser only")


class RunTest(unittest.TestCase):
    def test_params_from_flag_stdin_and_file_agree(self):
        params = {"values": ["0.1", "1e16"]}
        expected = {"repr": ["0.1", "1e+16"]}
        self.assertEqual(run("float.repr", params), (0, expected))
        status, out, _ = llplay("run", "float.repr", stdin=json.dumps(params).encode())
        self.assertEqual((status, out), (0, expected))
        status, out, _ = llplay("run", "float.repr", "--params=" + json.dumps(params))
        self.assertEqual((status, out), (0, expected))

    def test_string_param_from_file_uses_raw_bytes(self):
        with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as f:
            f.write(b"0.10")
        try:
            status, out, _ = llplay("run", "float.drift", "--params", '{"n": 10}', "--fee-file", f.name)
            self.assertEqual(status, 0, out)
            self.assertEqual(out["fee"], "0.10")
            self.assertEqual(out["exactTotal"], "1.00")
        finally:
            os.unlink(f.name)

    def test_defaults_apply_without_params(self):
        status, out = run("float.repr")
        self.assertEqual(status, 0)
        self.assertEqual(out["repr"], ["0.1", "0.30000000000000004", "1e+16", "1e-05", "-0.0", "5e-324"])


class ErrorTest(unittest.TestCase):
    def assert_error(self, args, code, status, stdin=None):
        got_status, out, err = llplay(*args, stdin=stdin)
        self.assertEqual(got_status, status, (args, out, err))
        self.assertEqual(out["error"]["code"], code, out)
        self.assertTrue(out["error"]["message"])
        self.assertEqual(err.count("\n"), 1, "one line on stderr")
        self.assertTrue(err.startswith("error: " + code + ": "), err)
        return out["error"]["message"]

    def test_bad_input_exits_2_with_a_clear_message(self):
        msg = self.assert_error(["run", "float.repr", "--params", '{"values": ["abc"]}'], "BadParams", 2)
        self.assertIn('values[0]: "abc" is not a Python float literal', msg)
        msg = self.assert_error(["run", "float.repr", "--params", '{"values": ["1e999999999"]}'], "BadParams", 2)
        self.assertIn("beyond the largest double", msg)
        msg = self.assert_error(["run", "float.repr", "--params", '{"values": []}'], "BadParams", 2)
        self.assertIn("needs at least 1 item", msg)
        self.assert_error(["run", "float.repr", "--params", "{oops"], "BadParams", 2)
        self.assert_error(["run", "float.repr", "--params", "[1]"], "BadParams", 2)
        self.assert_error(["run", "float.repr", "--params", '{"colour": 1}'], "BadParams", 2)
        self.assert_error(["run", "float.drift", "--params", '{"n": 0}'], "BadParams", 2)
        self.assert_error(["run", "float.drift", "--params", '{"n": "lots"}'], "BadParams", 2)
        for prec in (0, 1000):
            msg = self.assert_error(["run", "decimal.compute", "--params", '{"prec": %d}' % prec], "BadParams", 2)
            self.assertIn("parameter 'prec' must be between 1 and 999", msg)
        msg = self.assert_error(["run", "decimal.compute", "--params", '{"rounding": "ROUND_NEAREST"}'], "BadParams", 2)
        self.assertIn("must be one of ROUND_UP, ROUND_DOWN", msg)
        msg = self.assert_error(["run", "decimal.compute", "--params", '{"a": "abc"}'], "InvalidOperation", 2)
        self.assertIn('"abc" is not a decimal number', msg)
        self.assert_error(["run", "decimal.compute", "--params", '{"a": "1", "b": "0"}'], "DivisionByZero", 2)
        self.assert_error(["run", "no.such"], "UnknownDemo", 2)
        self.assert_error(["run", "float.repr", "--values-file", "/nonexistent"], "BadParams", 2)
        self.assert_error(["frobnicate"], "BadParams", 2)
        self.assert_error([], "BadParams", 2)

    def test_junk_never_crashes(self):
        junk = ["\x00", "{" * 100000, '{"values": [' + '"1",' * 50000 + '"1"]}', '{"values": "0.1"}',
                '{"values": [null]}', '{"values": [1.5]}', "\xff\xfe", '{"values": ["' + "9" * 20000 + '"]}']
        for text in junk:
            status, out, err = llplay("run", "float.repr", stdin=text.encode("utf-8", "surrogateescape"))
            self.assertIn(status, (0, 2), (text[:40], err))
            self.assertIsNotNone(out, text[:40])

    def test_ctrl_c_cancels_a_long_run_cleanly(self):
        proc = subprocess.Popen([CLI, "run", "float.drift", "--params", '{"n": 100000000}', "--progress"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = proc.stderr.readline()  # the run has started (and the handler is in place) once it reports
        self.assertTrue(first.startswith(b"progress "), first)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 130, err)
        self.assertEqual(json.loads(out)["error"]["code"], "Cancelled")


if __name__ == "__main__":
    unittest.main()
