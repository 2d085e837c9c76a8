// The network lab on the page: Day 22's raw HTTP request and response as the bytes http.client really
// writes and reads, TCP as a stream cut by a simulated network, UDP datagrams, and servers as loops.
import { h, fill, table } from '../../dom.js';
import { fmt, ms, bytes as size } from '../../format.js';

const SVG = 'http://www.w3.org/2000/svg';
const POST = 'Day 22 (sockets)';

/** A byte string (each character one byte) with controls and non-ASCII bytes made visible. */
function visible(text, { crlf = true } = {}) {
  const out = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push(plain);
    plain = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (crlf && c === 13 && text.charCodeAt(i + 1) === 10) {
      flush();
      out.push(h('span', { class: 'crlf' }, '\\r\\n'));
      i++;
    } else if (c < 0x20 || c >= 0x7f) {
      flush();
      const names = { 9: '\\t', 10: '\\n', 13: '\\r', 0: '\\x00' };
      out.push(h('span', { class: 'esc' }, names[c] ?? `\\x${c.toString(16).padStart(2, '0')}`));
    } else {
      plain += text[i];
    }
  }
  flush();
  return out;
}

/** The bytes (one character each) read as UTF-8, as a server would decode them. */
function utf8(text) {
  const b = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
  return new TextDecoder('utf-8').decode(b);
}

function presets(items, rerun) {
  return h(
    'div',
    { class: 'net-presets' },
    h('span', {}, 'Try:'),
    items.map(([label, values]) => h('button', { type: 'button', onclick: () => rerun(values) }, label)),
  );
}

// ---- http.request --------------------------------------------------------------------------------

const ORIGIN = { 'request line': 'request line', 'http.client': 'added by http.client', headers: 'your headers' };

function renderRequest(r, el, { params, rerun }) {
  const lines = r.lines.map((line) =>
    h(
      'div',
      { class: line.origin === 'http.client' ? 'auto' : null },
      visible(line.text),
      h('span', { class: 'crlf' }, '\\r\\n'),
      h('span', { class: 'origin' }, ORIGIN[line.origin]),
    ),
  );
  const body = r.bytes.slice(r.headBytes);
  const text = params.body ?? '';
  const chars = [...text].length;
  const notes = [];
  const cl = r.lines.find((l) => /^content-length:/i.test(l.text));
  if (cl && r.lines.indexOf(cl) > 0 && cl.text !== `Content-Length: ${r.bodyBytes}` && !r.chunked) {
    notes.push(
      h(
        'p',
        { class: 'note warn' },
        `${cl.text}, but the body is ${fmt(r.bodyBytes)} bytes. ` +
          (Number(cl.text.split(':')[1]) > r.bodyBytes
            ? `The server waits for ${fmt(Number(cl.text.split(':')[1]) - r.bodyBytes)} more bytes that never come (the next demo shows it from the other side).`
            : 'The server reads that many and takes the rest as the start of the next request.'),
      ),
    );
  } else if (cl && body && chars !== r.bodyBytes && params.bodyType !== 'str') {
    notes.push(
      h(
        'p',
        { class: 'note' },
        `Content-Length counts bytes: "${text.slice(0, 40)}" is ${fmt(chars)} characters and ${fmt(r.bodyBytes)} bytes in UTF-8.`,
      ),
    );
  }
  if (params.bodyType === 'str' && body) {
    notes.push(
      h(
        'p',
        { class: 'note' },
        "A str body: http.client counts its characters and sends it as latin-1 (RFC 2616's default), not UTF-8.",
      ),
    );
  }
  if (r.chunked)
    notes.push(
      h(
        'p',
        { class: 'note' },
        `Sent chunked: ${r.chunkSizes.map((n) => fmt(n)).join(' + ') || 'no'} bytes of data, each chunk after its size in hex, then 0 and a blank line.`,
      ),
    );
  fill(
    el,
    h(
      'p',
      { class: 'big net-words' },
      `${size(r.length)} on the wire: ${fmt(r.headBytes)} of head, ${fmt(r.bodyBytes)} of body`,
    ),
    h(
      'p',
      { class: 'note' },
      `HTTPConnection(${JSON.stringify(r.host)}).request(…, ${JSON.stringify(r.target || '/')}, …) in CPython ${r.python}, captured from a fake socket. Yellow lines are the ones http.client adds.`,
    ),
    h(
      'pre',
      { class: 'net-wire' },
      lines,
      h(
        'div',
        {},
        h('span', { class: 'crlf' }, '\\r\\n'),
        h('span', { class: 'origin' }, 'the blank line: the head ends'),
      ),
      body ? h('div', { class: 'body' }, visible(body, { crlf: r.chunked })) : null,
    ),
    notes,
    body && /[\x80-\xff]/.test(body) && !r.chunked
      ? h('p', { class: 'note' }, 'The body as a server decodes it as UTF-8: ', h('q', {}, utf8(body)))
      : null,
    presets(
      [
        [
          "The series' request",
          {
            method: 'GET',
            url: 'http://www.google.com/',
            headers: '[["User-Agent", "Mozilla/5.0"], ["Accept", "text/html"]]',
            body: '',
            bodyType: 'auto',
          },
        ],
        ['A UTF-8 body', { method: 'POST', body: 'Grüße, 世界!', bodyType: 'auto' }],
        ['The same as a str', { method: 'POST', body: 'Grüße, 世界!', bodyType: 'str' }],
        ['Header injection', { method: 'GET', headers: '[["X-User", "ana\\r\\nX-Admin: yes"]]', body: '' }],
        [
          'Content-Length: 53',
          { method: 'POST', headers: '[["Content-Length", "53"]]', body: 'Hello World!', bodyType: 'auto' },
        ],
        ['An iterable body (chunked)', { method: 'POST', body: 'line one\nline two\n', bodyType: 'lines' }],
      ],
      rerun,
    ),
  );
}

