// The storefront's service worker (registered by src/offline.rs): a shop opened offline shows what the phone
// last saw of it instead of the browser's offline page. Every request goes to the network first, exactly
// as without this worker; what comes back is kept, and given back only when the network cannot be reached
// (or, for the page itself, when the server answers with an error of its own). So a deploy is seen at once
// online, and a file gone from the server is still a 404. Orders and quotes (POST) are never touched: the
// app keeps an order that could not be sent and sends it again itself.
// Two stores, trimmed apart, so the shop's data and pictures never push the app itself out.
const APP = 'haat-app-v1', DATA = 'haat-data-v1';
// The app's page: one HTML shell serves every /s/… address.
const SHELL = '/s/';
const KEEP = { [APP]: 30, [DATA]: 80 };

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  const page = request.mode == 'navigate';
  const store = where(url.pathname, page);
  if (request.method != 'GET' || url.origin != location.origin || !store) return;
  const key = page ? SHELL : request;
  event.respondWith(fetch(request).then(response => {
    if (response.ok) event.waitUntil(keep(store, key, response.clone()));
    else if (page && response.status >= 500) return caches.match(key).then(kept => kept || response);
    return response;
  }, offline => caches.match(key).then(kept => kept || Promise.reject(offline))));
});

// What a page loaded before this worker was there (src/offline.rs): kept the same way, taken from the
// browser's HTTP cache as the page got it (so a deploy in between never pairs a new page with old files).
self.addEventListener('message', event => {
  const urls = event.data?.keep;
  if (!Array.isArray(urls)) return;
  event.waitUntil(Promise.all(urls.map(address => {
    const url = new URL(address, location.origin);
    const page = url.pathname.startsWith('/s/');
    const store = where(url.pathname, page);
    if (url.origin != location.origin || !store) return;
    return fetch(url, { cache: 'force-cache' })
      .then(response => response.ok && keep(store, page ? SHELL : url, response), () => {});
  })));
});

// Which store keeps a path: the shop's pages and the app's files; from the API, the shop, its catalog and
// the orders opened; nothing of the demo host pages.
function where(path, page) {
  if (page) return path.startsWith('/s/') && APP;
  if (path.startsWith('/api/')) return /^\/api\/(stores\/[^/]+(\/catalog)?|orders\/\d+)$/.test(path) && DATA;
  if (path.startsWith('/demo/')) return;
  return /\.(js|wasm|css)$/.test(path) ? APP : DATA;
}

async function keep(store, key, response) {
  // An order is read with its secret token: kept so that only the same token finds it again.
  if (new URL(response.url || key.url || key, location.origin).pathname.startsWith('/api/orders/')) {
    const headers = new Headers(response.headers);
    headers.set('Vary', 'Authorization');
    response = new Response(await response.blob(), { status: response.status, headers });
  }
  const cache = await caches.open(store);
  await cache.put(key, response);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - KEEP[store])).map(old => cache.delete(old)));
}
