// The bundles' JavaScript half (see src/bundle.rs): loads a bundle on demand and hands the root element from
// the bundle on screen to another. Both bundles import this file by the same URL, so they share its registry.
const mounts = {};
// Bundles sit at the site's root, three levels above this file (`/snippets/haat-…/src/bundles.js`); resolving
// against it, not the page, also finds them when the store is mounted into another site's page.
const at = file => new URL('../../../' + file, import.meta.url);
let attempts = 0;
const prefetched = new Set();

export function register(name, mount) {
  mounts[name] = mount;
}

export async function load(name) {
  if (mounts[name]) return;
  // A browser keeps a failed module import for good, so each retry asks by a new URL.
  const retry = attempts++ ? '?retry=' + attempts : '';
  const { default: init } = await import(at(`haat-${name}.js${retry}`));
  await init({ module_or_path: at(`haat-${name}_bg.wasm`) });
  if (!mounts[name]) throw new Error(`the ${name} bundle did not start`);
}

export function mount(name, root, href) {
  mounts[name](root, href);
}

export function prefetch(name) {
  if (mounts[name] || prefetched.has(name)) return;
  prefetched.add(name);
  for (const file of [`haat-${name}.js`, `haat-${name}_bg.wasm`]) {
    const link = document.createElement('link');
    link.rel = 'prefetch';
    link.href = at(file);
    document.head.append(link);
  }
}
