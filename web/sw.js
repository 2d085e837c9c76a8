// The site's one service worker, for two jobs:
// - offline: the files in precache.json are cached at install, and every same-origin GET refreshes its
//   cached copy; when the network fails, the cached copy answers, so the site works after one visit;
// - isolation: coi-serviceworker (npm) adds COOP/COEP/CORP to every response, so the playground is
//   cross-origin isolated (threads, the mt build) even on hosts that cannot set headers (GitHub Pages).
// coi-serviceworker answers every fetch through the global fetch(); wrapping that function first puts
// the cache underneath it.
// The build stamps CACHE with a hash of the site, so each deploy installs afresh and drops the old copy.
// Cache names also carry this worker's scope: two deployments on one origin (GitHub Pages projects,
// /a/ and /b/) each keep and delete only their own.
const CACHE = 'llplay-dev';
const SCOPE = `@${self.registration.scope}`;
const NAME = CACHE + SCOPE; // llplay-<hash>@https://host/path/
const ours = (name) => name.startsWith('llplay-') && name.endsWith(SCOPE);

/** Pages are cached once, without their query: ?demo=… only tells the page what to show. */
const cacheKey = (request) => {
  if (request.mode !== 'navigate') return request;
  const url = new URL(request.url);
  url.search = '';
  return url.href;
};

const network = self.fetch.bind(self);
let write = null; // the cache write of the fetch being answered: its fetch event waits for it (see below)
self.fetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return network(request);
  let written;
  write = new Promise((resolve) => {
    written = resolve;
  });
  try {
    const response = await network(request);
    if (response.ok && response.status === 200) {
      const copy = response.clone();
      caches
        .open(NAME)
        .then((cache) => cache.put(cacheKey(request), copy))
        .catch(() => {})
        .finally(written);
    } else {
      written();
    }
    return response;
  } catch (error) {
    written();
    const cached = await caches.match(cacheKey(request), { cacheName: NAME });
    if (cached) return cached;
    throw error;
  }
};

importScripts('./vendor/coi-serviceworker/coi-serviceworker.js');

// coi-serviceworker's fetch listener has just called fetch() above, synchronously: keep the worker alive
// until that response's cache write is done, or the browser may stop it midway.
self.addEventListener('fetch', (event) => {
  if (write) event.waitUntil(write);
  write = null;
});

self.addEventListener('install', (event) => {
  // A file that fails to download is left out, not fatal: the worker's other job, isolation, must not
  // depend on the network being perfect.
  event.waitUntil(
    (async () => {
      const response = await network('precache.json', { cache: 'no-cache' });
      if (!response.ok) return;
      const cache = await caches.open(NAME);
      await Promise.allSettled(
        (await response.json()).map((file) => cache.add(new Request(file, { cache: 'no-cache' }))),
      );
    })().catch(() => {}),
  );
});

self.addEventListener('activate', (event) => {
  // Only this deployment's older copies (its scope, any build): other deployments on the same origin keep theirs.
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => ours(k) && k !== NAME).map((k) => caches.delete(k)))),
  );
});
