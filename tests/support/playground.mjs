// What every browser test file starts with: one headless Chromium, and dist/ served on free ports, each
// with dist/_headers (isolated: the mt build) or with no headers (not isolated: st), closed at the end.
//   const { sites, open } = usePlayground();            // sites.mt, sites.st
//   const page = await open(`${sites.mt.url}?demo=…`);   // a fresh context, problems recorded, closed after the test
import { before, after, afterEach } from 'node:test';
import { launch, serveDist, openPage } from './browser.mjs';

export function usePlayground(servers = { mt: true, st: false }) {
  let browser;
  const sites = {};
  let opened = []; // each mt page holds a pool of pthread workers: close them test by test
  before(async () => {
    browser = await launch();
    for (const [name, isolation] of Object.entries(servers)) sites[name] = await serveDist({ isolation });
  });
  afterEach(async () => {
    await Promise.all(
      opened.map((page) =>
        page
          .context()
          .close()
          .catch(() => {}),
      ),
    );
    opened = [];
  });
  after(async () => {
    await browser?.close();
    for (const site of Object.values(sites)) site.server.close();
  });
  const open = async (url, options) => {
    const page = await openPage(browser, url, options);
    opened.push(page);
    return page;
  };
  return { sites, open };
}
