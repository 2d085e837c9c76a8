// Browser tests' harness: dist/ served isolated and not isolated, Debian's Chromium through
// playwright-core, and pages that record every console error, page error and failed request.
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

const root = new URL('../../dist', import.meta.url).pathname;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch() {
  return chromium.launch({ executablePath: process.env.LLPLAY_CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Serves dist/ on a free port; resolves with {server, url}. */
export async function serveDist({ isolation = true, headers, onSent } = {}) {
  const server = await serve({ root, port: 0, isolation, headers, onSent });
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * A page that collects problems in `page.problems`: console errors, uncaught errors, HTTP >= 400.
 * Service workers are blocked unless asked for: a server without headers then stays not isolated.
 */
export async function openPage(browser, url, { serviceWorkers = 'block' } = {}) {
  const context = await browser.newContext({ serviceWorkers });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => m.type() === 'error' && page.problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && page.problems.push(`HTTP ${r.status()} ${r.url()}`));
  if (url) await page.goto(url);
  return page;
}

/** Waits until the demo on the page has finished a run (state done, error or cancelled). */
export function settled(page, state = 'done', timeout = 30000) {
  return page.waitForFunction((s) => document.querySelector('article.demo')?.dataset.state === s, state, { timeout });
}

/** Waits until the site's service worker controls the page and has cached every file in precache.json. */
export async function precached(page) {
  for (let tries = 0; tries < 240; tries++) {
    const done = await page.evaluate(async () => {
      if (!navigator.serviceWorker.controller) return false;
      const files = await (await fetch('precache.json')).json();
      const name = (await caches.keys()).find((k) => k.startsWith('llplay-'));
      return name !== undefined && (await (await caches.open(name)).keys()).length >= files.length;
    });
    if (done) return;
    await page.waitForTimeout(250);
  }
  throw new Error('the service worker did not take control and precache within 60 s');
}

/** The wasm files `page` asks for from now on, as "<variant>/<file>" (a list that fills as it loads). */
export function wasmRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const m = new URL(r.url()).pathname.match(/\/wasm\/(st|mt)\/(.+)$/);
    if (m) seen.push(`${m[1]}/${m[2]}`);
  });
  return seen;
}
