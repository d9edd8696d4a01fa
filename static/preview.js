// What runs in a preview of the shop's draft (`/s/{store}…?preview={token}`), before the app: the server
// inlines it into preview pages only (crates/haat-server/src/http/storefront.rs). The app itself knows
// nothing of previews: its catalog, quotes and orders carry the preview's token here, so the server
// answers them from the draft and keeps the orders as tests (they take no stock and the shop never sees
// them). And the app keeps what it stores on the phone (cart, checkout, orders) in a corner of its own, so
// a preview's cart or a test checkout never meets the shop's. The token is read once, from the address the
// preview opened at, and the app's own navigation and every link followed keep it in the address, so a
// reload or a new tab stays a preview.
(() => {
  const token = new URLSearchParams(location.search).get('preview');
  if (!token) return;
  const drafted = /^\/api\/stores\/[^/]+\/(catalog|quotes|orders|orders\/withdraw)$/;
  const send = window.fetch;
  window.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin != location.origin || !drafted.test(url.pathname)) return send(request);
    url.searchParams.set('preview', token);
    // The same request to the new address; its body read out (a request's body cannot be handed on).
    const { method, headers, signal, cache } = request;
    const body = method == 'GET' || method == 'HEAD' ? undefined : await request.arrayBuffer();
    return send(url, { method, headers, signal, cache, body });
  };
  const moves = History.prototype;
  for (const name of ['pushState', 'replaceState']) {
    const own = moves[name];
    moves[name] = function (state, title, address) {
      const url = address == null ? null : new URL(address, location.href);
      if (url && url.origin == location.origin) url.searchParams.set('preview', token);
      return own.call(this, state, title, url && url.href);
    };
  }
  // A link followed before the app runs (a native navigation), or opened in a new tab, stays a preview.
  // This shop's pages (`/s/{slug}…`): another shop's link is none of the preview's.
  const shop = location.pathname.split('/', 3).join();
  const keep = event => {
    const link = event.target.closest?.('a[href]');
    const url = link && new URL(link.href, location.href);
    if (url && url.origin == location.origin && url.pathname.split('/', 3).join() == shop) {
      url.searchParams.set('preview', token);
      link.href = url.href;
    }
  };
  for (const kind of ['click', 'auxclick', 'contextmenu']) addEventListener(kind, keep, true);
  const stored = Storage.prototype;
  for (const name of ['getItem', 'setItem', 'removeItem']) {
    const own = stored[name];
    stored[name] = function (key, ...rest) { return own.call(this, 'preview.' + key, ...rest); };
  }
})();
