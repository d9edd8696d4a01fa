// The bundles' JavaScript half (see src/bundle.rs): loads a bundle on demand and hands the root element from
// the bundle on screen to another. Both bundles import this file by the same URL, so they share its registry.
const mounts = {}, loading = {}, prefetched = new Set();
let failures = 0;
// Bundles sit at the site's root, three levels above this file (`/snippets/haat-…/src/bundles.js`), which
// is also where /embed.js loaded the app from when it is mounted into a host page.
const at = file => new URL('../../../' + file, import.meta.url);
// A bundle's files: `haat-checkout-<build>.js` and `_bg.wasm`, named by scripts/build-app for the build the
// page came from (plain `haat-checkout` from a development build).
const files = (name, build) => `haat-${name}${build && '-' + build}`;

export function register(name, mount) {
  mounts[name] = mount;
}

// One load per bundle at a time; a failed one is forgotten, so the next call tries again.
export function load(name, build) {
  if (mounts[name]) return Promise.resolve();
  return loading[name] ??= start(name, build).catch(async error => {
    delete loading[name];
    failures++;
    await reloadIfUpdated(files(name, build), build);
    throw error;
  });
}

async function start(name, build) {
  const file = files(name, build);
  // A browser keeps a failed module import for good, so a retry asks by a new URL.
  const { default: init } = await import(at(`${file}.js${failures ? '?retry=' + failures : ''}`));
  await init({ module_or_path: at(`${file}_bg.wasm`) });
  if (!mounts[name]) throw new Error(`the ${name} bundle did not start`);
}

// The server no longer has this page's build (the shop was updated since it opened): a reload brings the
// new one, and loses nothing, as the cart and details are on the phone and the page is in the URL. Once per
// build, and never for a store mounted into a host page, which is not ours to reload.
async function reloadIfUpdated(file, build) {
  if (!build || document.querySelector('[data-haat-store]')) return;
  try {
    const gone = (await fetch(at(file + '.js'), { method: 'HEAD', cache: 'no-store' })).status == 404;
    if (gone && sessionStorage.haatReloadedFor != build) {
      sessionStorage.haatReloadedFor = build;
      location.reload();
    }
  } catch {}
}

export function mount(name, root, href) {
  mounts[name](root, href);
}

export function prefetch(name, build) {
  if (mounts[name] || prefetched.has(name)) return;
  prefetched.add(name);
  for (const file of [files(name, build) + '.js', files(name, build) + '_bg.wasm']) {
    const link = document.createElement('link');
    link.rel = 'prefetch';
    link.href = at(file);
    document.head.append(link);
  }
}
