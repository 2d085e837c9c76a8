"""http.request and http.response against CPython 3.10-3.13's own http.client.

Requests: what HTTPConnection(host).request(method, target, body, dict(headers)) writes to a fake socket, on
fixed corner cases and on thousands of fresh random methods, hosts, ports, paths, queries, header sets and
bodies (a new seed each run, printed so a failure can be replayed with LLPLAY_SEED). Each version's cases
run in one interpreter process. Where http.client raises, the CLI's error code is the exception's class
name and its message is str() of the exception.

Responses: HTTPResponse on the same bytes (begin() then read()), with the server closing after them or
keeping the connection open; random and broken responses, and a chunked body cut at every byte.
"""
import json
import os
import random
import sys
import unittest
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import llplay, run  # noqa: E402
from pythons import VERSIONS, run_python  # noqa: E402

SEED = int(os.environ.get("LLPLAY_SEED", random.randrange(2**32)))
print(f"LLPLAY_SEED={SEED}", file=sys.stderr)
RANDOM_REQUESTS = int(os.environ.get("LLPLAY_HTTP_CASES", "1200"))

# Runs in each CPython: a JSON list of cases on stdin, a JSON list of outcomes on stdout.
REQUEST_HARNESS = r"""
import http.client, json, sys

class FakeSocket:
    def __init__(self):
        self.data = bytearray()
    def sendall(self, data):
        self.data += data
    def close(self):
        pass

def split(url):
    rest = url[7:]
    ends = [rest.find(c) for c in "/?#" if c in rest]
    i = min(ends) if ends else len(rest)
    return rest[:i], rest[i:]

def one(case):
    host, target = split(case["url"])
    kind, text = case["bodyType"], case["body"]
    if kind == "auto":
        kind = "bytes" if text else "none"
    body = {"none": None, "bytes": text.encode("utf-8"), "str": text,
            "lines": (line for line in text.encode("utf-8").splitlines(keepends=True))}[kind]
    try:
        conn = http.client.HTTPConnection(host)
        conn.sock = FakeSocket()
        conn.request(case["method"], target, body, dict(case["headers"]),
                     encode_chunked=case["encodeChunked"])
        return {"bytes": conn.sock.data.decode("latin-1"), "host": host, "target": target}
    except Exception as e:
        return {"error": type(e).__name__, "message": str(e)}

print(json.dumps([one(c) for c in json.load(sys.stdin)]))
"""

RESPONSE_HARNESS = r"""
import http.client, io, json, sys

class NoClose(io.BytesIO):
    def close(self):
        pass

class Blocked(BaseException):
    pass

class OpenSocketFile(io.RawIOBase):
    # A connection the server keeps open: recv() returns what there is, then blocks.
    def __init__(self, data):
        self.data, self.pos = data, 0
    def readable(self):
        return True
    def readinto(self, b):
        if self.pos >= len(self.data):
            raise Blocked()
        n = min(len(b), len(self.data) - self.pos)
        b[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n

class Sock:
    def __init__(self, f):
        self.f = f
    def makefile(self, mode, *args, **kwargs):
        return self.f

def one(case):
    data = case["bytes"].encode("latin-1")
    stays_open = case["open"]
    f = io.BufferedReader(OpenSocketFile(data)) if stays_open else NoClose(data)
    r = http.client.HTTPResponse(Sock(f), method=case["method"])
    out = {"raised": None, "waiting": False}
    try:
        r.begin()
        out.update(version=r.version, status=r.status, reason=r.reason,
                   headers=[list(kv) for kv in r.getheaders()])
        out["body"] = r.read().decode("latin-1")
    except Blocked:
        out["waiting"] = True
    except Exception as e:
        out["raised"] = [type(e).__name__, str(e)]
        if isinstance(e, http.client.IncompleteRead):
            out["body"] = e.partial.decode("latin-1")
    if not stays_open:
        out["consumed"] = f.tell()
    return out

print(json.dumps([one(c) for c in json.load(sys.stdin)]))
"""


def in_python(version, harness, cases):
    return json.loads(run_python(version, harness, stdin=json.dumps(cases)))


def run_stdin(demo, params):
    status, out, _ = llplay("run", demo, stdin=json.dumps(params).encode())
    return status, out