// ---- http.response -------------------------------------------------------------------------------

function renderResponse(r, el, { params, rerun }) {
  const parts = [];
  if (r.status !== undefined) {
    parts.push(
      h(
        'p',
        { class: 'big net-words' },
        `${r.version} ${r.status} ${r.reason}`,
        r.interim ? ` (after ${r.interim} × 100 Continue)` : '',
      ),
    );
  }
  if (r.headers) {
    parts.push(
      r.headers.length
        ? table(
            r.headers.map(([name, value]) => ({ name, value })),
            [
              ['name', 'header'],
              ['value', 'value'],
            ],
            'getheaders()',
          )
        : h('p', {}, 'No headers.'),
    );
    const how = {
      chunked: `Body by chunks: ${r.chunks.length} size line${r.chunks.length === 1 ? '' : 's'} read (${r.chunks.map((c) => fmt(c.size)).join(', ')}).`,
      'content-length': `Body by Content-Length: ${r.contentLength} bytes.`,
      'until close': 'No Content-Length and not chunked: the body is everything until the server closes.',
      none:
        params.method === 'HEAD'
          ? 'The answer to a HEAD request has no body, whatever its headers say.'
          : `Status ${r.status} has no body, whatever the headers say.`,
    }[r.framing];
    parts.push(h('p', {}, how));
  }
  if (r.raised) {
    parts.push(
      h(
        'div',
        { class: 'error', role: 'alert' },
        h('strong', {}, `http.client raises ${r.raised.type}`),
        ': ',
        r.raised.message,
      ),
    );
    if (r.raised.type === 'IncompleteRead') {
      parts.push(
        h('p', { class: 'note' }, 'The server closed the connection before the body it announced was complete.'),
      );
    }
  }
  if (r.waiting) {
    const w = r.waiting;
    parts.push(
      h(
        'div',
        { class: 'error', role: 'status' },
        h('strong', {}, 'recv() blocks'),
        ': reading the ',
        w.reading,
        `, it has ${fmt(Number(w.have))} bytes`,
        w.need ? ` and waits for ${fmt(Number(w.need))} more` : ' and waits for the rest of the line (or the close)',
        '. Nothing arrives, so it waits until its timeout (none by default: forever).',
      ),
    );
  }
  if (r.body !== undefined && (r.body || r.status !== undefined)) {
    parts.push(
      h(
        'p',
        {},
        r.raised?.type === 'IncompleteRead'
          ? `The partial body (${fmt(r.bodyBytes)} bytes):`
          : `The body (${fmt(r.bodyBytes)} bytes):`,
      ),
      h('pre', { class: 'net-wire' }, visible(r.body)),
    );
  }
  if (r.leftover) {
    parts.push(
      h(
        'p',
        { class: 'note warn' },
        `${fmt(r.leftover.length)} bytes after the response: on a kept-alive connection they are read as the start of the next response.`,
      ),
      h('pre', { class: 'net-wire' }, visible(r.leftover)),
    );
  }
  parts.push(
    h(
      'details',
      {},
      h('summary', {}, `The ${fmt(r.length)} bytes the server sent`),
      h('pre', { class: 'net-wire' }, visible(r.bytes)),
    ),
  );
  const series = 'HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: 53\n\nHello World!';
  if (/Content-Length: 53/.test(r.bytes)) {
    parts.push(
      h(
        'p',
        { class: 'note warn' },
        `${POST} prints this response with Content-Length: 53, but "Hello World!" is 12 bytes. ` +
          'A client that believes the header either raises (the server closed) or hangs waiting for 41 bytes (the server kept the connection).',
      ),
    );
  }
  parts.push(
    presets(
      [
        ["The series' response", { response: series, connection: 'closes' }],
        ['…and the server keeps the connection', { response: series, connection: 'stays open' }],
        ['Content-Length: 5 (cuts the body)', { response: series.replace('53', '5'), connection: 'closes' }],
        [
          'Chunked',
          {
            response: 'HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\nHello\n7\n World!\n0\n\n',
            connection: 'closes',
          },
        ],
        [
          'No length: until close',
          {
            response: 'HTTP/1.1 200 OK\nContent-Type: text/html\n\n<h1>Hello from the Raw Socket!</h1>',
            connection: 'stays open',
          },
        ],
      ],
      rerun,
    ),
  );
  fill(el, parts);
}

