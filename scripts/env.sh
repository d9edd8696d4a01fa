# Sourced by the scripts: puts the project's tools first on PATH and fixes what a stripped environment loses.
HAAT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HAAT_ROOT/.tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# npm behind this network's TLS inspection needs the system CA bundle.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
# wasm-bindgen-test runs browser tests through chromedriver in headless Chromium.
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
