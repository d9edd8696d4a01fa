// The parent side of Haat's frame protocol, as a chat client would speak it. The store's origin is this page's
// own unless `?store=<origin>` names another; messages from any other origin or window are ignored.
const storeOrigin = new URLSearchParams(location.search).get('store') || location.origin;
const frame = document.getElementById('store');
const log = document.getElementById('log');
frame.src = `${storeOrigin}/s/demo?haat-parent=${encodeURIComponent(location.origin)}`;

function say(type, text) {
  const bubble = document.createElement('p');
  bubble.className = 'bubble out';
  bubble.dataset.type = type;
  bubble.textContent = text;
  log.append(bubble);
}

addEventListener('message', ({ origin, source, data }) => {
  if (origin !== storeOrigin || source !== frame.contentWindow || data?.haat !== 1) return;
  if (data.type === 'height') {
    frame.style.height = `${Math.min(data.height, innerHeight * 0.75)}px`;
  } else if (data.type === 'ready') {
    say('ready', 'Store opened');
  } else if (data.type === 'order_placed') {
    const { id, total, currency } = data.order;
    const money = new Intl.NumberFormat('en-IN', { style: 'currency', currency }).format(total / 100);
    say('order_placed', `🛒 Order #${id} placed · ${money}`);
  }
});

// The chat's theme, sent to the store: Haat's colour variables (README.md, "Chat hosts").
const themes = {
  light: { scheme: 'light', colors: { brand: '#0b6bcb', bg: '#eef3f8', card: '#ffffff' } },
  dark: {
    scheme: 'dark',
    colors: { brand: '#3d8bfd', 'brand-ink': '#ffffff', bg: '#0d1117', card: '#161b22', ink: '#e6edf3', muted: '#8d96a0', line: '#30363d' },
  },
};
for (const name in themes) {
  document.getElementById(name).addEventListener('click', () => {
    document.body.dataset.scheme = name;
    frame.contentWindow.postMessage({ haat: 1, type: 'theme', ...themes[name] }, storeOrigin);
  });
}