def run_all(demo, param_sets):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda p: run_stdin(demo, p), param_sets))


# ---- requests ---------------------------------------------------------------------------------------

def request(method, url, headers=(), body="", body_type="auto", encode_chunked=False):
    return {"method": method, "url": url, "headers": [list(h) for h in headers], "body": body,
            "bodyType": body_type, "encodeChunked": encode_chunked}


FIXED_REQUESTS = [
    # The series' request: http.client adds Accept-Encoding, and Host without :80.
    request("GET", "http://www.google.com/", [("User-Agent", "Mozilla/5.0"), ("Accept", "text/html")]),
    request("POST", "http://localhost:8080/echo?lang=en", [("Content-Type", "text/plain")], "Hello World!"),
    request("POST", "http://localhost:8080/", [], "Grüße, 世界!"),             # Content-Length in UTF-8 bytes
    request("POST", "http://localhost:8080/", [], "Grüße", "str"),             # str: characters, latin-1 bytes
    request("POST", "http://localhost:8080/", [], "price: 5 €", "str"),        # UnicodeEncodeError
    request("POST", "http://localhost:8080/", [], "€€ and ü and 中文 again", "str"),
    request("POST", "http://h/", [], ""), request("post", "http://h/", [], ""), request("GET", "http://h/", [], "", "bytes"),
    request("PATCH", "http://h/", [], "", "none"), request("DELETE", "http://h/", [], "", "none"),
    request("GET", "http://h/", [("X-A", "1\r\nEvil: yes")]),                 # header injection: ValueError
    request("GET", "http://h/", [("X-A", "folded\r\n continued")]),            # a folded value is allowed
    request("GET", "http://h/", [("X-A", "a\rb")]), request("GET", "http://h/", [("X-A", "a\n")]),
    request("GET", "http://h/", [("X Y", "1")]), request("GET", "http://h/", [(" X", "1")]),
    request("GET", "http://h/", [("X:Y", "1")]), request("GET", "http://h/", [("X\r\nY", "1")]),
    request("GET", "http://h/", [("", "1")]), request("GET", "http://h/", [("Ü", "1")]),
    request("GET", "http://h/", [("X-V", "ü")]), request("GET", "http://h/", [("X-V", "中")]),
    request("GET", "http://h/", [("X-V", 42)]), request("GET", "http://h/", [("X-V", -7)]),
    request("GET", "http://h/", [("Host", "other"), ("host", "again"), ("ACCEPT-ENCODING", "gzip")]),
    request("GET", "http://h/", [("X-A", "1"), ("X-B", "2"), ("X-A", "3"), ("x-a", "4")]),  # dict(headers)
    request("POST", "http://h/", [("Content-Length", "53")], "Hello World!"),  # the series' wrong length
    request("POST", "http://h/", [("Transfer-Encoding", "chunked")], "Hello World!", "bytes", True),
    request("POST", "http://h/", [("Transfer-Encoding", "chunked")], "", "bytes", True),
    request("POST", "http://h/", [("Transfer-Encoding", "chunked")], "Hello", "none", True),
    request("POST", "http://h/", [("Transfer-Encoding", "chunked"), ("Content-Length", "5")], "Hello", "bytes", True),
    request("POST", "http://h/", [], "line one\nline two\r\nthree\rfour", "lines"),
    request("POST", "http://h/", [], "", "lines"), request("POST", "http://h/", [], "x" * 300, "lines"),
    request("POST", "http://h/", [], "Hello", "bytes", True),
    request("GET", "http://[::1]:8080/"), request("GET", "http://[::1]/"), request("GET", "http://[fe80::1%eth0]:81/"),
    request("GET", "http://[fe80::1%25eth0]/"), request("GET", "http://[[::1]]/"), request("GET", "http://a:b:8080/"),
    request("GET", "http://h:80/"), request("GET", "http://h:080/"), request("GET", "http://h:+80/"),
    request("GET", "http://h:8_0/"), request("GET", "http://h:/"), request("GET", "http://h: 80/"),
    request("GET", "http://h:-1/"), request("GET", "http://h:99999999999999999999/"), request("GET", "http://h:8x/"),
    request("GET", "http://h:\u0668\u0660/"), request("GET", "http://h:\u200980/"), request("GET", "http://h:\uff18\uff11/"),
    request("GET", "http://h:80\u20ac/"), request("GET", "http://b\u00fccher:81/", [("Host", "b\u00fccher")]),
    request("GET", "http://h:1__0/"), request("GET", "http://h:\x0b80/"), request("GET", "http://h:\x1c80/"),
    request("GET", "http://"), request("GET", "http://h"), request("GET", "http://h?q=1"), request("GET", "http://h#f"),
    request("GET", "http://exa mple.com/"), request("GET", "http://exa\tmple/"), request("GET", "http://h/a b"),
    request("GET", "http://h/a\x7fb"), request("GET", "http://h/caf\u00e9"), request("GET", "http://h/\u20ac\u20ac/x"),
    request("GET", "http://h/it's"), request("GET", "http://h/\u2028"),
    request("GE\nT", "http://h/"), request("GE T", "http://h/"), request("", "http://h/"), request("G\u00c9T", "http://h/"),
    request("G\x7fT", "http://h/"), request("GET'\"", "http://h/"),
]

