// What runs before the app: the server inlines this script into every page's head (see
// crates/haat-server/src/http/storefront.rs), so it acts from the first frame, long before the wasm arrives.
(() => {
  const root = document.documentElement;
  // A frame's embedder may name the scheme in the frame's address (`?haat-scheme=dark`): the shop wears it
  // from the first frame, whatever the phone's own setting, until a theme message (host.js) says otherwise.
  const scheme = new URLSearchParams(location.search).get('haat-scheme');
  if (scheme == 'dark' || scheme == 'light') root.dataset.scheme = scheme;
  // Opened by Telegram (its launch parameters in the fragment, as host.js looks for them): the frames of
  // the cart's pages leave out the button Telegram draws itself.
  if (/tgWebAppData/.test(location.hash)) root.dataset.tg = '';
  // Telegram opens a Mini App with its theme in the URL (`#…&tgWebAppThemeParams={…}`): the shop paints in
  // Telegram's colours from the first frame; the host bridge (src/host.js, whose THEME these names are)
  // takes over once the app runs.
  try {
    const theme = JSON.parse(new URLSearchParams(location.hash.slice(1)).get('tgWebAppThemeParams'));
    if (theme) {
      const keys = {
        bg: 'secondary_bg_color', card: 'bg_color', ink: 'text_color', muted: 'hint_color', line: 'section_separator_color',
        brand: 'button_color', 'brand-ink': 'button_text_color', accent: 'accent_text_color', warn: 'destructive_text_color',
      };
      for (const name in keys) {
        const value = theme[keys[name]];
        /^#[\da-f]{3,8}$/i.test(value) && root.style.setProperty('--' + name, value);
      }
      // Telegram's colour scheme follows its background's lightness.
      const [r, g, b] = (theme.bg_color || '#fff').slice(1).padEnd(6, 'f').match(/../g).map(pair => parseInt(pair, 16));
      root.dataset.scheme = 0.299 * r + 0.587 * g + 0.114 * b < 128 ? 'dark' : 'light';
    }
  } catch {}
  // Telegram's own language, the first time Telegram opens the shop in another: the page is asked for
  // again in it (`?lang=`, which the server renders and keeps as the shopper's choice, see
  // crates/haat-server/src/http/language.rs), before it paints, Telegram's fragment kept. Once only: an
  // address that names a language, or a choice kept, is never asked again, so a web view that keeps no
  // cookie cannot loop. A choice made on the page's switcher stays.
  try {
    const user = JSON.parse(new URLSearchParams(new URLSearchParams(location.hash.slice(1)).get('tgWebAppData')).get('user'));
    const spoken = (user?.language_code || '').split('-')[0];
    const asked = new URLSearchParams(location.search);
    if (['en', 'hi', 'ta', 'fr'].includes(spoken) && spoken != root.lang && !asked.has('lang') && !/(^|; )haat-lang=/.test(document.cookie)) {
      asked.set('lang', spoken);
      location.replace(location.pathname + '?' + asked + location.hash);
    }
  } catch {}
  // The cart and checkout are drawn by the server for an empty cart and for one with lines (src/pages/mod.rs,
  // OnPhone): the page shows the one this phone keeps (under `storage::cart_key`'s name) from its first frame.
  try {
    if (JSON.parse(localStorage.getItem(`haat.${root.dataset.shop}.cart`)).lines.length) root.dataset.cart = '';
  } catch {}
  // A button tapped before the app runs is held, and shown as held; the app taps it again once it runs
  // (host.js `ready`). Hydration keeps the page's elements, so the very button is tapped.
  const held = window.haatHeld = [];
  addEventListener('click', event => {
    const button = !('ready' in root.dataset) && event.target.closest?.('#app button');
    if (button && !held.includes(button)) {
      held.push(button);
      button.setAttribute('aria-busy', 'true');
    }
  }, true);
})();
