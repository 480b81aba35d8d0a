# Sourced by the other scripts: one cargo target directory for every checkout on this
# machine (clean clones reuse the build cache instead of compiling from scratch).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/serambi/target}"
export PATH="$HOME/.cargo/bin:$PATH"
