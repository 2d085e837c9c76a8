// The floats lab in headless Chromium, in both builds: bit flipping, the drift's table and chart,
// bad input answered on the page, the claims check, statistics, and Decimal against CPython.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground();

test('anatomy: the bits of 0.1, and a click on the sign bit makes it -0.1', async () => {
  const page = await open(`${sites.mt.url}?demo=float.anatomy`);
  await settled(page);
  const bits = await page.$$eval('.bits .bit', (els) => els.map((e) => e.textContent).join(''));
  assert.equal(bits, '0011111110111001100110011001100110011001100110011001100110011010');
  assert.match(await page.textContent('dl.facts'), /0\.1000000000000000055511151231257827021181583404541015625/);
  await page.click('.bits .bit.sign');
  await page.waitForFunction(() => document.querySelector('dl.facts dd code')?.textContent === '-0.1');
  // The value box now holds the new double, as a hex float (every bit kept); the bits box is empty again.
  assert.equal(await page.inputValue('#param-value'), '-0x1.999999999999ap-4');
  assert.match(page.url(), /value=-0x1\.999999999999ap-4/);
  await page.fill('#param-bits', '0000000000000001');
  await page.click('button.run');
  await page.waitForFunction(() => document.querySelector('.result .note')?.textContent.includes('subnormal'));
  assert.match(await page.textContent('dl.facts'), /5e-324/);
  assert.deepEqual(page.problems, []);
});

