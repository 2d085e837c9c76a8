// The files lab on the page: pure paths exactly as each CPython version parses and combines them, the same text
// under both flavours, and the cases that surprise people, in every version side by side; `with` and descriptors;
// crashes; and walking a tree and reading a large file, counted in system calls.
import { h, fill, table } from '../../dom.js';
import { fmt, kib } from '../../format.js';
import { chart } from '../../chart.js';

/** What a case gave: the value as the REPL prints it, or the exception. */
function outcome(cell) {
  return cell.error ? `${cell.error.code}: ${cell.error.message}` : cell.shown;
}

function renderPure(r, el) {
  fill(
    el,
    h('pre', { class: 'repl' }, `>>> ${r.expr}\n${r.shown}`),
    h(
      'p',
      { class: 'note' },
      `As CPython ${r.python} computes it. The path itself: ${r.repr}, whose str() is ${JSON.stringify(r.path)}.`,
    ),
    r.kind === 'parents' || r.kind === 'tuple' || r.kind === 'list'
      ? wrapped(
          r.result.map((value, i) => ({ i: fmt(i), value })),
          [
            ['i', 'index'],
            ['value', r.kind === 'parents' ? 'str(parent)' : 'item'],
          ],
        )
      : null,
  );
}

const PIECE_LABELS = {
  str: 'str(p)',
  parts: 'p.parts',
  drive: 'p.drive',
  root: 'p.root',
  anchor: 'p.anchor',
  name: 'p.name',
  suffix: 'p.suffix',
  suffixes: 'p.suffixes',
  stem: 'p.stem',
  parent: 'p.parent',
  parents: 'tuple(p.parents)',
  as_posix: 'p.as_posix()',
  is_absolute: 'p.is_absolute()',
  is_reserved: 'p.is_reserved()',
};

/** A table whose long cells wrap instead of widening the page. */
const wrapped = (...args) => {
  const el = table(...args);
  el.classList.add('wrap');
  return el;
};

/** The versions that give the same answer, as one row: "3.10 – 3.12". */
function versionRows(results, versions) {
  const rows = [];
  for (const v of versions) {
    const value = outcome(results[v]);
    const last = rows[rows.length - 1];
    if (last && last.value === value) last.to = v;
    else rows.push({ from: v, to: v, value });
  }
  return rows.map((row) => ({ python: row.from === row.to ? row.from : `${row.from} – ${row.to}`, value: row.value }));
}

function renderPieces(r, el) {
  const [posix, windows] = r.flavours;
  const rows = posix.pieces.map((piece, i) => {
    const other = windows.pieces[i];
    const label = piece.op === 'joinpath' ? `p / ${JSON.stringify(r.arg)}` : (PIECE_LABELS[piece.op] ?? piece.op);
    const same = outcome(piece) === outcome(other);
    return { piece: same ? label : `${label} ≠`, posix: outcome(piece), windows: outcome(other), same };
  });
  const differ = rows.filter((row) => !row.same).length;
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      `${differ} of ${rows.length} answers differ between the flavours (≠), in CPython ${r.python}.`,
    ),
    h('pre', { class: 'repl' }, `p = ${posix.repr}   # or\np = ${windows.repr}`),
    wrapped(rows, [
      ['piece', 'p ='],
      ['posix', 'PurePosixPath'],
      ['windows', 'PureWindowsPath'],
    ]),
  );
}

function renderSurprises(r, el) {
  const changing = r.rows.filter((row) => versionRows(row.results, r.versions).length > 1).length;
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      `${fmt(r.rows.length)} expressions, each computed as CPython 3.10, 3.11, 3.12 and 3.13 compute it; ` +
        `${fmt(changing)} give different answers in different versions.`,
    ),
    r.rows.map((row) =>
      h(
        'div',
        { class: 'surprise' },
        h('pre', { class: 'repl' }, `>>> ${row.expr}`),
        wrapped(versionRows(row.results, r.versions), [
          ['python', 'CPython'],
          ['value', 'gives'],
        ]),
        h('p', { class: 'note' }, row.why),
      ),
    ),
  );
}

function renderBatch(r, el) {
  const errors = r.results.filter((x) => x.error).length;
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      `${fmt(r.results.length)} cases as CPython ${r.python} computes them: ${fmt(errors)} raise.`,
    ),
    wrapped(
      r.results.slice(0, 200).map((x, i) => ({ i: fmt(i), value: outcome(x) })),
      [
        ['i', 'case'],
        ['value', 'result'],
      ],
    ),
  );
}

