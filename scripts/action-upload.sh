#!/usr/bin/env bash
# The GitHub Action's upload step (action.yml), run when the dependency-track-url input is set
# and the audit step wrote its report: `cargo-sovereign upload` over the same inputs as the
# audit (scripts/action-inputs.sh), which enriches the CycloneDX document again (the online
# answers come from the lookup cache the audit filled) and sends it to Dependency-Track, then
# waits until the server has processed it. Findings do not fail this step (the audit step is
# the gate); an upload that fails does (exit 2).
#
# Inputs: INPUT_DEPENDENCY_TRACK_URL (the API server's base URL),
# INPUT_DEPENDENCY_TRACK_PROJECT and INPUT_DEPENDENCY_TRACK_PROJECT_VERSION (action.yml's
# defaults: the repository's name, the branch or tag name), and the audit's INPUT_MANIFEST_PATH,
# INPUT_SBOM, INPUT_METADATA, INPUT_CONFIG. The API key is DEPENDENCY_TRACK_API_KEY, which the
# workflow sets from a secret in the step's `env:`; this script never reads or prints it, the
# tool reads it. Other variables: CARGO_SOVEREIGN (the binary).
set -uo pipefail

note() { echo "cargo-sovereign action: $*" >&2; }

# shellcheck source=scripts/action-inputs.sh
source "$(dirname "${BASH_SOURCE[0]}")/action-inputs.sh"
find_binary || exit 2
if [ -n "$input_error" ]; then
    exit 2
fi
project="${INPUT_DEPENDENCY_TRACK_PROJECT:-}"
version="${INPUT_DEPENDENCY_TRACK_PROJECT_VERSION:-}"
if [ -z "$project" ] || [ -z "$version" ]; then
    note "dependency-track-project and dependency-track-project-version must not be empty"
    exit 2
fi

# `--option=value`: a name or version starting with `-` is then a value, not another option.
args=(upload ${input_args[@]+"${input_args[@]}"} "--project=$project" "--project-version=$version")
# Quoted as bash would read it back: a line break in an input or a file name cannot start a
# line of its own in the log (where `::command::` lines are the runner's workflow commands).
{ printf '+ cargo-sovereign'; printf ' %q' "${args[@]}"; echo; } >&2
# The address goes in the environment, not on the command line: it may carry credentials.
DEPENDENCY_TRACK_URL="${INPUT_DEPENDENCY_TRACK_URL:-}" "$bin" "${args[@]}"
