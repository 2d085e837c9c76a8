// The files lab on the page: pure paths exactly as each CPython version parses and combines them, the same text
// under both flavours, and the cases that surprise people, in every version side by side.
import { h, fill, table } from '../../dom.js';
import { fmt } from '../../format.js';

/** What a case gave: the value as the REPL prints it, or the exception. */
function outcome(cell) {
  return cell.error ? `${cell.error.code}: ${cell.error.message}` : cell.shown;
}

function renderPure(r, el) {
  fill(el,
    h('pre', { class: 'repl' }, `>>> ${r.expr}\n${r.shown}`),
    h('p', { class: 'note' }, `As CPython ${r.python} computes it. The path itself: ${r.repr}, whose str() is ${JSON.stringify(r.path)}.`),
    r.kind === 'parents' || r.kind === 'tuple' || r.kind === 'list'
      ? table(r.result.map((value, i) => ({ i: fmt(i), value })), [['i', 'index'], ['value', r.kind === 'parents' ? 'str(parent)' : 'item']])
      : null);
}

const PIECE_LABELS = { str: 'str(p)', parts: 'p.parts', drive: 'p.drive', root: 'p.root', anchor: 'p.anchor', name: 'p.name',
  suffix: 'p.suffix', suffixes: 'p.suffixes', stem: 'p.stem', parent: 'p.parent', parents: 'tuple(p.parents)',
  as_posix: 'p.as_posix()', is_absolute: 'p.is_absolute()', is_reserved: 'p.is_reserved()' };

function renderPieces(r, el) {
  const [posix, windows] = r.flavours;
  const rows = posix.pieces.map((piece, i) => {
    const other = windows.pieces[i];
    const label = piece.op === 'joinpath' ? `p / ${JSON.stringify(r.arg)}` : PIECE_LABELS[piece.op] ?? piece.op;
    return { piece: label, posix: outcome(piece), windows: outcome(other), same: outcome(piece) === outcome(other) ? '' : 'differs' };
  });
  const differ = rows.filter((row) => row.same).length;
  fill(el,
    h('p', { class: 'big' }, `${posix.repr} and ${windows.repr} (CPython ${r.python}): ${differ} of ${rows.length} answers differ.`),
    table(rows, [['piece', 'p ='], ['posix', 'PurePosixPath'], ['windows', 'PureWindowsPath'], ['same', '']]));
}

function renderSurprises(r, el) {
  const rows = r.rows.map((row) => {
    const cells = Object.fromEntries(r.versions.map((v) => [v, outcome(row.results[v])]));
    const changed = new Set(Object.values(cells)).size > 1;
    return { expr: row.expr, ...cells, why: `${row.why}${changed ? ' (changes between versions)' : ''}` };
  });
  const changing = rows.filter((row) => row.why.endsWith('(changes between versions)')).length;
  fill(el,
    h('p', { class: 'big' }, `${fmt(rows.length)} expressions, each computed as CPython 3.10, 3.11, 3.12 and 3.13 compute it; ${fmt(changing)} give different answers in different versions.`),
    table(rows, [['expr', 'expression'], ...r.versions.map((v) => [v, v]), ['why', 'why it surprises']]));
}

function renderBatch(r, el) {
  const errors = r.results.filter((x) => x.error).length;
  fill(el,
    h('p', { class: 'big' }, `${fmt(r.results.length)} cases as CPython ${r.python} computes them: ${fmt(errors)} raise.`),
    table(r.results.slice(0, 200).map((x, i) => ({ i: fmt(i), value: outcome(x) })), [['i', 'case'], ['value', 'result']]));
}

export default {
  intro: [
    'The series\' pathlib post treats paths as strings that happen to have slashes. CPython does not: it splits every path into ' +
      'a drive, a root and parts, and the rules differ between PurePosixPath and PureWindowsPath, and between versions ' +
      '(pathlib was rewritten in 3.12 on top of os.path, and split into a package in 3.13).',
    'Every answer here is computed by C++ that follows each version\'s own source, and is checked against CPython 3.10, 3.11, ' +
      '3.12 and 3.13 on thousands of random paths. Where CPython raises, this raises the same exception with the same message.',
  ],
  demos: {
    'path.pure': {
      render: renderPure,
      showWhen: { arg: { op: ['joinpath', 'relative_to', 'is_relative_to', 'with_name', 'with_suffix', 'with_stem', 'match'] } },
      notes: ['Try op "relative_to" with argument "C:/" on C:/a/d:b in 3.12, then 3.13; or op "match" with a[!x]b on a/b (posix) in 3.12.'],
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
