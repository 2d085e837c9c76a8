// The JSON lab on the page: Day 20's extract_emails run three ways on any document, the browser's own
// JSON.parse next to them, the deep-nesting exploit, and JSONTestSuite run in this browser.
import { h, fill, table, errorBox } from '../../dom.js';
import { fmt, ms, bytes, dropped } from '../../format.js';
import { base64 } from '../../demo.js';

const pretty = (value) => JSON.stringify(value, null, 2);

/** What an engine stopping with `code` would mean for a web API built on it. */
const MEANING = {
  RecursionLimit:
    'A Python API walking the payload this way raises RecursionError: that request fails with a 500, and ' +
    'a few kilobytes of brackets are enough to make every such request fail. The process survives.',
  StackExhausted:
    'With the limit raised past what the stack holds, CPython does not raise: the interpreter crashes, and ' +
    'every request that worker was serving dies with it. Here the guard stopped the walk with room to spare.',
  LimitExceeded:
    'The matched values were too big to hand back (more than 5 million values, or nested more than 512 deep); ' +
    'an API should cap what it returns in the same way.',
};

const ENGINE_NOTES = {
  recursive: 'a DOM walk that calls itself for every child, as the series writes it',
  iterative: 'the same walk, with the pending work on an explicit stack (a list on the heap)',
  streaming: 'one pass over the text, SAX events, no tree: memory grows with depth and with the matches only',
  'JSON.parse + JavaScript walk': "the browser's own parser builds every object, then an explicit-stack walk",
};

function engineRow(row) {
  if (!row.ok) {
    return {
      engine: row.engine,
      result: `stopped: ${row.code ?? row.name}`,
      nodes: '',
      depth: '',
      memory: '',
      time: '',
      speed: '',
    };
  }
  const memory =
    row.peakBytes === undefined
      ? 'not measurable from JS'
      : `${bytes(row.peakBytes)}${row.stackBytes ? ` (${bytes(row.stackBytes)} of it stack)` : ''}`;
  return {
    engine: row.engine,
    result: `${fmt(row.count)} found`,
    nodes: fmt(row.nodes),
    depth: fmt(row.maxDepth),
    memory,
    time:
      row.parseMs === undefined
        ? `${ms(row.ms)} ms`
        : `${ms(row.ms)} ms (parse ${ms(row.parseMs)} + walk ${ms(row.walkMs)})`,
    speed: `${row.mbPerSecond.toFixed(1)} MB/s`,
  };
}

/** Why the browser's answer differs, when it does. */
function referenceNote(ref, engines) {
  if (!ref) return null;
  if (!ref.ok) return h('p', { class: 'note' }, `JSON.parse refused the text: ${ref.name}: ${ref.message}`);
  if (ref.agrees !== false)
    return h('p', { class: 'note' }, 'JSON.parse plus the walk found the same values, in the same order.');
  const first = engines.find((e) => e.ok);
  return h(
    'p',
    { class: 'note warn' },
    `JSON.parse found ${fmt(ref.count)} values where the engines found ${fmt(first.count)}; the first difference is match #${fmt(ref.firstDifference + 1)}. `,
    "JSON.parse keeps one member per name (the last value, in the first one's place), reads every number as a double " +
      '(1e400 becomes Infinity, 2**64 loses its last digits), and puts integer-like names first. The engines keep the document as written.',
  );
}

function renderCompare(r, el) {
  const rows = [...r.engines, ...(r.reference ? [r.reference] : [])];
  const ok = r.engines.filter((e) => e.ok);
  const stopped = r.engines.filter((e) => !e.ok);
  const shown = ok.find((e) => e.engine === 'streaming') ?? ok[0];
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      `${bytes(r.bytes)} of JSON`,
      r.generatedMs > 1 ? ` (made in ${ms(r.generatedMs)} ms)` : '',
      '. ',
      ok.length > 1
        ? r.agree
          ? `The ${ok.length} engines that finished agree: ${fmt(ok[0].count)} values.`
          : 'The engines DISAGREE.'
        : '',
    ),
    table(
      rows.map(engineRow),
      [
        ['engine', 'engine'],
        ['result', 'result'],
        ['nodes', 'values visited'],
        ['depth', 'deepest'],
        ['memory', 'peak memory (counted)'],
        ['time', 'time'],
        ['speed', 'speed'],
      ],
      ok.length
        ? `Same text, measured now, in this browser: each engine runs once untimed, then ${ok[0].runs === 1 ? 'once timed' : `the median of ${ok[0].runs} timed runs`}${dropped(...ok)}`
        : 'Same text, measured now, in this browser',
    ),
    h(
      'ul',
      { class: 'engines' },
      rows.map((row) => h('li', {}, h('strong', {}, row.engine), `: ${ENGINE_NOTES[row.engine] ?? ''}`)),
    ),
    stopped.length
      ? h(
          'div',
          { class: 'gave-up' },
          h('h3', {}, 'Where it gave up'),
          stopped.map((e) =>
            h(
              'div',
              { class: 'error' },
              h('strong', {}, `${e.engine}: ${e.code}`),
              ' ',
              e.message,
              h('p', {}, MEANING[e.code] ?? ''),
            ),
          ),
        )
      : null,
    referenceNote(r.reference, r.engines),
    shown && shown.count
      ? h(
          'details',
          { class: 'matches' },
          h(
            'summary',
            {},
            `The first ${Math.min(r.shown, shown.count)} of ${fmt(shown.count)} values (${shown.engine})`,
          ),
          h('pre', {}, pretty(shown.matches)),
        )
      : null,
  );
}

