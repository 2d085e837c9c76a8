// The site's one service worker, for two jobs:
// - offline: the files in precache.json are cached at install, and every same-origin GET refreshes its
//   cached copy; when the network fails, the cached copy answers, so the site works after one visit;
// - isolation: coi-serviceworker (npm) adds COOP/COEP/CORP to every response, so the playground is
//   cross-origin isolated (threads, the mt build) even on hosts that cannot set headers (GitHub Pages).
// coi-serviceworker answers every fetch through the global fetch(); wrapping that function first puts
// the cache underneath it.
const CACHE = 'llplay-v1';

const network = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return network(request);
  try {
    const response = await network(request);
    if (response.ok && response.status === 200) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {});
    }
    return response;
  } catch (error) {
    // Offline: the cached copy. A page address with a query (?demo=…) is the page itself.
    const cached = await caches.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (cached) return cached;
    throw error;
  }
};

importScripts('./vendor/coi-serviceworker/coi-serviceworker.js');

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const files = await (await network('precache.json', { cache: 'no-cache' })).json();
    const cache = await caches.open(CACHE);
    await cache.addAll(files);
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))));
});
