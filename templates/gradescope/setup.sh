#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (on its Ubuntu base
# image, 22.04 or later). It installs what grading needs (a C linker, bubblewrap for the grading
# sandbox, Rust through rustup) and builds statelings with the full course, which then lives in
# the binary: the sources are removed afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive

apt-get update
apt-get install -y --no-install-recommends ca-certificates curl build-essential bubblewrap

# Rust: the toolchain that builds statelings and compiles every submission. Pin a version here
# (for example 1.89.0) to grade a whole term with the same compiler.
toolchain="stable"
if ! command -v cargo >/dev/null 2>&1; then
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
        sh -s -- -y --profile minimal --default-toolchain "$toolchain"
fi
# shellcheck source=/dev/null
. "${CARGO_HOME:-$HOME/.cargo}/env"

cargo build --release --locked --manifest-path "$here/statelings/Cargo.toml" \
    --target-dir /tmp/statelings-build
install -m 0755 /tmp/statelings-build/release/statelings /usr/local/bin/statelings
rm -rf /tmp/statelings-build "$here/statelings"
statelings --version