// ---- tcp.stream ----------------------------------------------------------------------------------

function renderTcp(r, el, { params }) {
  const intact = r.intact;
  const rows = r.segments.map((s, i) => ({
    n: i + 1,
    bytes: `${s.offset}–${s.offset + s.bytes.length - 1}`,
    data: h('code', {}, visible(s.bytes, { crlf: false })),
    sent: ms(s.sentMs),
    arrives: s.lost ? 'lost' : ms(s.arrivesMs),
    note: [
      s.attempt > 1 ? `retransmission ${s.attempt - 1}` : '',
      s.outOfOrder ? 'early: held until the gap fills' : '',
    ]
      .filter(Boolean)
      .join('; '),
  }));
  const recvRows = r.recvs.map((v, i) => ({
    n: i + 1,
    at: ms(v.atMs),
    got: v.bytes ? h('code', {}, visible(v.bytes, { crlf: false })) : 'b"" (the client closed)',
    length: fmt(v.bytes.length),
  }));
  const received = r.received.map((m, i) => ({
    n: i + 1,
    got: h('code', {}, visible(m, { crlf: false })),
    ok:
      m === r.sent[i] ? 'yes' : h('span', { class: 'net-bad' }, `no: sent ${JSON.stringify(r.sent[i] ?? '(nothing)')}`),
  }));
  fill(
    el,
    h(
      'p',
      { class: 'big net-words' + (intact ? ' ok' : '') },
      intact
        ? `framing "${r.framing}": every message arrived intact.`
        : r.delivered
          ? `framing "${r.framing}": the server got ${fmt(r.received.length)} "messages", and they are not what was sent.`
          : 'The connection died: TCP gave up after 12 retransmissions of one segment; everything after it was never delivered.',
    ),
    h(
      'div',
      { class: 'net-scroll' },
      table(
        r.compare.map((c) => ({ ...c, intact: c.intact ? 'intact' : c.delivered ? 'broken' : 'never delivered' })),
        [
          ['framing', 'server reads'],
          ['intact', 'messages'],
          ['recvs', 'recv() calls'],
          ['segments', 'segments sent'],
        ],
        'The same network, three servers',
      ),
    ),
    h('h3', {}, `${fmt(r.segments.length)} segments`),
    h(
      'div',
      { class: 'net-scroll' },
      table(rows, [
        ['n', '#'],
        ['bytes', 'stream bytes'],
        ['data', 'data'],
        ['sent', 'sent (ms)'],
        ['arrives', 'arrives (ms)'],
        ['note', ''],
      ]),
    ),
    h('h3', {}, `What each recv(${params.bufsize}) returned`),
    h(
      'div',
      { class: 'net-scroll' },
      table(recvRows, [
        ['n', '#'],
        ['at', 'at (ms)'],
        ['got', 'returned'],
        ['length', 'bytes'],
      ]),
    ),
    h('h3', {}, 'The messages as the server framed them'),
    h(
      'div',
      { class: 'net-scroll' },
      table(received, [
        ['n', '#'],
        ['got', 'message'],
        ['ok', 'as sent?'],
      ]),
    ),
  );
}

