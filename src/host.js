// The host bridge's JavaScript half (see src/host.rs): the only code that touches Telegram.WebApp, the parent
// frame and the host page's element. The embedding protocol is documented in README.md ("Chat hosts").
const W = window, D = document, root = D.documentElement, style = root.style;
// Haat's colour variables and the Telegram theme parameters that stand for them. A parent frame's theme
// message may set exactly these variables.
const THEME = {
  bg: 'secondary_bg_color', card: 'bg_color', ink: 'text_color', muted: 'hint_color', line: 'section_separator_color',
  brand: 'button_color', 'brand-ink': 'button_text_color', accent: 'accent_text_color', warn: 'destructive_text_color',
};
// A Mini App opened by Telegram: init data present. Telegram's own script may arrive after us (see below).
const telegram = () => { const t = W.Telegram?.WebApp; return t?.initData ? t : null; };
// The parent frame, if the embedder named its origin in `?haat-parent=` (kept for reloads of the frame) and
// the browser, where it tells, agrees that this is the parent's origin. No other origin is sent or heard.
let parent = W.parent != W && new URLSearchParams(location.search).get('haat-parent');
try { parent ? sessionStorage.haatParent = parent : parent = W.parent != W && sessionStorage.haatParent; } catch {}
const ancestor = location.ancestorOrigins?.[0];
if (ancestor && ancestor != parent) parent = null;
const mount = D.querySelector('[data-haat-store]');
let painted, wired;

function send(type, message = {}) {
  message.haat = 1;
  message.type = type;
  parent && W.parent.postMessage(message, parent);
  mount?.dispatchEvent(new CustomEvent('haat', { detail: message }));
}

function paint(colors, scheme) {
  for (const name of [...Object.keys(THEME), 'brand-text']) style.removeProperty('--' + name);
  root.dataset.scheme = scheme == 'dark' ? 'dark' : 'light';
  for (const name in THEME) {
    const value = colors[name];
    /^#[\da-f]{3,8}$/i.test(value) && style.setProperty('--' + name, value);
  }
  readable();
}

// A host's palette is its own, but every text on it must read (WCAG AA, 4.5:1): a text colour too close to
// the surfaces it sits on moves towards white or black, and so does a brand colour too close to the text
// drawn on it. `--brand-text` is the brand as text on cards and the page.
const colour = name => getComputedStyle(root).getPropertyValue('--' + name).trim();
const channels = hex => (hex = hex.slice(1), hex.length < 6 ? [...hex].map(c => c + c).join('') : hex)
  .match(/../g).slice(0, 3).map(pair => parseInt(pair, 16));
const luminance = hex => channels(hex).map(c => (c /= 255) <= .03928 ? c / 12.92 : ((c + .055) / 1.055) ** 2.4)
  .reduce((sum, c, i) => sum + c * [.2126, .7152, .0722][i], 0);
const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)]; return (Math.max(x, y) + .05) / (Math.min(x, y) + .05); };
function legible(text, surfaces) {
  const towards = luminance(surfaces[0]) < .18 ? 255 : 0;
  for (let step = 0; step <= 10 && surfaces.some(surface => contrast(text, surface) < 4.5); step++) {
    text = '#' + channels(text).map(c => Math.round(c + (towards - c) * .15).toString(16).padStart(2, '0')).join('');
  }
  return text;
}
function readable() {
  const surfaces = ['card', 'bg'].map(colour);
  for (const name of ['ink', 'muted', 'warn']) style.setProperty('--' + name, legible(colour(name), name == 'warn' ? [...surfaces, colour('alert')] : surfaces));
  style.setProperty('--brand-text', legible(colour('brand'), surfaces));
  style.setProperty('--brand', legible(colour('brand'), [colour('brand-ink')]));
}

const button = kind => D.querySelector(`[data-host=${kind}]`);

// Telegram: its theme, live; its MainButton and BackButton mirror the page's `data-host="main"` and
// `data-host="back"` buttons (hidden in the page, see app.css) and press them.
function wireTelegram() {
  const t = telegram();
  if (!painted || wired || !t) return;
  wired = 1;
  root.classList.add('tg');
  const theme = () => paint(Object.fromEntries(Object.entries(THEME).map(([name, key]) => [name, t.themeParams[key]])), t.colorScheme);
  theme();
  t.onEvent('themeChanged', theme);
  t.MainButton.onClick(() => button('main')?.click());
  t.BackButton.onClick(() => button('back')?.click());
  let shown;
  const sync = () => {
    const main = button('main'), back = !!button('back');
    const text = main && ([...main.children].map(part => part.textContent).join(' · ') || main.textContent);
    const now = [text, main?.disabled, back] + '';
    if (now == shown) return;
    shown = now;
    main ? t.MainButton.setParams({ text, is_active: !main.disabled, is_visible: true }) : t.MainButton.hide();
    back ? t.BackButton.show() : t.BackButton.hide();
  };
  new MutationObserver(sync).observe(D.body, { subtree: true, childList: true, attributes: true, characterData: true });
  sync();
  t.ready();
  t.expand();
  t.disableVerticalSwipes?.();
}

// Opened by Telegram (its launch parameters in the fragment) without Telegram's script: load it.
if (!W.Telegram && /tgWebAppData/.test(location.hash)) {
  const script = D.createElement('script');
  script.src = 'https://telegram.org/js/telegram-web-app.js';
  script.onload = wireTelegram;
  D.head.append(script);
}

export function ready() {
  if (painted) return;
  painted = 1;
  // The app runs (marked for benchmarks: crates/haat-e2e/src/bin/ready-bench.rs): taps held before it
  // (static/early.js) are made again, on the same buttons.
  performance.mark?.('haat-ready');
  root.dataset.ready = '';
  for (const button of W.haatHeld || []) {
    button.removeAttribute('aria-busy');
    button.isConnected && button.click();
  }
  wireTelegram();
  if (parent) {
    W.addEventListener('message', ({ origin, source, data }) => {
      origin == parent && source == W.parent && data?.haat == 1 && data.type == 'theme' && paint(data.colors || {}, data.scheme);
    });
    new ResizeObserver(() => send('height', { height: D.body.offsetHeight })).observe(D.body);
  }
  send('ready');
}

export const init_data = () => telegram()?.initData;

// A page reached inside the app (the first is the server's): the document's title names it after its
// heading and the shop (the preview's `og:site_name`), and with `focus` the focus moves to the heading,
// where a screen reader starts reading the new page. A page still loading gets its heading a moment later.
export function arrived(focus) {
  const app = document.getElementById('app');
  const announce = () => {
    const heading = app?.querySelector('main h1');
    if (!heading) return false;
    const name = heading.textContent.trim();
    const shop = document.querySelector('meta[property="og:site_name"]')?.content;
    document.title = !shop || name === shop ? name : `${name} · ${shop}`;
    if (focus) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    return true;
  };
  if (!app || announce()) return;
  const watch = new MutationObserver(() => announce() && watch.disconnect());
  watch.observe(app, { childList: true, subtree: true });
  setTimeout(() => watch.disconnect(), 10000);
}

export const added_to_cart = () => telegram()?.HapticFeedback.impactOccurred('light');

export function order_placed(id, total, currency) {
  telegram()?.HapticFeedback.notificationOccurred('success');
  send('order_placed', { order: { id: Number(id), total: Number(total), currency } });
}
