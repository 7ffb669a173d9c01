# Sourced by the .ci scripts: the repository root and a PATH with the project's tools.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JS="$ROOT/crates/recourse-wasm/js"
# ~/.cargo/bin: wasm-pack, wasm-bindgen. node_modules/.bin: wasm-opt (npm binaryen), tsc.
export PATH="$HOME/.cargo/bin:$JS/node_modules/.bin:$PATH"
# Versions the set-up pins. wasm-bindgen's comes from Cargo.lock (the CLI must equal the crate).
WASM_PACK_VERSION="0.15.1"
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}
step() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