for (const variant of ['mt', 'st']) {
  test(`${variant}: the drift shows seven strategies, the exact total, and a chart with its words`, async () => {
    const page = await open(`${sites[variant].url}?demo=float.drift&n=1000000`);
    await settled(page, 'done', 60000);
    const rows = await page.$$eval('.result tbody tr', (trs) =>
      trs.map((tr) => [...tr.children].map((td) => td.textContent)),
    );
    assert.deepEqual(
      rows.map((r) => r[0]),
      ['naive', 'kahan', 'neumaier', 'pairwise', 'exact', 'cents', 'decimal'],
    );
    assert.equal(rows[0][2], '100000.00000133288'); // CPython: total = 0.0; for _ in range(10**6): total += 0.10
    assert.equal(rows[6][1], '$100,000.00');
    await page.waitForSelector('figure.chart canvas');
    assert.match(await page.textContent('figure.chart figcaption'), /naive is 1\.33e-6 away/);
    assert.deepEqual(page.problems, []);
  });

  test(`${variant}: bad input gets a clear error on the page, and the next run works`, async () => {
    const page = await open(`${sites[variant].url}?demo=decimal.compute`);
    await settled(page);
    for (const [field, value, code, message] of [
      ['#param-prec', '1000', 'BadParams', /prec' must be between 1 and 999; got "1000"/],
      ['#param-prec', '0', 'BadParams', /between 1 and 999/],
      ['#param-a', 'abc', 'InvalidOperation', /"abc" is not a decimal number/],
    ]) {
      await page.goto(`${sites[variant].url}?demo=decimal.compute`);
      await settled(page);
      await page.fill(field, value);
      await page.click('button.run');
      await settled(page, 'error');
      const text = await page.textContent('.result .error');
      assert.ok(text.startsWith(code), text);
      assert.match(text, message);
    }
    await page.fill('#param-a', '1');
    await page.selectOption('#param-rounding', 'ROUND_HALF_UP');
    await page.fill('#param-prec', '3');
    await page.click('button.run');
    await settled(page);
    assert.equal(await page.textContent('.result .big'), '0.143');
    assert.deepEqual(page.problems, []);
  });
}

test('the claims check recomputes each printed result and says which hold', async () => {
  const page = await open(`${sites.mt.url}?demo=float.claims`);
  await settled(page, 'done', 60000);
  const verdicts = await page.$$eval('.result tbody td:nth-child(3)', (tds) => tds.map((td) => td.textContent));
  // At the default, CPython 3.13: its sum() of ten 0.1s is 1.0; the salary variance and stdev are wrong in any version.
  assert.deepEqual(verdicts, ['not reproduced', 'not reproduced', 'not reproduced', 'reproduced', 'not reproduced']);
  assert.match(await page.textContent('.result'), /\$9,999,999\.98/);
});

test('fsum-speed: the same bits as the CLI, timed in the page, and a cost the two spreads support', async () => {
  const page = await open(`${sites.st.url}?demo=float.fsum-speed&n=100000&data=wide`);
  await settled(page, 'done', 60000);
  const rows = await page.$$eval('.result tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.textContent)),
  );
  const cli = JSON.parse(
    execFileSync('build/native/bin/llplay', ['run', 'float.fsum-speed', '--params', '{"n": 100000, "data": "wide"}'], {
      encoding: 'utf8',
    }),
  );
  assert.deepEqual(
    rows.map((r) => r[1]),
    [cli.fsum, cli.naive],
  );
  const [exact, plain] = rows.map((r) =>
    r[2]
      .match(/\(([\d.]+)–([\d.]+)\)/)
      .slice(1)
      .map(Number),
  );
  const text = await page.textContent('.result');
  assert.match(text, /The plain loop is off/);
  if (exact[1] < plain[0]) assert.match(text, /The exact sum is the faster one here/);
  else if (plain[1] < exact[0]) assert.match(text, /Exactness costs [\d.]+× the plain loop's time here/);
  else if (exact[0] < plain[1] && plain[0] < exact[1])
    assert.match(text, /too close to call here \(the ranges overlap/);
  assert.deepEqual(page.problems, []);
});

test('statistics match CPython on the series salaries', async () => {
  const page = await open(`${sites.st.url}?demo=float.stats`);
  await settled(page);
  const cells = await page.$$eval('.result tbody td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(cells, [
    '1036000',
    '45000',
    '45000',
    '4910417500000',
    '3928334000000',
    '2215946.1861696914',
    '1982002.5227027335',
  ]);
});

test('Decimal in both browser builds matches CPython on fresh random cases', async () => {
  const script = String.raw`
import decimal, json, random
rng = random.Random()
modes = ["ROUND_UP", "ROUND_DOWN", "ROUND_CEILING", "ROUND_FLOOR", "ROUND_HALF_UP", "ROUND_HALF_DOWN", "ROUND_HALF_EVEN", "ROUND_05UP"]
cases = []
for _ in range(80):
    op = rng.choice(["add", "subtract", "multiply", "divide", "quantize"])
    a = str(decimal.Decimal(rng.randrange(-10**12, 10**12)).scaleb(rng.randrange(-15, 5)))
    b = str(decimal.Decimal(rng.randrange(0, 10**6)).scaleb(rng.randrange(-8, 3)))
    prec, rounding = rng.choice([1, 3, 9, 28, 50]), rng.choice(modes)
    ctx = decimal.Context(prec=prec, rounding=getattr(decimal, rounding))
    try:
        expected = ["ok", str(getattr(ctx, op)(decimal.Decimal(a), decimal.Decimal(b)))]
    except decimal.DecimalException as e:
        expected = ["error", type(e).__name__]
    cases.append({"params": {"op": op, "a": a, "b": b, "prec": prec, "rounding": rounding}, "expected": expected})
print(json.dumps(cases))`;
  const cases = JSON.parse(execFileSync('python3', ['-c', script], { encoding: 'utf8' }));
  for (const variant of ['mt', 'st']) {
    const page = await open(sites[variant].url);
    const got = await page.evaluate(async (all) => {
      await window.llplay.ready;
      const out = [];
      for (const c of all) {
        try {
          out.push(['ok', (await window.llplay.run('decimal.compute', c.params)).result]);
        } catch (e) {
          out.push(['error', e.code]);
        }
      }
      return out;
    }, cases);
    cases.forEach((c, i) => assert.deepEqual(got[i], c.expected, `${variant}: ${JSON.stringify(c.params)}`));
  }
});
