// The errata page: each checkable claim of the series, recomputed through window.llplay for every CPython
// version the playground models. Each claim names the demo that decides it (embeddable under its post), the
// params per version, and how its result reads as a verdict: reproduced, wrong (with the true value), or the
// same in every version.
import { createLLPlay } from './llplay.js';
import { h, fill, table, whenReady, errorBox } from './dom.js';

const VERSIONS = ['3.10', '3.11', '3.12', '3.13'];

const CLAIMS = [
  {
    post: 'Day 19 (IEEE-754)',
    claim: 'sum() of ten 0.1s is not 1.0 (the roundings of += add up)',
    demo: 'float.fsum',
    params: (python) => ({ values: Array(10).fill('0.1'), python }),
    verdict: (r) =>
      r.sum === '1.0'
        ? ['wrong', `sum() gives ${r.sum}: it compensates since 3.12`]
        : ['reproduced', `sum() gives ${r.sum}`],
  },
  {
    post: 'Day 19 (statistics)',
    claim: "the salary table's variance and standard deviation",
    demo: 'float.claims',
    params: (python) => ({ python }),
    verdict: (r) => {
      const c = r.claims[4];
      return [c.verdict === 'reproduced' ? 'reproduced' : 'wrong', `CPython prints ${c.measured}`];
    },
  },
  {
    post: 'Day 19 (IEEE-754)',
    claim: 'adding 0.10 a hundred million times loses about nineteen cents',
    demo: 'float.claims',
    params: (python) => ({ python }),
    verdict: (r) => [r.claims[1].verdict === 'reproduced' ? 'reproduced' : 'wrong', `it loses ${r.claims[1].measured}`],
  },
  {
    post: 'Day 16 (generators)',
    claim: 'a generator takes 104 bytes, whatever it yields',
    demo: 'memory.lazy',
    params: (python) => ({ n: 1000, python }),
    verdict: (r) =>
      r.cpython.lazy.generatorBytes === 104
        ? ['reproduced', 'sys.getsizeof: 104']
        : ['wrong', `sys.getsizeof gives ${r.cpython.lazy.generatorBytes}: since 3.11 the generator holds its frame`],
  },
  {
    post: 'Day 20 (recursion)',
    claim: 'raising the recursion limit high makes the interpreter crash with a segmentation fault',
    demo: 'recursion.run',
    params: (python) => ({ depth: 10, limit: 1000, python }),
    verdict: (r) =>
      r.pythonCallsUseCStack
        ? ['reproduced', 'Python calls nest C calls: a deep recursion overflows the C stack']
        : ['wrong', 'a Python-to-Python call uses no C stack since 3.11: a million-deep recursion finishes'],
  },
];

const llplay = createLLPlay({});
window.llplay = llplay;

async function start() {
  const main = document.getElementById('main');
  const loading = main.querySelector('.loading');
  if (!(await whenReady(llplay, loading))) return;
  const rows = [];
  for (const c of CLAIMS) {
    const row = {
      post: c.post,
      claim: c.claim,
      demo: h('a', { href: `./?demo=${encodeURIComponent(c.demo)}` }, c.demo),
    };
    for (const python of VERSIONS) {
      try {
        const [verdict, why] = c.verdict(await llplay.run(c.demo, c.params(python)));
        row[python] = h(
          'span',
          { class: verdict === 'reproduced' ? 'ok' : 'bad', title: why },
          verdict,
          h('small', {}, ` ${why}`),
        );
      } catch (error) {
        row[python] = errorBox(error.code ?? 'Error', error.message);
      }
    }
    rows.push(row);
    fill(loading, `Recomputed ${rows.length} of ${CLAIMS.length} claims…`);
  }
  loading.remove();
  main.append(
    h(
      'div',
      { class: 'result' },
      table(rows, [
        ['post', 'Post'],
        ['claim', 'The series says'],
        ...VERSIONS.map((v) => [v, `CPython ${v}`]),
        ['demo', 'Decided by'],
      ]),
    ),
    h(
      'p',
      { class: 'note' },
      'Each demo takes the version as its "python" input; open it to see the whole result, and embed it under the post.',
    ),
  );
  document.body.dataset.state = 'done';
}

start();
