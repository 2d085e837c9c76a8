// The floats lab on the page: Day 19's "0.1 + 0.2 != 0.3", measured.
import { h, fill, table } from '../../dom.js';
import { chart } from '../../chart.js';

export default {
  title: 'Floats',
  intro: [
    'Day 19 opens with "I lost $10,000 because 0.1 + 0.2 != 0.3". A Python float is an IEEE-754 double: ' +
      '64 bits that can hold only sums of powers of two. 0.1 is not one of them, so Python stores the nearest ' +
      'double and prints the shortest text that reads back to it.',
    'Everything below runs in your browser, in C++ compiled to WebAssembly, and prints exactly what CPython prints.',
  ],
  demos: {
    'float.repr': {
      python: `values = ["0.1", "0.30000000000000004", "1e16", "1e-5", "-0.0", "5e-324"]
for v in values:
    # float() reads decimal literals; float.fromhex reads 0x1.999999999999ap-4
    x = float.fromhex(v) if v.lstrip("+-").lower().startswith("0x") else float(v)
    print(f"{v!r:>24} -> {x!r}")`,
      render(result, el, { params }) {
        const rows = result.repr.map((repr, i) => ({ typed: params.values[i], repr }));
        fill(el, table(rows, [['typed', 'You typed'], ['repr', 'repr(float(v)) in CPython']]));
      },
    },
    'float.drift': {
      python: `fee, n = 0.10, 10_000_000

total = 0.0
for _ in range(n):
    total += fee                 # rounded to the nearest double, n times
print(f"naive  {total:,.2f}  {total!r}")

s = c = 0.0                      # Kahan: c carries the low bits each addition loses
for _ in range(n):
    y = fee - c
    t = s + y
    c = (t - s) - y
    s = t
print(f"kahan  {s:,.2f}  {s!r}")

cents = 10 * n                   # whole cents in an int: exact
print(f"cents  {cents // 100:,}.{cents % 100:02d}")`,
      render(result, el) {
        fill(el,
          h('p', {}, `Adding ${result.fee} ${Number(result.n).toLocaleString('en')} times. `,
            result.exact ? `Exact total: ${result.exact}.` : 'The fee has fractions of a cent, so there is no exact total in cents.',
            ` Python stores ${result.fee} as the nearest double, which prints as ${result.fee_repr} but is not exactly ${result.fee}.`),
          table(result.rows.map((r) => ({ ...r, ms: r.ms.toFixed(1) })), [['strategy', 'Strategy'], ['total', 'f"{total:,.2f}"'], ['repr', 'repr(total)'],
            ['error', 'total − exact'], ['ms', 'time (ms)']].filter(([k]) => k !== 'error' || result.exact)));
      },
      chart(result, figure) {
        const rows = result.rows;
        return chart(figure, {
          title: 'Time per strategy',
          bars: true,
          categories: rows.map((r) => r.strategy),
          x: rows.map((_, i) => i),
          series: [{ label: 'ms', values: rows.map((r) => r.ms) }],
          xLabel: 'strategy',
          yLabel: 'milliseconds',
          summary: rows.map((r) => `${r.strategy}: ${r.ms.toFixed(1)} ms`).join('; ') + '.',
        });
      },
    },
  },
};