NAMES = ["Host", "host", "HOST", "Accept-Encoding", "accept-encoding", "Content-Length", "content-length",
         "Transfer-Encoding", "transfer-encoding", "X-A", "X-a", "Content-Type", "User-Agent", "Accept",
         "X Y", " X", ":X", "X:Y", "X\r\nY", "", "Ü", "X\tY", "\tX", "X\n", "X\x0bY", "\x0bX", "Ⅹ-A",
         "X-\u212a"]
CHARS = "abcXYZ019-._~%!$&'()*+,;=:@/?#"


def random_text(rng, n, extra=""):
    pool = CHARS + extra
    return "".join(rng.choice(pool) for _ in range(n))


def random_value(rng):
    kind = rng.randrange(12)
    if kind == 0:
        return rng.randrange(-10**6, 10**12)
    if kind == 1:
        return random_text(rng, rng.randrange(4), "éü\u00a0 \t") + rng.choice(["\r\n ", "\r\n\t", "\r\n", "\n", "\r", "\n\t"]) + "x"
    if kind == 2:
        return random_text(rng, rng.randrange(1, 6), "€中😀")
    if kind == 3:
        return ""
    return random_text(rng, rng.randrange(0, 20), " éÿ\"")


def random_body(rng):
    kind = rng.randrange(6)
    if kind == 0:
        return ""
    if kind == 1:
        return random_text(rng, rng.randrange(1, 60))
    if kind == 2:
        return random_text(rng, rng.randrange(1, 30), "éüß\u00ff")
    if kind == 3:
        return random_text(rng, rng.randrange(1, 30), "€中😀\u2028")
    return random_text(rng, rng.randrange(1, 40), "\n\r\n\r")


def random_request(rng):
    method = rng.choice(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "post", "Put", "patch",
                         "M-SEARCH", ""])
    if rng.random() < 0.05:
        method = rng.choice(["GE\nT", "GE T", "G\x00", "GÉT", "P\x1fOST", "X\x7f"])
    host = rng.choice(["localhost", "example.com", "127.0.0.1", "[::1]", "[fe80::1%eth0]", "a-b.c", "", "h_st",
                       "[[::1]]", "x:y", "[2001:db8::1]", "xn--bcher-kva.example"])
    if rng.random() < 0.04:
        host = rng.choice(["exa mple.com", "a\tb", "a\x7fb", "a\r\nHost: evil"])
    port = rng.choice(["", "", "", ":80", ":8080", ":", ":0", ": 80", ":080", ":+80", ":8_0", ":-1", ":99999",
                       ":abc", ":80 ", ":1__0", ":\x0c8"])
    path = "/" + random_text(rng, rng.randrange(0, 20))
    if rng.random() < 0.1:
        path = rng.choice(["", "?q=1", "#frag"]) + random_text(rng, rng.randrange(0, 5))
    if path[:1] in ("/", "?", "#") and rng.random() < 0.08:  # (elsewhere it would be part of the host)
        path += rng.choice([" ", "\x00", "\x7f", "\r\n", "é", "€", "中文"])
    if rng.random() < 0.5:
        path += "?" + random_text(rng, rng.randrange(0, 20))
    headers = [[rng.choice(NAMES) if rng.random() < 0.5 else "X-" + random_text(rng, 3, ""), random_value(rng)]
               for _ in range(rng.randrange(0, 7))]
    if rng.random() < 0.7:  # mostly valid names, so the bytes (not only the errors) get compared
        headers = [[n if n and n.strip() == n and all(c not in n for c in ":\r\n\x0b") and n.isascii() else "X-Ok", v]
                   for n, v in headers]
    return request(method, "http://" + host + port + path, headers, random_body(rng),
                   rng.choice(["auto", "auto", "bytes", "str", "lines", "none"]), rng.random() < 0.2)


