// The storefront's service worker (registered by src/offline.rs): a shop opened offline shows what the phone
// last saw of it instead of the browser's offline page. Every request goes to the network first, exactly
// as without this worker; what comes back is kept, and given back only when the network cannot be reached
// (or, for the page itself, when the server answers with an error of its own). So a deploy is seen at once
// online, and a file gone from the server is still a 404. Orders and quotes (POST) are never touched: the
// app keeps an order that could not be sent and sends it again itself.
// Three stores, trimmed apart, so neither the shop's pages nor its data and pictures ever push the app's
// own files out. (v1 kept one page for every address, and two bundles' files: dropped on activation.)
const APP = 'haat-app-v2', PAGES = 'haat-pages-v2', DATA = 'haat-data-v2';
const KEEP = { [APP]: 30, [PAGES]: 40, [DATA]: 80 };

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(caches.keys()
  .then(names => Promise.all(names.filter(name => !(name in KEEP)).map(name => caches.delete(name))))
  .then(() => self.clients.claim())));

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  const page = request.mode == 'navigate';
  const store = where(url.pathname, page);
  // A preview of the shop's draft (its pages and data) is never kept: offline, the shop is what it is.
  const preview = url.searchParams.has('preview');
  if (request.method != 'GET' || url.origin != location.origin || !store || preview) return;
  // A page is kept by its address, search included (a fragment never reaches here); what else the page
  // asks for, as asked.
  const key = page ? url.pathname + url.search : request;
  const kept = () => caches.match(key).then(found => found || (page ? pageOfShop(url.pathname) : undefined));
  event.respondWith(fetch(request).then(response => {
    if (response.ok) event.waitUntil(keep(store, key, response.clone()));
    else if (page && response.status >= 500) return kept().then(found => found || response);
    return response;
  }, offline => kept().then(found => found || Promise.reject(offline))));
});

// A page of the same shop kept earlier, the newest, for a page never opened online: it carries the shop's
// catalog, and the app draws the page asked for from it (src/main.rs renders rather than hydrates a page
// made for another address).
async function pageOfShop(path) {
  const shop = path.split('/').slice(0, 3).join('/');
  const cache = await caches.open(PAGES);
  const pages = (await cache.keys()).filter(key => {
    const kept = new URL(key.url).pathname;
    return kept == shop || kept.startsWith(shop + '/');
  });
  return pages.length ? cache.match(pages[pages.length - 1]) : undefined;
}

// What a page loaded before this worker was there (src/offline.rs): kept the same way, taken from the
// browser's HTTP cache as the page got it (so a deploy in between never pairs a new page with old files).
self.addEventListener('message', event => {
  const urls = event.data?.keep;
  if (!Array.isArray(urls)) return;
  event.waitUntil(Promise.all(urls.map(address => {
    const url = new URL(address, location.origin);
    const page = url.pathname.startsWith('/s/');
    const store = where(url.pathname, page);
    if (url.origin != location.origin || !store || url.searchParams.has('preview')) return;
    return fetch(url, { cache: 'force-cache' })
      .then(response => response.ok && keep(store, page ? url.pathname + url.search : url, response), () => {});
  })));
});

// Which store keeps a path: the shop's pages and the app's files; from the API, the shop, its catalog and
// the orders opened; nothing of the demo host pages or the merchant console.
function where(path, page) {
  if (page) return path.startsWith('/s/') && PAGES;
  if (path.startsWith('/api/')) return /^\/api\/(stores\/[^/]+(\/catalog)?|orders\/\d+)$/.test(path) && DATA;
  if (/^\/(demo|console|m)(\/|$)/.test(path)) return;
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
