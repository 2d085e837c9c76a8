// The hostile-input campaign (issue 21) through window.llplay in Chromium, for a sample of ids (the first two
// demos of each lab that run in the module, so a new lab is sampled without editing this file): every
// parameter gets each value of a fixed catalogue, and each answer must be a result or a coded error, within a
// time limit (then the run is cancelled and must answer Cancelled). After each id the page still runs a demo
// and its console stays clean. Both builds: mt (isolated) and st.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground({ mt: true, st: false });

// Every code a demo may answer with: read from core/error.hpp, the one list (Internal is a finding).
const CODES = [
  ...fs.readFileSync(new URL('../../core/error.hpp', import.meta.url), 'utf8').matchAll(/X\((\w+), \d+\)/g),
]
  .map((m) => m[1])
  .filter((code) => code !== 'Internal');
const SECONDS = 8;

for (const variant of ['mt', 'st']) {
  test(
    `${variant}: every parameter of a sample of ids, the hostile catalogue through window.llplay; the page keeps working`,
    { timeout: 30 * 60 * 1000 },
    async () => {
      const page = await open(`${sites[variant].url}?demo=float.repr`);
      await settled(page);
      const demos = await page.evaluate(() => window.llplay.list());
      const perLab = {};
      const sample = demos.filter((d) => d.needs === 'nothing' && (perLab[d.lab] = (perLab[d.lab] ?? 0) + 1) <= 2);
      assert.ok(sample.length >= 8, `a sample of ${sample.length} ids`);
      let calls = 0;
      for (const demo of sample) {
        const problems = await page.evaluate(
          async ({ demo, seconds, codes }) => {
            // The catalogue, built in the page (a 10**6-deep array cannot cross into it as JSON).
            const catalogue = (spec) => {
              const deep = (n) => {
                let v = [];
                for (let i = 0; i < n; i++) v = [v];
                return v;
              };
              const values = [
                ['null', null],
                ['true', true],
                ['zero', 0],
                ['minus zero', -0],
                ['NaN', NaN],
                ['Infinity', Infinity],
                ['-Infinity', -Infinity],
                ['"NaN"', 'NaN'],
                ['"inf"', 'inf'],
                ['"1e309"', '1e309'],
                ['2**64', 2 ** 64],
                ['"2**64"', (2n ** 64n).toString()],
                ['10**400 (BigInt)', 10n ** 400n],
                ['"10**400"', (10n ** 400n).toString()],
                ['empty string', ''],
                ['NUL', '\u0000'],
                ['lone surrogate', '\ud800'],
                ['1 MB string', '9'.repeat(1 << 20)],
                ['1 MB of brackets', '['.repeat(1 << 20)],
                ['empty list', []],
                ['list of null', [null]],
                ['object', { a: [1] }],
                ['10**6-deep list', deep(1e6)],
                ['10**6-deep list as text', '['.repeat(1e6) + ']'.repeat(1e6)],
                ['function', () => 1],
                ['null-prototype object', Object.create(null)],
              ];
              if (spec.type === 'integer' || spec.type === 'number') {
                values.push(
                  ['min', spec.min],
                  ['max', spec.max],
                  ['below min', spec.min - 1],
                  ['past max', spec.max + 1],
                );
              } else if ((spec.type === 'string' || spec.type === 'value') && spec.max <= 1 << 20) {
                values.push(['max bytes', '1'.repeat(spec.max)], ['max + 1 bytes', '1'.repeat(spec.max + 1)]);
              } else if (spec.type === 'string_list') {
                values.push(['max items', Array(spec.max).fill('1')], ['max + 1 items', Array(spec.max + 1).fill('1')]);
              }
              return values;
            };
            const out = [];
            let count = 0;
            for (const spec of demo.params) {
              for (const [label, value] of catalogue(spec)) {
                count++;
                const controller = new AbortController();
                const timer = setTimeout(() => controller.abort(), seconds * 1000);
                try {
                  const result = await window.llplay.run(
                    demo.id,
                    { [spec.name]: value },
                    { signal: controller.signal },
                  );
                  if (!result || typeof result !== 'object')
                    out.push(`${demo.id} [${spec.name} = ${label}]: the result is not an object`);
                } catch (error) {
                  if (!codes.includes(error?.code))
                    out.push(
                      `${demo.id} [${spec.name} = ${label}]: ${error?.code ?? 'no code'}: ${String(error?.message).slice(0, 200)}`,
                    );
                  else if (error.code === 'Cancelled' && !controller.signal.aborted)
                    out.push(`${demo.id} [${spec.name} = ${label}]: Cancelled unasked`);
                } finally {
                  clearTimeout(timer);
                }
              }
            }
            return { out, count };
          },
          { demo, seconds: SECONDS, codes: CODES },
        );
        calls += problems.count;
        assert.deepEqual(problems.out, [], demo.id);
        // The page still works: a demo runs, and nothing was logged as an error.
        const repr = await page.evaluate(() => window.llplay.run('float.repr', { values: ['0.1'] }));
        assert.deepEqual(repr.repr, ['0.1'], `after ${demo.id}`);
      }
      await page.click('button.run');
      await settled(page);
      assert.deepEqual(page.problems, []);
      console.log(
        `hostile e2e (${variant}): ${calls} calls on ${sample.length} ids (${sample.map((d) => d.id).join(', ')})`,
      );
    },
  );
}