class RequestTest(unittest.TestCase):
    def check(self, version, cases):
        expected = in_python(version, REQUEST_HARNESS, cases)
        got = run_all("http.request", [dict(c, python=version) for c in cases])
        ok = errors = 0
        for case, want, (status, out) in zip(cases, expected, got):
            where = f"python {version}, case {json.dumps(case, ensure_ascii=False)}"
            if "error" in want:
                errors += 1
                self.assertNotEqual(status, 0, f"{where}: CPython raised {want}, the demo gave {out}")
                self.assertEqual(out["error"]["code"], want["error"], where)
                # An error message travels as a C string (std::runtime_error::what()): a NUL ends it. Only
                # "nonnumeric port: '...'" quotes the typed text raw, so only there can this cut anything.
                self.assertEqual(out["error"]["message"], want["message"].split("\0")[0], where)
            else:
                ok += 1
                self.assertEqual(status, 0, f"{where}: {out}")
                self.assertEqual(out["bytes"], want["bytes"], where)
                self.assertEqual((out["host"], out["target"]), (want["host"], want["target"]), where)
                self.assertEqual(out["python"], version)
                self.assertEqual(out["length"], len(want["bytes"]), where)
        return ok, errors

    def test_fixed_cases_in_every_version(self):
        for version in VERSIONS:
            ok, errors = self.check(version, FIXED_REQUESTS)
            self.assertGreater(ok, 40)
            self.assertGreater(errors, 15)

    def test_fresh_random_requests_in_every_version(self):
        for version in VERSIONS:
            rng = random.Random(f"{SEED}-{version}")
            cases = [random_request(rng) for _ in range(RANDOM_REQUESTS)]
            ok, errors = self.check(version, cases)
            print(f"python {version}: {ok} requests byte-identical, {errors} identical errors", file=sys.stderr)
            self.assertGreater(ok, RANDOM_REQUESTS // 4)
            self.assertGreater(errors, RANDOM_REQUESTS // 20)

    def test_versions_differ_where_cpython_changed(self):
        # 3.10 keeps an IPv6 zone in Host; 3.11+ strip it; 3.13 no longer doubles the brackets.
        hosts = {}
        for version in VERSIONS:
            status, out = run("http.request", dict(request("GET", "http://[fe80::1%eth0]/"), python=version))
            self.assertEqual(status, 0, out)
            hosts[version] = out["lines"][1]["text"]
        self.assertEqual(hosts, {"3.10": "Host: [fe80::1%eth0]", "3.11": "Host: [fe80::1]",
                                 "3.12": "Host: [fe80::1]", "3.13": "Host: [fe80::1]"})

    def test_input_this_demo_refuses(self):
        for params, code in [({"url": "https://example.com/"}, "BadParams"), ({"url": "ftp://x/"}, "BadParams"),
                             ({"url": "http://bücher.example/"}, "BadParams"),
                             ({"headers": {"A": "b"}}, "BadParams"), ({"headers": [["A"]]}, "BadParams"),
                             ({"headers": [["A", None]]}, "BadParams"), ({"headers": [["A", 1.5]]}, "BadParams"),
                             ({"body": "x" * (10 * 1024 * 1024 + 1)}, "BadParams"),
                             ({"python": "3.9"}, "BadParams")]:
            status, out = run_stdin("http.request", params)
            self.assertEqual((status, out["error"]["code"]), (2, code), params if "body" not in params else "body")


# ---- responses --------------------------------------------------------------------------------------

def chunked_body(rng, chunks):
    out = ""
    for data in chunks:
        size = f"{len(data):x}"
        if rng.random() < 0.2:
            size = size.upper()
        ext = rng.choice(["", "", ";name=value", " ; x"])
        out += f"{size}{ext}\r\n{data}\r\n"
    return out + "0\r\n" + rng.choice(["", "Trailer: yes\r\n", "A: 1\r\nB: 2\r\n"]) + "\r\n"


FIXED_RESPONSES = [
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 53\r\n\r\nHello World!",  # the series
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 12\r\n\r\nHello World!",
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHello World!",
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Hello from the Raw Socket!</h1>",  # the series' server
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n7\r\n World!\r\n0\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: CHUNKED\r\nContent-Length: 3\r\n\r\n5;x=y\r\nHello\r\n0\r\nT: 1\r\n\r\nNEXT",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nabcdef",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nHello\r\n5_0\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHelloXY0\r\n\r\n",
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
    "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\nleftover",
    "HTTP/1.1 304 Not Modified\r\n\r\n", "HTTP/1.1 101 Switching\r\n\r\nxyz",
    "HTTP/1.0 200 OK\r\n\r\nuntil close", "HTTP/0.9 200 OK\r\n\r\n", "HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 99 Low\r\n\r\n",
    "HTTP/1.1 1000 High\r\n\r\n", "HTTP/1.1 2_00 OK\r\n\r\n", "HTTP/1.1 +200 OK\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n",
    "ICY 200 OK\r\n\r\n", "", "\r\n", "HTTP/1.1\r\n\r\n", "HTTP/1.1 200\r\n\r\n", "  HTTP/1.1   200   Fine  \t\r\n\r\n",
    "HTTP/1.1 200 OK\xa0\x85\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nabc",
    "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nabc", "HTTP/1.1 200 OK\r\nContent-Length:  1_0 \r\n\r\n0123456789AB",
    "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\nabc",
    "HTTP/1.1 200 OK\r\nContent-Length: \xa012\x85\r\n\r\nHello World!!",
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 5\r\n\r\nHello",
    "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\tagain\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.1 200 OK\r\n continuation first\r\nX: 1\r\n\r\n",
    "HTTP/1.1 200 OK\r\nFrom me\r\nX: 1\r\nFrom you\r\nY: 2\r\nFrom end\r\n\r\n",
    "HTTP/1.1 200 OK\r\n: no name\r\nX: 1\r\n\r\n", "HTTP/1.1 200 OK\r\nBad Name: 1\r\nX: 2\r\n\r\nbody",
    "HTTP/1.1 200 OK\r\nX: 1\rY: 2\r\nContent-Length: 1\r\n\r\nzz", "HTTP/1.1 200 OK\nX: 1\nContent-Length: 2\n\nok",
    "HTTP/1.1 200 OK\r\nX:no-space\r\nY:   \t spaced \t \r\n\r\n", "HTTP/1.1 200 OK\r\nÿ: latin\r\nX: é\r\n\r\n",
    "HTTP/1.1 200 OK\r\n" + "X: 1\r\n" * 99 + "\r\n", "HTTP/1.1 200 OK\r\n" + "X: 1\r\n" * 100 + "\r\n",
    "HTTP/1.1 200 OK\r\nX: " + "a" * 65540 + "\r\n\r\n", "HTTP/1.1 200 OK\r\nX: " + "a" * 65532 + "\r\n\r\n",
    "HTTP/1.1 200 " + "a" * 65540 + "\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "a" * 65540 + "\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + "T" * 65540 + "\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\nabc",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked \r\n\r\n3\r\nabc\r\n0\r\n\r\n",
]


def random_response(rng):
    status = rng.choice(["HTTP/1.1 200 OK", "HTTP/1.0 404 Not Found", "HTTP/1.1 204 No Content", "HTTP/1.1 304",
                         "HTTP/1.1 500 Internal Server Error", "HTTP/1.1 302 Found", "HTTP/1.1 100 Continue",
                         "HTTP/1.1 200", "HTTP/1.1 200 OK ", "HTTP/1.2 200 OK", "HTTP/1.1 2xx OK"])
    nl = rng.choice(["\r\n"] * 6 + ["\n", "\r"])
    body = random_text(rng, rng.randrange(0, 40), "\r\né")
    headers = [f"X-{random_text(rng, 2, '')}: {random_text(rng, rng.randrange(5), ' é')}" for _ in range(rng.randrange(3))]
    framing = rng.randrange(6)
    if framing == 0:
        headers.append(f"Content-Length: {len(body) + rng.choice([0, 0, 0, -3, 5, 41])}")
    elif framing == 1:
        headers.append(rng.choice(["Transfer-Encoding: chunked", "transfer-encoding: Chunked"]))
        body = chunked_body(rng, [random_text(rng, rng.randrange(1, 20), "\r\n") for _ in range(rng.randrange(4))])
        if rng.random() < 0.3:
            i = rng.randrange(len(body))
            body = body[:i] + rng.choice(["", "x", "\r\n", ";", "-", "0x"]) + body[i + 1:]
    elif framing == 2:
        headers.append(rng.choice(["Content-Length: x", "Content-Length: -1", "Content-Length:", "content-length: 0"]))
    elif framing == 3:
        headers.append(rng.choice([" folded", "\tfolded", "From x", ": x", "Bad Header", "X:\ry"]))
    rng.shuffle(headers)
    head = status + nl + "".join(h + nl for h in headers) + nl
    if status.endswith("Continue"):
        head += "HTTP/1.1 200 OK" + nl + f"Content-Length: {len(body)}" + nl + nl
    text = head + body + (rng.choice(["", "HTTP/1.1 200 OK\r\n"]) if rng.random() < 0.2 else "")
    return text


class ResponseTest(unittest.TestCase):
    def check(self, texts, methods=("GET",)):
        cases = [{"bytes": t, "open": o, "method": m} for t in texts for o in (False, True) for m in methods]
        got = run_all("http.response", [{"response": c["bytes"], "encoding": "latin-1", "newlines": "as typed",
                                         "connection": "stays open" if c["open"] else "closes",
                                         "method": c["method"]} for c in cases])
        for version in VERSIONS:
            expected = in_python(version, RESPONSE_HARNESS, cases)
            for case, want, (status, out) in zip(cases, expected, got):
                where = f"python {version}, {case['method']}, {'open' if case['open'] else 'closed'}: {case['bytes'][:300]!r}"
                self.assertEqual(status, 0, f"{where}: {out}")
                self.assertEqual(out["waiting"] is not None, want["waiting"], f"{where}: {out}")
                raised = [out["raised"]["type"], out["raised"]["message"]] if out["raised"] else None
                self.assertEqual(raised, want["raised"], where)
                if "status" in want:
                    self.assertEqual((out["status"], out["reason"]), (want["status"], want["reason"]), where)
                    self.assertEqual(10 if out["version"] in ("HTTP/1.0", "HTTP/0.9") else 11, want["version"], where)
                    self.assertEqual(out["headers"], want["headers"], where)
                if "body" in want:
                    self.assertEqual(out["body"], want["body"], where)
                if "consumed" in want:
                    self.assertEqual(out["consumed"], want["consumed"], where)

    def test_fixed_responses(self):
        self.check(FIXED_RESPONSES, ("GET", "HEAD"))

    def test_fresh_random_responses(self):
        rng = random.Random(SEED)
        self.check([random_response(rng) for _ in range(400)])

    def test_a_chunked_body_cut_at_every_byte(self):
        rng = random.Random(SEED + 1)
        full = ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
                chunked_body(rng, ["Hello", " World!", "x" * 17]) + "NEXT")
        self.check([full[:i] for i in range(len(full) + 1)])

    def test_the_series_response(self):
        # Content-Length: 53 for the 12 bytes of "Hello World!": a closed connection raises, an open one waits.
        text = "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: 53\n\nHello World!"
        status, out = run("http.response", {"response": text})
        self.assertEqual(out["raised"], {"type": "IncompleteRead", "message": "IncompleteRead(12 bytes read, 41 more expected)"})
        status, out = run("http.response", {"response": text, "connection": "stays open"})
        self.assertEqual(out["waiting"], {"reading": "body", "have": "12", "need": "41"})


if __name__ == "__main__":
    unittest.main()