function renderExtract(r, el) {
  fill(
    el,
    h('p', { class: 'big' }, `${fmt(r.count)} found by the ${r.engine} engine`),
    table(
      [engineRow({ ...r, ok: true })],
      [
        ['nodes', 'values visited'],
        ['depth', 'deepest'],
        ['memory', 'peak memory (counted)'],
        ['time', 'time'],
        ['speed', 'speed'],
      ],
    ),
    h('pre', { class: 'matches' }, pretty(r.matches).slice(0, 200000)),
  );
}

/** The line of `doc` the error names, with a caret under the column. */
function errorContext(doc, error) {
  const where = /^line (\d+), column (\d+): /.exec(error);
  if (!where || typeof doc !== 'string') return null;
  const line = doc.split('\n')[Number(where[1]) - 1] ?? '';
  const column = Number(where[2]);
  const from = Math.max(0, column - 60);
  const chars = [...line];
  return h(
    'pre',
    { class: 'caret' },
    chars.slice(from, from + 120).join(''),
    '\n',
    `${' '.repeat(column - 1 - from)}^`,
  );
}

function renderValidate(r, el, { params }) {
  fill(
    el,
    r.valid
      ? h('p', { class: 'big ok' }, `Valid JSON (${bytes(r.bytes)}).`)
      : [
          h('p', { class: 'big' }, 'Not JSON: ', r.error),
          params.docEncoding === 'text' ? errorContext(params.doc, r.error) : null,
        ],
  );
}

function renderGenerate(r, el) {
  const url = URL.createObjectURL(new Blob([r.doc], { type: 'application/json' }));
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      `${bytes(r.bytes)} generated. `,
      h('a', { href: url, download: 'payload.json' }, 'Download payload.json'),
    ),
    h('pre', { class: 'matches' }, r.doc.length > 4000 ? `${r.doc.slice(0, 4000)}\n…` : r.doc),
  );
}

/** JSONTestSuite, fetched case by case from dist/conformance and validated through window.llplay. */
function suiteSection(el, { llplay }) {
  const base = new URL('../../conformance/JSONTestSuite/', import.meta.url);
  const button = h('button', { type: 'button' }, 'Run JSONTestSuite');
  const stop = h('button', { type: 'button', disabled: true }, 'Cancel');
  const status = h('span', { class: 'status', role: 'status' });
  const out = h('div', { class: 'suite-result', 'aria-live': 'polite' });
  let controller = null;
  fill(
    el,
    h('h3', {}, 'Conformance: JSONTestSuite'),
    h(
      'p',
      {},
      "Nicolas Seriot's 318 parser test cases: y_ must be accepted, n_ must be rejected, i_ may go either way but must not crash or hang. " +
        'Each file is fetched as bytes and validated here, by the same C++ the other demos use.',
    ),
    h('div', { class: 'actions' }, button, stop, status),
    out,
  );
  stop.addEventListener('click', () => controller?.abort());
  button.addEventListener('click', async () => {
    controller = new AbortController();
    const signal = controller.signal;
    button.disabled = true;
    stop.disabled = false;
    el.dataset.state = 'running';
    const rows = [];
    try {
      const names = await (await fetch(new URL('index.json', base))).json();
      for (const name of names) {
        if (signal.aborted) throw Object.assign(new Error('cancelled'), { code: 'Cancelled' });
        status.textContent = `${rows.length} of ${names.length}`;
        const data = new Uint8Array(
          await (await fetch(new URL(`test_parsing/${encodeURIComponent(name)}`, base))).arrayBuffer(),
        );
        const t0 = performance.now();
        const r = await llplay.run('json.validate', { doc: base64(data), docEncoding: 'base64' }, { signal });
        const expected = { y: 'accept', n: 'reject', i: 'either' }[name[0]];
        const verdict = r.valid ? 'accept' : 'reject';
        rows.push({
          name,
          expected,
          verdict,
          pass: expected === 'either' || expected === verdict,
          ms: performance.now() - t0,
          error: r.error ?? '',
        });
      }
      showSuite(out, rows);
      status.textContent = `${rows.length} cases`;
      el.dataset.state = 'done';
    } catch (error) {
      fill(out, errorBox(error.code ?? 'Error', error.message));
      status.textContent = '';
      el.dataset.state = error.code === 'Cancelled' ? 'cancelled' : 'error';
    } finally {
      button.disabled = false;
      stop.disabled = true;
    }
  });
}