function renderOrder(r, el) {
  const last = r.trace[r.trace.length - 1];
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      last === 'after the with'
        ? 'Nothing propagates: the code after the with runs.'
        : `Out of the with: ${last.replace(/^propagates: /, '')}`,
    ),
    h('pre', { class: 'repl' }, r.trace.join('\n')),
    h(
      'p',
      { class: 'note' },
      `What CPython ${r.python} prints for the program under "The same in Python" (checked line for line, in 3.10 to 3.13, ` +
        'for every combination of up to three managers). __enter__ runs left to right; __exit__ runs right to left, only for the managers ' +
        'whose __enter__ returned, and each sees what is propagating at that moment: a suppressed exception is gone for the ones outside it.',
    ),
  );
}

const HOLDING_NOTES = {
  with: 'with closes each file at the end of its block: one descriptor in use at a time.',
  rebind:
    "Nothing calls close(), and the loop still never runs out: rebinding f drops the old file object's last reference, and " +
    "CPython's reference counting closes it on the spot. It is not the garbage collector: the series (day 17) says the collector " +
    'is what cleans up, but the cycle collector only ever visits objects in reference cycles.',
  keep: 'Every file object is still referenced from the list, so nothing can close it.',
  cycle:
    'Each file sits in a reference cycle, so its count never reaches zero. Only the cycle collector could free it, and here it is ' +
    'off (gc.disable()); with it on, these files close whenever a collection happens to run, not when the loop needs a descriptor.',
  traceback:
    'The stored exception keeps its traceback, the traceback keeps the frame, and the frame keeps its local f: open until ' +
    'the exception is dropped.',
};

function renderLeak(r, el) {
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      r.error
        ? `Opened ${fmt(r.opened)} files, then file ${fmt(r.failedAt + 1)} raised ${r.error}`
        : `Opened all ${fmt(r.opened)} files; at most ${fmt(r.peakOpen)} descriptors were in use at once.`,
    ),
    table(
      [{ limit: fmt(r.limit), opened: fmt(r.opened), peak: fmt(r.peakOpen), end: fmt(r.openAtEnd) }],
      [
        ['limit', 'limit'],
        ['opened', 'files opened'],
        ['peak', 'most open at once (0, 1, 2 included)'],
        ['end', 'open at the end'],
      ],
    ),
    h('p', { class: 'note' }, HOLDING_NOTES[r.holding]),
    h(
      'p',
      { class: 'note' },
      `These counts are what CPython ${r.python} does under the same limit: the tests run the program under ` +
        '"The same in Python" with resource.setrlimit and compare, in 3.10 to 3.13.',
    ),
  );
}

function verdict(p) {
  if (p.torn || p.empty || p.missing) return 'can lose data';
  if (p.new === p.ways) return 'new data, certain';
  if (p.old === p.ways) return 'old data, certain';
  return 'old or new, never a mix';
}

function renderCrash(r, el) {
  const rows = r.points.map((p) => ({
    after: fmt(p.after),
    step: p.after === 0 ? '(before the first step)' : p.step,
    old: fmt(p.old),
    new: fmt(p.new),
    empty: fmt(p.empty),
    torn: fmt(p.torn),
    missing: fmt(p.missing),
    verdict: verdict(p),
  }));
  const losing = r.points.filter((p) => p.torn || p.empty || p.missing).length;
  const certain = r.points.find((p) => p.after > 0 && p.new === p.ways);
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      losing
        ? `${fmt(losing)} of ${fmt(r.points.length)} crash points can leave data.txt empty, torn or missing.`
        : `No crash point leaves a mix: data.txt is always the old or the new file${certain ? `, and the new one for certain from step ${fmt(certain.after)} on` : ', but the new one is never certain'}.`,
    ),
    r.error
      ? h(
          'p',
          { class: 'note warn' },
          `Step ${fmt(r.failedStep + 1)} raised ${r.error}. ` +
            'rename(2) cannot move a file between filesystems, so os.replace fails; it does not fall back to copying, whatever the series (day 17) says.',
        )
      : null,
    h(
      'p',
      { class: 'note' },
      'A crash after each step in turn. The counts are the ways data.txt can look afterwards: every page not yet ' +
        'fsynced, and every directory change not yet fsynced, may or may not have reached the disk (directory changes in the order they ran).',
    ),
    wrapped(rows, [
      ['after', 'step'],
      ['step', 'crash after'],
      ['old', 'old'],
      ['new', 'new'],
      ['empty', 'empty'],
      ['torn', 'torn'],
      ['missing', 'missing'],
      ['verdict', 'verdict'],
    ]),
    h('details', {}, h('summary', {}, 'The program'), h('pre', {}, r.steps.join('\n'))),
  );
}

const CALLS = [
  ['openat', 'openat'],
  ['fstat', 'fstat'],
  ['getdents', 'getdents64'],
  ['close', 'close'],
  ['stat', 'stat'],
  ['lstat', 'lstat'],
  ['total', 'all'],
];

