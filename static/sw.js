// The storefront's service worker (registered by src/offline.rs): a shop opened offline shows what the phone
// last saw of it instead of the browser's offline page. Every request goes to the network first, exactly
// as without this worker; what comes back is kept, and given back only when the network cannot be reached.
// So a deploy is seen at once online (and a file gone from the server is still a 404), and offline the
// phone has the app shell, the app's files, the shop's catalog and the orders it opened. Orders and quotes
// (POST) are never touched: the app keeps an order that could not be sent and sends it again itself.
const CACHE = 'haat-v1';
// The app's page: one HTML shell serves every /s/… address.
const SHELL = '/s/';
// Enough for two builds' files, the shops' catalogs and a few orders.
const KEEP = 60;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  const page = request.mode == 'navigate';
  if (request.method != 'GET' || url.origin != location.origin || !kept(url.pathname, page)) return;
  const key = page ? SHELL : request;
  event.respondWith(fetch(request).then(response => {
    if (response.ok) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(cache => cache.put(key, copy)).then(trim));
    }
    return response;
  }, offline => caches.match(key).then(kept => kept || Promise.reject(offline))));
});

// What a page loaded before this worker was there (src/offline.rs): kept the same way, mostly from the
// browser's HTTP cache.
self.addEventListener('message', event => {
  const urls = event.data?.keep;
  if (!Array.isArray(urls)) return;
  event.waitUntil(caches.open(CACHE).then(cache => Promise.all(urls.map(address => {
    const url = new URL(address, location.origin);
    const page = url.pathname.startsWith('/s/');
    if (url.origin != location.origin || !kept(url.pathname, page)) return;
    return fetch(url).then(response => response.ok && cache.put(page ? SHELL : url, response), () => {});
  }))).then(trim));
});

// The shop's pages and the app's files; from the API, the shop, its catalog and the orders opened.
function kept(path, page) {
  if (page) return path.startsWith('/s/');
  if (path.startsWith('/api/')) return /^\/api\/(stores\/[^/]+(\/catalog)?|orders\/\d+)$/.test(path);
  return !path.startsWith('/demo/');
}

async function trim() {
  const cache = await caches.open(CACHE);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - KEEP)).map(key => cache.delete(key)));
}