function showSuite(out, rows) {
  const summary = ['y', 'n', 'i'].map((kind) => {
    const mine = rows.filter((r) => r.name[0] === kind);
    return {
      kind: `${kind}_ (${{ y: 'must accept', n: 'must reject', i: 'either' }[kind]})`,
      cases: mine.length,
      accepted: mine.filter((r) => r.verdict === 'accept').length,
      rejected: mine.filter((r) => r.verdict === 'reject').length,
      failed: mine.filter((r) => !r.pass).length,
    };
  });
  const failures = rows.filter((r) => !r.pass);
  const slowest = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
  fill(
    out,
    table(
      summary,
      [
        ['kind', 'cases'],
        ['cases', 'count'],
        ['accepted', 'accepted'],
        ['rejected', 'rejected'],
        ['failed', 'wrong verdicts'],
      ],
      'Verdicts in this browser',
    ),
    h(
      'p',
      { class: failures.length ? 'note warn' : 'note' },
      failures.length
        ? `${failures.length} wrong: ${failures.map((f) => f.name).join(', ')}`
        : 'Every verdict is right, and nothing crashed or hung. ',
      `Slowest case: ${slowest.name}, ${ms(slowest.ms)} ms.`,
    ),
    h(
      'details',
      {},
      h('summary', {}, 'Every case'),
      table(
        rows.map((r) => ({ ...r, ms: ms(r.ms), pass: r.pass ? 'ok' : 'WRONG' })),
        [
          ['name', 'case'],
          ['expected', 'expected'],
          ['verdict', 'verdict'],
          ['pass', ''],
          ['error', 'error'],
          ['ms', 'ms'],
        ],
      ),
    ),
  );
}

const SERIES_WALK = `def extract_emails(data, key="user_email"):      # the series, Day 20
    found = []
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key:
                found.append(v)
            found.extend(extract_emails(v, key))   # a frame per level
    elif isinstance(data, list):
        for item in data:
            found.extend(extract_emails(item, key))
    return found`;

export default {
  intro: [
    'Day 20 finds every "user_email" in a webhook whose schema keeps drifting, with a function that calls itself for every level, ' +
      'then shows the attack: {"a": {"a": {"a": …}}} nested past the recursion limit.',
    "Here the same task runs three ways on any document you paste, load or generate, with the browser's own JSON.parse as the reference. " +
      'Choose source "exploit" to launch the attack: the recursive engine stops, the other two finish, and the page keeps working.',
  ],
  demos: {
    'json.compare': {
      render: renderCompare,
      showWhen: {
        doc: { source: ['text'] },
        docEncoding: { source: ['text'] },
        sizeMB: { source: ['random'] },
        randomDepth: { source: ['random'] },
        seed: { source: ['random'] },
        depth: { source: ['exploit'] },
      },
      sourceOpen: false,
      notes: [
        'Try source "exploit" at depth 1,000,000, then raise maxDepth to 10,000,000: past the soft limit the recursive walk meets the physical stack. ' +
          'Try source "random" at 100 MB to see memory: the tree engines hold the whole document, the streaming one only its depth and the matches.',
      ],
      python: `${SERIES_WALK}

def extract_iterative(data, key="user_email"):   # the same walk, an explicit stack
    found, stack = [], [(None, data)]
    while stack:
        name, value = stack.pop()
        if name == key:
            found.append(value)
        if isinstance(value, dict):
            stack.extend(reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((None, v) for v in reversed(value))
    return found

# streaming: no tree at all, e.g. the third-party ijson
# for email in ijson.items(open("payload.json", "rb"), "item.user_email"): ...`,
    },
    'json.extract': {
      render: renderExtract,
      python: `import json
${SERIES_WALK}

print(extract_emails(json.loads(open("payload.json").read())))`,
    },
    'json.validate': {
      render: renderValidate,
      section: suiteSection,
      python: `import json
try:
    json.loads('{"tags": [1, 2,]}')
except json.JSONDecodeError as e:
    print(e)   # Expecting value: line 1 column 16 (char 15)`,
    },
    'json.generate': {
      render: renderGenerate,
      showWhen: {
        sizeMB: { kind: ['random'] },
        randomDepth: { kind: ['random'] },
        seed: { kind: ['random'] },
        depth: { kind: ['exploit'] },
      },
      python: `import json
depth = 100_000
exploit = '{"a": ' * depth + '1' + '}' * depth
json.loads(exploit)   # RecursionError: maximum recursion depth exceeded
                      # while decoding a JSON object from a unicode string`,
    },
  },
};
