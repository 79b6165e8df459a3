#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): puts cargo-sovereign into the cargo install
# root $SOVEREIGN_ACTION_TOOL_DIR (the binary in its bin/), which the action caches.
#
# Without INPUT_VERSION, builds the action's own checkout ($GITHUB_ACTION_PATH) with
# `cargo install --locked --path`. With a version (0.2.0 or v0.2.0), compiles only when no
# binary is to be had, trying in turn:
#   1. `cargo binstall`, when it is installed: the release archive Cargo.toml's
#      [package.metadata.binstall] describes, and nothing else (no third-party builds, no
#      compiling: step 3 does that, with --locked);
#   2. that release archive downloaded directly from $SOVEREIGN_ACTION_RELEASES/v<version>/
#      cargo-sovereign-<target>.tar.gz (the same URL; <target> is rustc's host triple);
#   3. `cargo install --locked cargo-sovereign --version <version>`, which compiles.
# A binary from steps 1 or 2 must say it is that version, or it is not used.
#
# Variables: INPUT_VERSION, SOVEREIGN_ACTION_TOOL_DIR and SOVEREIGN_ACTION_RELEASES (all set
# by action.yml), GITHUB_ACTION_PATH (set by the runner).
set -euo pipefail

note() { echo "cargo-sovereign action: $*" >&2; }

root="${SOVEREIGN_ACTION_TOOL_DIR:?SOVEREIGN_ACTION_TOOL_DIR must name the install root}"
version="${INPUT_VERSION:-}"
version="${version#v}"

if [ -z "$version" ]; then
    note "building the action's checkout"
    exec cargo install --locked --root "$root" --path "$GITHUB_ACTION_PATH"
fi

releases="${SOVEREIGN_ACTION_RELEASES:?SOVEREIGN_ACTION_RELEASES must name the release download URL}"
exe=""
target="$(rustc -vV | sed -n 's/^host: //p')"
case "$target" in *windows*) exe=".exe" ;; esac
bin="$root/bin/cargo-sovereign$exe"

# Whether $1 runs and says it is cargo-sovereign $version.
is_version() { "$1" --version 2>/dev/null | grep -qxF "cargo-sovereign $version"; }

if cargo binstall -V >/dev/null 2>&1; then
    note "trying cargo binstall cargo-sovereign@$version"
    if cargo binstall --no-confirm --force --locked --root "$root" \
        --disable-strategies quick-install,compile "cargo-sovereign@$version" && is_version "$bin"; then
        exit 0
    fi
    note "cargo binstall found no release archive of $version for $target"
fi

url="$releases/v$version/cargo-sovereign-$target.tar.gz"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
note "downloading $url"
# tar reads the archive from stdin: GNU tar on Windows takes a C:\ path for a remote host.
if curl --fail --silent --show-error --location --retry 2 --output "$tmp/archive.tar.gz" "$url" \
    && (cd "$tmp" && tar -xzf - <archive.tar.gz) \
    && is_version "$tmp/cargo-sovereign-$target/cargo-sovereign$exe"; then
    mkdir -p "$root/bin"
    cp "$tmp/cargo-sovereign-$target/cargo-sovereign$exe" "$bin"
    note "installed the release archive of $version for $target"
    exit 0
fi

note "no release archive of $version for $target; building it"
# exec replaces the shell, whose EXIT trap then never runs.
rm -rf "$tmp"
exec cargo install --locked --root "$root" cargo-sovereign --version "$version"