function renderWalk(r, el) {
  const [walk, scan, rglob] = r.walkers;
  const cheapest = r.walkers.reduce((a, b) => (b.total < a.total ? b : a));
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      `${fmt(r.entries)} entries in ${fmt(r.dirs)} directories: os.walk makes ${fmt(walk.total)} system calls, ` +
        `the scandir walk ${fmt(scan.total)}, Path.rglob('*') ${fmt(rglob.total)} (CPython ${r.python}, Linux).`,
    ),
    wrapped(
      r.walkers.map((w) => ({
        name: w.name,
        ...Object.fromEntries(CALLS.map(([key]) => [key, fmt(w[key])])),
        scans: fmt(w.scans),
        list: fmt(w.largestList),
      })),
      [['name', 'walker'], ...CALLS, ['scans', 'directories opened'], ['list', 'largest list']],
    ),
    h(
      'p',
      { class: 'note' },
      'Counted in this model, as CPython ' +
        r.python +
        "'s os.py and pathlib make the calls on Linux with glibc (32 KiB getdents64 reads; 8-character names). " +
        'The tests build small trees for real and count the same calls with strace, in 3.10 to 3.13. ' +
        `${cheapest.name} is the cheapest here. ` +
        'getdents64 already tells a directory from a file, so no walker needs a stat for that; os.walk pays an lstat for every ' +
        "subdirectory (os.path.islink) and a stat for every link; rglob('*') reads every directory twice (once to find the " +
        "directories, once for the '*')" +
        (r.python === '3.10' ? ", and 3.10's rglob stats every link." : '.'),
    ),
    r.sizes
      ? h(
          'p',
          { class: 'note' },
          'With sizes: DirEntry.stat() is one lstat per entry on Linux. It is free only on Windows, where the directory ' +
            'listing carries the size; the series says scandir fetches sizes "without extra system calls", which is true there only.',
        )
      : null,
    h(
      'p',
      { class: 'note' },
      `The largest directory has ${fmt(r.largestDir)} entries: os.walk holds their names in two lists before it yields, ` +
        'rglob holds a DirEntry for each (list(scandir_it)), and the scandir walk holds one entry at a time.',
    ),
  );
}

function walkChart(r, figure) {
  return chart(figure, {
    title: `System calls per walker, CPython ${r.python}`,
    x: r.walkers.map((_, i) => i),
    categories: r.walkers.map((w) => w.name),
    bars: true,
    series: [{ label: 'system calls', values: r.walkers.map((w) => w.total) }],
    xLabel: 'walker',
    yLabel: 'system calls',
    summary: r.walkers.map((w) => `${w.name}: ${fmt(w.total)} system calls`).join('; ') + '.',
  });
}

function renderStream(r, el) {
  const [whole, chunks] = r.ways;
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      `Reading ${kib(r.size)}: f.read() holds ${kib(whole.peakBytes)} at its peak; ` +
        `chunks of ${kib(r.chunk)} hold ${kib(chunks.peakBytes)}, in ${fmt(chunks.reads)} read calls.`,
    ),
    wrapped(
      r.ways.map((w) => ({
        name: w.name,
        calls: fmt(w.calls),
        reads: fmt(w.reads),
        other: fmt(w.openat + w.fstat + w.ioctl + w.lseek + w.close),
        peak: kib(w.peakBytes),
      })),
      [
        ['name', 'way'],
        ['calls', 'f.read() calls'],
        ['reads', 'read(2)'],
        ['other', 'other calls (open, close)'],
        ['peak', 'peak buffer bytes (the model)'],
      ],
    ),
    h(
      'p',
      { class: 'note' },
      "The peak is the model's: the payloads of the buffers alive at once (BufferedReader's 4 KiB, the file's st_blksize, " +
        'and each bytes object), object headers left out. f.read() allocates the whole file plus one byte; a loop of ' +
        'f.read(n) holds two chunks at once, because the previous chunk is still bound to its name while the next is read. ' +
        "The other calls: open()'s openat, fstat, ioctl (isatty) and lseek, and close(); f.read() adds an lseek and an fstat to learn the size. " +
        `The same in CPython 3.10 to 3.13 (checked with strace and tracemalloc; this is ${r.python}).`,
    ),
  );
}

