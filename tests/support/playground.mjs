// What every browser test file starts with: one headless Chromium, and dist/ served on free ports, each
// with dist/_headers (isolated: the mt build) or with no headers (not isolated: st), closed at the end.
//   const { sites, open } = usePlayground();            // sites.mt, sites.st
//   const page = await open(`${sites.mt.url}?demo=…`);   // a fresh context, problems recorded
import { before, after } from 'node:test';
import { launch, serveDist, openPage } from './browser.mjs';

export function usePlayground(servers = { mt: true, st: false }) {
  let browser;
  const sites = {};
  before(async () => {
    browser = await launch();
    for (const [name, isolation] of Object.entries(servers)) sites[name] = await serveDist({ isolation });
  });
  after(async () => {
    await browser?.close();
    for (const site of Object.values(sites)) site.server.close();
  });
  return { sites, open: (url, options) => openPage(browser, url, options) };
}
