// Every text of the store that does not meet WCAG AA contrast against what it is drawn on: 4.5:1, or 3:1 for
// large text (24 px, or 18.66 px bold). Colours are blended with their element's and its ancestors'
// opacity and with the backgrounds behind them. Disabled controls are exempt, as WCAG says. Returns one
// line per failure: the text, its colours and the ratio. Only the store is checked: a host page's own
// chrome (the demo's stand-in for Telegram's buttons) is the host's.
const parse = css => {
  const [r, g, b, a = 1] = css.match(/[\d.]+/g).map(Number);
  return [r, g, b, a];
};
const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a), 1];
const luminance = rgb => rgb.slice(0, 3).map(c => (c /= 255) <= .03928 ? c / 12.92 : ((c + .055) / 1.055) ** 2.4)
  .reduce((sum, c, i) => sum + c * [.2126, .7152, .0722][i], 0);
const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)]; return (Math.max(x, y) + .05) / (Math.min(x, y) + .05); };
// What `element` is painted on: its own background and its ancestors', blended from the page down.
function backdrop(element) {
  const layers = [];
  for (let e = element; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
  return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
}
function opacity(element) {
  let alpha = 1;
  for (let e = element; e; e = e.parentElement) alpha *= Number(getComputedStyle(e).opacity);
  return alpha;
}
const failures = [];
const store = document.querySelector('[data-haat-store]') || document.getElementById('app') || document.body;
for (const element of store.querySelectorAll('*')) {
  const text = [...element.childNodes].filter(n => n.nodeType == 3).map(n => n.textContent.trim()).join(' ').trim();
  if (!text || element.closest('[disabled], [hidden], [aria-hidden=true]')) continue;
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  if (!box.width || !box.height || style.visibility == 'hidden') continue;
  const ground = backdrop(element);
  const [r, g, b, a] = parse(style.color);
  const ink = over([r, g, b, a * opacity(element)], ground);
  const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
  const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  const got = ratio(ink, ground);
  if (got < needed) failures.push(`${got.toFixed(2)} < ${needed}: "${text.slice(0, 40)}" (${style.color} on rgb(${ground.slice(0, 3).map(Math.round)}))`);
}
return failures;
