// Regenerates web/img/screenshot.png (the README's picture; not part of dist/) from the built site in headless Chromium.
//   node scripts/screenshot.mjs [query]     e.g. "?demo=float.drift&n=100000000"
import { launch, serveDist, openPage, settled } from '../tests/support/browser.mjs';

const browser = await launch();
const site = await serveDist({ isolation: true });
try {
  const page = await openPage(browser);
  await page.setViewportSize({ width: 1100, height: 1250 });
  await page.goto(site.url + (process.argv[2] ?? '?demo=float.drift&n=100000000'));
  await settled(page);
  await page.waitForSelector('details.source .hljs-keyword');
  await page.waitForTimeout(300);
  await page.screenshot({ path: new URL('../web/img/screenshot.png', import.meta.url).pathname });
  if (page.problems.length) console.error(page.problems.join('\n'));
} finally {
  await browser.close();
  site.server.close();
}
