#!/usr/bin/env bash
# Renders the HTML report of a fixture in headless Chromium and saves a screenshot, so a person
# can look at it. Not run by CI. Needs Debian's `chromium` (apt-get install chromium).
#
#   scripts/render-html-report.sh [METADATA_JSON] [OUT_DIR]
#
# Defaults: tests/fixtures/cloud-ai-workspace/metadata.json, a new temporary directory.
# Writes OUT_DIR/report.html and OUT_DIR/report.png, and prints their paths. Chromium runs
# with networking features off; the page itself forbids loading anything (Content-Security-Policy).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
metadata="${1:-$repo/tests/fixtures/cloud-ai-workspace/metadata.json}"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    echo "chromium is not installed (apt-get install chromium)" >&2
    exit 2
fi

cargo build --quiet --manifest-path "$repo/Cargo.toml"
status=0
"$repo/target/debug/cargo-sovereign" audit --metadata "$metadata" --fail-on never \
    --format "html=$out/report.html" || status=$?
if [ "$status" -ne 0 ]; then
    echo "the audit failed with exit code $status" >&2
    exit "$status"
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars \
    --screenshot="$out/report.png" --window-size="${WINDOW_SIZE:-1280,2400}" \
    "file://$out/report.html" 2>"$out/chromium.log" || {
    echo "chromium failed; see $out/chromium.log" >&2
    exit 1
}
echo "$out/report.html"
echo "$out/report.png"