// ---- udp.datagrams -------------------------------------------------------------------------------

function renderUdp(r, el) {
  const dups = r.received.filter((d) => d.duplicate).length;
  const late = r.received.filter((d) => d.outOfOrder).length;
  fill(
    el,
    h(
      'p',
      { class: 'big net-words' },
      `${fmt(r.sent.length)} sent, ${fmt(r.received.length)} received: ${fmt(r.lost.length)} lost, ${fmt(dups)} duplicated, ${fmt(late)} out of order. Nothing was sent again.`,
    ),
    h(
      'div',
      { class: 'net-scroll' },
      table(
        r.received.map((d, i) => ({
          n: i + 1,
          message: `#${d.index + 1}`,
          data: h('code', {}, visible(d.bytes, { crlf: false })),
          sent: ms(d.sentMs),
          arrives: ms(d.arrivesMs),
          note: [
            d.duplicate ? 'duplicate' : '',
            d.outOfOrder ? 'after a later one' : '',
            d.truncated ? 'cut to bufsize: the rest is gone' : '',
          ]
            .filter(Boolean)
            .join('; '),
        })),
        [
          ['n', 'recvfrom #'],
          ['message', 'message'],
          ['data', 'data'],
          ['sent', 'sent (ms)'],
          ['arrives', 'arrives (ms)'],
          ['note', ''],
        ],
        'In arrival order',
      ),
    ),
    r.lost.length
      ? h('p', {}, `Never arrived: ${r.lost.map((i) => `#${i + 1}`).join(', ')}.`)
      : h('p', {}, 'Nothing lost this time.'),
    h(
      'p',
      {},
      `A receiver that applies only news newer than what it has (a game's positions, a sensor's reading) applied ${r.latest.map((i) => `#${i + 1}`).join(', ')} and ends at `,
      h('strong', {}, r.latest.length ? JSON.stringify(r.sent[r.latest.at(-1)]) : 'nothing'),
      r.latest.length && r.latest.at(-1) === r.sent.length - 1
        ? ': the right final state, without one retransmission.'
        : ': the newest that arrived.',
    ),
  );
}

// ---- server.loop ---------------------------------------------------------------------------------

const COLORS = { waiting: '#e4572e', cpu: '#4c6ef5', io: '#9aa5b1', thinking: 'transparent' };
const MODEL = { blocking: 'one client at a time', threads: 'a thread per client', eventLoop: 'an event loop (select)' };

function timeline(model, clients, endMs) {
  const width = 800,
    row = 10,
    top = 4,
    height = top + clients * row + 16;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'net-timeline');
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    `${MODEL[model.model]}: each row a client, red waiting, blue CPU, grey I/O, over ${ms(endMs)} ms`,
  );
  const x = (t) => 40 + (t / endMs) * (width - 50);
  for (const [client, kind, from, to] of model.timeline) {
    if (kind === 'thinking') continue;
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', x(from));
    rect.setAttribute('y', top + client * row);
    rect.setAttribute('width', Math.max(0.5, x(to) - x(from)));
    rect.setAttribute('height', row - 2);
    rect.setAttribute('fill', COLORS[kind]);
    svg.append(rect);
  }
  for (let c = 0; c < clients; c += Math.max(1, Math.ceil(clients / 10))) {
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', 0);
    label.setAttribute('y', top + c * row + row - 2);
    label.setAttribute('font-size', 9);
    label.setAttribute('fill', 'currentColor');
    label.textContent = `#${c}`;
    svg.append(label);
  }
  const axis = document.createElementNS(SVG, 'text');
  axis.setAttribute('x', width - 10);
  axis.setAttribute('y', height - 3);
  axis.setAttribute('font-size', 10);
  axis.setAttribute('text-anchor', 'end');
  axis.setAttribute('fill', 'currentColor');
  axis.textContent = `${ms(endMs)} ms`;
  svg.append(axis);
  return svg;
}

