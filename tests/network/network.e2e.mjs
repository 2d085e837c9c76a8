// The network lab in headless Chromium, in both builds: the request's bytes and the presets, the series'
// Content-Length: 53 raising or waiting, header injection answered as a coded error, the contract id
// through window.llplay, the stream/datagram/server simulations, and typed text never becoming HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground({ mt: true, st: false });

/** Clicks one of a result's "Try:" buttons and waits for the run it starts. */
async function tryPreset(page, label, state = 'done') {
  await page.evaluate(() => {
    document.querySelector('article.demo').dataset.state = '';
  });
  await page.click(`.net-presets button:has-text("${label}")`);
  await settled(page, state);
}

for (const variant of ['mt', 'st']) {
  test(`${variant}: the request's bytes, a UTF-8 body counted in bytes, and header injection refused`, async () => {
    const page = await open(`${sites[variant].url}?demo=http.request`);
    await settled(page);
    const wire = await page.textContent('.result pre.net-wire');
    assert.match(wire, /^POST \/echo\?lang=en HTTP\/1\.1\\r\\n/);
    assert.match(wire, /Host: localhost:8080\\r\\nadded by http\.client/);
    assert.match(wire, /X-Request-Id: 2\\r\\nyour headers/); // dict(headers): the last value, in the first place
    await tryPreset(page, 'A UTF-8 body');
    assert.match(await page.textContent('.result'), /Content-Length: 16.*is 10 characters and 16 bytes in UTF-8/s);
    assert.match(page.url(), /bodyType=auto|body=Gr/);
    await tryPreset(page, 'Header injection', 'error');
    assert.match(
      await page.textContent('.result .error'),
      /^ValueError.*Invalid header value b'ana\\r\\nX-Admin: yes'/,
    );
    assert.deepEqual(page.problems, []);
  });
}

test("the series' response: Content-Length 53 raises when the server closes and waits when it does not", async () => {
  const page = await open(`${sites.mt.url}?demo=http.response`);
  await settled(page);
  assert.match(
    await page.textContent('.result'),
    /http\.client raises IncompleteRead: IncompleteRead\(12 bytes read, 41 more expected\)/,
  );
  assert.match(await page.textContent('.result'), /"Hello World!" is 12 bytes/);
  await tryPreset(page, '…and the server keeps the connection');
  assert.match(
    await page.textContent('.result'),
    /recv\(\) blocks: reading the body, it has 12 bytes and waits for 41 more/,
  );
  await tryPreset(page, 'Content-Length: 5 (cuts the body)');
  assert.match(await page.textContent('.result'), /7 bytes after the response/);
  assert.deepEqual(page.problems, []);
});

test('the contract id through window.llplay, in the st build', async () => {
  const page = await open(`${sites.st.url}?demo=http.request`);
  const out = await page.evaluate(async () => {
    const llplay = await window.llplay.ready;
    const ok = await llplay.run('http.request', {
      method: 'PUT',
      url: 'http://[fe80::1%eth0]:81/x',
      headers: [['A', 1]],
      body: '€',
      python: '3.10',
    });
    const errors = [];
    for (const params of [
      { url: 'https://x/' },
      { url: 'http://h:x/' },
      { headers: [['X', '€']] },
      { body: '€', bodyType: 'str' },
    ]) {
      try {
        await llplay.run('http.request', params);
      } catch (e) {
        errors.push(e.code);
      }
    }
    return { ok, errors };
  });
  assert.equal(
    out.ok.bytes,
    'PUT /x HTTP/1.1\r\nHost: [fe80::1%eth0]:81\r\nAccept-Encoding: identity\r\nContent-Length: 3\r\nA: 1\r\n\r\nâ\u0082¬',
  );
  assert.equal(out.ok.python, '3.10');
  assert.deepEqual(out.errors, ['BadParams', 'InvalidURL', 'UnicodeEncodeError', 'UnicodeEncodeError']);
});

test('TCP: one recv per message breaks, framing does not; UDP; servers; typed text stays text', async () => {
  const page = await open(
    `${sites.mt.url}?demo=tcp.stream&messages=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&messages=b`,
  );
  await settled(page);
  const compare = await page.$eval('.result table', (t) =>
    [...t.querySelectorAll('tbody tr')].map((tr) => tr.children[1].textContent),
  );
  assert.equal(compare.length, 3);
  assert.deepEqual(compare.slice(1), ['intact', 'intact']);
  assert.equal(await page.$('.result img'), null, 'a typed message is text, never HTML');
  await page.goto(`${sites.mt.url}?demo=tcp.stream`);
  await settled(page);
  assert.match(await page.textContent('.result'), /not what was sent/);
  await page.goto(`${sites.mt.url}?demo=tcp.stream&loss=1`);
  await settled(page);
  assert.match(await page.textContent('.result'), /never delivered/);
  await page.goto(`${sites.mt.url}?demo=udp.datagrams`);
  await settled(page);
  assert.match(await page.textContent('.result'), /Nothing was sent again/);
  await page.goto(`${sites.mt.url}?demo=server.loop`);
  await settled(page);
  assert.equal(await page.$$eval('.result svg.net-timeline', (s) => s.length), 3);
  assert.match(await page.textContent('.result'), /Client #0 pauses 2,000 ms/);
  assert.deepEqual(page.problems, []);
});
