# shellcheck shell=bash
# Sourced by the GitHub Action's audit step (action-run.sh) and upload step (action-upload.sh),
# so both read the same project: `find_binary` sets `bin` to the cargo-sovereign binary
# (CARGO_SOVEREIGN, else from PATH, else ~/.cargo/bin) and fails, saying so, when there is none;
# the array `input_args` holds the options of the inputs manifest-path, sbom, metadata and
# config (INPUT_MANIFEST_PATH, INPUT_SBOM, INPUT_METADATA, INPUT_CONFIG), and `input_error` says
# which sbom pattern matched no file (an input error, exit 2 like the tool's own; the tool is
# then not run). INPUT_SBOM holds paths and globs separated by spaces or newlines, expanded here
# (`**` crosses folders); each file is one --sbom. The caller defines `note`.

find_binary() {
    bin="${CARGO_SOVEREIGN:-}"
    if [ -z "$bin" ]; then
        bin="$(command -v cargo-sovereign || true)"
        [ -n "$bin" ] || bin="$HOME/.cargo/bin/cargo-sovereign"
    fi
    if [ ! -x "$bin" ]; then
        note "cannot find the cargo-sovereign binary (looked at ${bin})"
        return 1
    fi
}

input_args=()
input_error=""
if [ -n "${INPUT_MANIFEST_PATH:-}" ]; then input_args+=("--manifest-path=$INPUT_MANIFEST_PATH"); fi
if [ -n "${INPUT_SBOM:-}" ]; then
    shopt -s nullglob globstar
    declare -A seen=()
    read -r -d '' -a patterns <<<"$INPUT_SBOM" || true
    for pattern in "${patterns[@]}"; do
        # Unquoted on purpose: the pattern is globbed (it holds no whitespace after the split).
        # shellcheck disable=SC2206
        matches=($pattern)
        if [ "${#matches[@]}" -eq 0 ]; then
            note "sbom: no file matches ${pattern}"
            input_error="sbom: no file matches ${pattern}"
        fi
        for m in "${matches[@]}"; do
            [ -n "${seen[$m]:-}" ] && continue
            seen[$m]=1
            input_args+=("--sbom=$m")
        done
    done
    shopt -u nullglob globstar
fi
if [ -n "${INPUT_METADATA:-}" ]; then input_args+=("--metadata=$INPUT_METADATA"); fi
if [ -n "${INPUT_CONFIG:-}" ]; then input_args+=("--config=$INPUT_CONFIG"); fi