function renderServers(r, el, { params }) {
  const end = Math.max(...r.models.map((m) => m.endMs), 1);
  const [blocking, , loop] = r.models;
  fill(
    el,
    h(
      'p',
      { class: 'big net-words' },
      `One client at a time: ${fmt(blocking.requestsPerSecond)} requests/s, slowest ${ms(blocking.max)} ms. ` +
        `Event loop: ${fmt(loop.requestsPerSecond)} requests/s, slowest ${ms(loop.max)} ms.`,
    ),
    h(
      'div',
      { class: 'net-scroll' },
      table(
        r.models.map((m) => ({
          model: MODEL[m.model],
          rps: fmt(m.requestsPerSecond),
          p50: ms(m.p50),
          p90: ms(m.p90),
          p99: ms(m.p99),
          max: ms(m.max),
          end: ms(m.endMs),
          threads: fmt(m.threads),
          busy: m.endMs > 0 ? `${fmt((100 * m.requests * Number(params.cpuMs)) / m.endMs)}%` : '',
        })),
        [
          ['model', 'server'],
          ['rps', 'requests/s'],
          ['p50', 'p50 (ms)'],
          ['p90', 'p90 (ms)'],
          ['p99', 'p99 (ms)'],
          ['max', 'max (ms)'],
          ['end', 'all done (ms)'],
          ['busy', 'CPU busy'],
          ['threads', 'threads'],
        ],
        `${fmt(params.clients)} clients × ${fmt(params.requests)} requests, virtual time`,
      ),
    ),
    r.models[1].p99 === loop.p99 && r.models[1].max === loop.max
      ? h(
          'p',
          { class: 'note' },
          `The threads and the event loop give the same times here: with ${ms(Number(params.cpuMs))} ms of CPU per request no thread is ever preempted (a switch comes after 5 ms), ` +
            `and neither waits while another waits for I/O. What differs is the cost: ${fmt(r.models[1].threads)} threads, each with its own stack, against one. Raise the CPU per request to see the 5 ms switches stretch every latency.`,
        )
      : null,
    Number(params.slowThinkMs) > 0
      ? h(
          'p',
          { class: 'note' },
          `Client #0 pauses ${ms(Number(params.slowThinkMs))} ms between requests. The first server sits in recv() waiting for it, and every client behind it waits too; the others serve someone else meanwhile.`,
        )
      : null,
    h(
      'p',
      { class: 'net-legend note' },
      'Timelines (first ',
      fmt(r.shownClients),
      ' clients, one row each, same time scale):',
      h('span', { style: `background:${COLORS.waiting}` }),
      'waiting to be served',
      h('span', { style: `background:${COLORS.cpu}` }),
      'CPU',
      h('span', { style: `background:${COLORS.io}` }),
      'waiting for I/O',
    ),
    r.models.map((m) => [h('h3', {}, MODEL[m.model]), timeline(m, r.shownClients, end)]),
  );
}