export default {
  intro: [
    'Paths: CPython splits every path into a drive, a root and parts, and the rules differ between PurePosixPath and ' +
      'PureWindowsPath, and between versions (pathlib was rebuilt on os.path in 3.12 and split into a package in 3.13). Every ' +
      "answer here comes from C++ that follows each version's source, checked against CPython 3.10 to 3.13 on thousands of random " +
      'paths; where CPython raises, this raises the same exception with the same message.',
    "with and files: the exact order of __enter__ and __exit__, and what closes a file nobody closed. The series' day 17 post credits " +
      'the garbage collector; in CPython it is reference counting, and the collector only matters for cycles.',
    'Writes that survive a crash: what a crash after each step can leave on disk, with and without the fsyncs. And os.replace across two ' +
      'filesystems fails with EXDEV; it does not copy, as the same post says.',
    "Walking a tree: the system calls os.walk, a scandir walk and Path.rglob make, as each version's os.py and pathlib make them " +
      '(rglob was rewritten in 3.12 and moved onto glob.py in 3.13), and what reading a large file whole or in chunks holds in memory.',
  ],
  demos: {
    'path.pure': {
      render: renderPure,
      showWhen: {
        arg: { op: ['joinpath', 'relative_to', 'is_relative_to', 'with_name', 'with_suffix', 'with_stem', 'match'] },
      },
      notes: [
        'Try op "relative_to" with argument "C:/" on C:/a/d:b in 3.12, then 3.13; or op "match" with a[!x]b on a/b (posix) in 3.12.',
      ],
      python: `from pathlib import PurePosixPath, PureWindowsPath

p = PureWindowsPath('C:/Users/Ana/../report.tar.gz')
tuple(p.parents)   # '..' is left alone: pure paths never touch a disk
p.suffixes         # ['.tar', '.gz']
PurePosixPath('/a') / '/b'          # PurePosixPath('/b'): an absolute right side wins
PureWindowsPath('C:') / 'foo'       # PureWindowsPath('C:foo'): relative to C:'s current folder
PureWindowsPath('//server/share')   # a UNC drive, and it gets a root: '\\\\server\\share\\'`,
    },
    'path.pieces': {
      render: renderPieces,
      python: `from pathlib import PurePosixPath, PureWindowsPath

for cls in (PurePosixPath, PureWindowsPath):
    p = cls('//server/share/a.b/../c.tar.gz')
    print(cls.__name__, p.drive, p.root, p.parts, p.name, p.suffixes, p / '/d')`,
    },
    'path.surprises': {
      render: renderSurprises,
      python: `from pathlib import PurePosixPath, PureWindowsPath

PureWindowsPath('C:/a/d:b').relative_to('C:/')   # 3.12: PureWindowsPath('d:b'), on drive d:
                                                  # 3.10, 3.11, 3.13: PureWindowsPath('a/d:b')
PurePosixPath('a/b').match('a[!x]b')              # 3.12: True, the set matched the '/'; others: False
PureWindowsPath('a/b.').is_reserved()             # 3.13: True (a trailing dot); before: False`,
    },
    'with.order': {
      render: renderOrder,
      showWhen: { c: { b: ['ok', 'enter', 'exit', 'suppress'] } },
      notes: [
        'Try B = suppress with the body raising: A.__exit__ sees None. Or B = enter: the body never runs, and only A exits.',
      ],
      python: (r) => r.program,
    },
    'with.leak': {
      render: renderLeak,
      sourceOpen: false,
      notes: [
        'Try "rebind": no close() anywhere, and it never runs out. Then "cycle" or "traceback": the same loop runs out like "keep".',
      ],
      python: (r) => r.program, // the program the tests run in CPython, as the C++ returns it
    },
    'files.crash': {
      render: renderCrash,
      showWhen: { fsyncDir: { method: ['replace'] }, tmpOn: { method: ['replace'] } },
      notes: [
        'The series\' atomic_save_config (day 17) fsyncs the file but not the directory: set "fsync the directory" off to see that ' +
          'a crash after the program finished can still bring the old file back.',
      ],
      python: `import os

def save(data: bytes, path='data.txt'):
    tmp = path + '.tmp'                 # same directory, same filesystem
    with open(tmp, 'wb') as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())            # the data is on disk
    os.replace(tmp, path)               # atomic: old or new, never a mix
    d = os.open('.', os.O_RDONLY)
    try:
        os.fsync(d)                     # the rename is on disk
    finally:
        os.close(d)`,
    },
    'files.walk': {
      render: renderWalk,
      chart: walkChart,
      notes: [
        'Try 3 links per directory in 3.10, then 3.13: only rglob changes. Then "also read every file\'s size": the scandir walk pays an lstat per file too.',
      ],
      python: (r) => r.walkers.map((w) => `# ${w.name}\n${w.program}`).join('\n'),
    },
    'files.stream': {
      render: renderStream,
      python: (r) => r.ways.map((w) => `# ${w.name}\n${w.program}`).join('\n'),
    },
    'path.batch': {
      render: renderBatch,
      python: `import json
from pathlib import PurePosixPath, PureWindowsPath

for case in json.load(open('cases.json')):
    cls = PureWindowsPath if case['flavour'] == 'windows' else PurePosixPath
    print(getattr(cls(case['path']), case['op']))`,
    },
  },
};