export default {
  intro: [
    `${POST} sends HTTP by hand over a raw socket. A browser has no raw sockets, so this lab does two things instead: it writes ` +
      "and reads HTTP exactly as CPython's http.client does (checked byte for byte against CPython 3.10–3.13), and it simulates the " +
      'network, deterministically for a seed, to show what a socket really hands you.',
    'One correction first: the post\'s response says Content-Length: 53 for "Hello World!", which is 12 bytes. The second demo shows what that does to a client.',
  ],
  demos: {
    'http.request': {
      render: renderRequest,
      notes: [
        'http.client refuses (ValueError) a header name that starts with whitespace or holds ":", CR or LF, and a value with a CR or LF ' +
          'that is not followed by a space or tab: that stops header injection. A folded value ("a\\r\\n b") and a space inside a name ("X Y") go out as they are.',
        'body is passed as: auto = text.encode("utf-8"), or None when empty; str = the text itself (latin-1, counted in characters); ' +
          'lines = an iterable of its lines, which http.client sends chunked. headers is a JSON list of [name, value] pairs.',
      ],
      python: `import http.client

class FakeSocket:                      # what http.client would send, without a network
    def __init__(self): self.data = b""
    def sendall(self, data): self.data += data

conn = http.client.HTTPConnection("localhost:8080")
conn.sock = FakeSocket()
headers = [("Content-Type", "text/plain; charset=utf-8"), ("X-Request-Id", "1"), ("X-Request-Id", "2")]
conn.request("POST", "/echo?lang=en", None, dict(headers))   # body: text.encode() when there is one
print(conn.sock.data)`,
    },
    'http.response': {
      render: renderResponse,
      python: `import http.client, io

class Sock:                            # a "socket" whose file is these bytes, then EOF
    def __init__(self, data): self.f = io.BytesIO(data)
    def makefile(self, mode): return self.f

raw = b"HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\nContent-Length: 53\\r\\n\\r\\nHello World!"
response = http.client.HTTPResponse(Sock(raw))
response.begin()
print(response.status, response.getheaders())
response.read()   # IncompleteRead(12 bytes read, 41 more expected)`,
    },
    'tcp.stream': {
      render: renderTcp,
      notes: [
        'A seeded model of one connection: segments of 1 to MSS bytes, each delayed by the latency plus random jitter; a lost one is sent again ' +
          'after the retransmission timeout (at least 200 ms, doubling), and after 12 tries TCP gives up. The same seed gives the same run.',
      ],
      python: `import socket, struct

# The client: messages written one after another on one TCP connection.
for m in messages:
    sock.sendall(struct.pack("!I", len(m)) + m)      # framing "length"; "delimiter": m + b"\\n"

# A server that trusts recv() to return one message: broken.
for _ in messages:
    handle(conn.recv(1024))

# A server that frames by length: correct, whatever the network does.
def recv_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed mid-message")
        data += chunk
    return data

while header := recv_exactly(conn, 4):
    handle(recv_exactly(conn, struct.unpack("!I", header)[0]))`,
    },
    'udp.datagrams': {
      render: renderUdp,
      python: `import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i, m in enumerate(messages):
    sock.sendto(f"{i} {m}".encode(), ("127.0.0.1", 9999))   # no connection, no retransmission

# The receiver: one datagram per recvfrom(), whole or not at all.
latest = -1
while True:
    data, addr = sock.recvfrom(1024)
    seq, _, m = data.decode().partition(" ")
    if int(seq) > latest:          # older news (a late or duplicate datagram) is dropped
        latest = int(seq)
        apply(m)`,
    },
    'server.loop': {
      render: renderServers,
      notes: [
        'A model, not a measurement: one CPU that one thread at a time holds (the GIL, switching every 5 ms), waits that cost no CPU, ' +
          'and clients that pause between requests (±50%, seeded). The three servers meet exactly the same clients.',
      ],
      python: `import selectors, socket, threading

# 1. One client at a time: the series' server, kept open for several requests.
while True:
    conn, _ = server.accept()
    while data := conn.recv(1024):         # a slow client holds everyone else in the backlog
        conn.sendall(handle(data))

# 2. A thread per client.
while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,)).start()

# 3. An event loop: one thread, select() tells it which sockets are ready.
sel = selectors.DefaultSelector()
sel.register(server, selectors.EVENT_READ)
while True:
    for key, _ in sel.select():
        if key.fileobj is server:
            conn, _ = server.accept()
            conn.setblocking(False)
            sel.register(conn, selectors.EVENT_READ)
        elif data := key.fileobj.recv(1024):
            key.fileobj.sendall(handle(data))
        else:
            sel.unregister(key.fileobj)`,
    },
  },
};
