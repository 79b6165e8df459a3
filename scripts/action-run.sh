#!/usr/bin/env bash
# The GitHub Action's audit step (action.yml), kept in a script so it can be run and tested
# locally (scripts/test-action.sh).
#
# Reads the action's inputs from INPUT_* variables (composite actions do not set them; action.yml
# passes each one in `env:`), runs `cargo-sovereign audit` once writing the JSON report, the
# SARIF file and the Markdown summary, appends the Markdown to $GITHUB_STEP_SUMMARY, writes the
# outputs findings, errors, score, sarif-file and report-file to $GITHUB_OUTPUT, and exits with
# the audit's exit code (0 clean, 1 findings at or above fail-on, 2 usage or input error).
#
# Inputs (all optional):
#   INPUT_MANIFEST_PATH  Cargo.toml of the workspace        INPUT_FAIL_ON  error|warning|note|never (error)
#   INPUT_SBOM           CycloneDX or SPDX files and globs  INPUT_FORMAT   more FMT[=PATH] outputs, space-separated
#   INPUT_METADATA       saved `cargo metadata` JSON        INPUT_ARGS     more arguments, split on spaces
#   INPUT_CONFIG         sovereign.toml                     INPUT_SARIF    true|false (true)
#   INPUT_OUTPUT_DIR     where reports go (.)               INPUT_SUMMARY  true|false (true)
# INPUT_SBOM holds paths and globs separated by spaces or newlines, expanded here (`**` crosses
# folders); each file is one --sbom, and a pattern that matches no file is an input error (exit 2)
# naming it. Other variables: CARGO_SOVEREIGN (the binary; default from PATH, then
# ~/.cargo/bin), GITHUB_STEP_SUMMARY and GITHUB_OUTPUT (files; skipped when unset),
# SOVEREIGN_ACTION_JSON_TOOL (jq or python3, to force how the report is read; default, or empty:
# jq when installed). action.yml sets every one of them but the GITHUB_ files, which the runner
# sets (tests/it/action.rs checks).
set -uo pipefail

note() { echo "cargo-sovereign action: $*" >&2; }
is_true() { case "$1" in true | True | TRUE | yes | 1 | on) return 0 ;; *) return 1 ;; esac; }

# The binary, and the inputs' options: scripts/action-inputs.sh (shared with the upload step).
# shellcheck source=scripts/action-inputs.sh
source "$(dirname "${BASH_SOURCE[0]}")/action-inputs.sh"
find_binary || exit 2

# Whether this build knows an output format (the clap parser rejects unknown ones before --help).
knows_format() { "$bin" audit --format "$1" --help >/dev/null 2>&1; }

out_dir="${INPUT_OUTPUT_DIR:-.}"
mkdir -p "$out_dir"
prefix=""
[ "$out_dir" = . ] || prefix="${out_dir%/}/"
report_file="${prefix}cargo-sovereign-report.json"
sarif_file=""
summary_file=""
summary_kind=""

args=(audit ${input_args[@]+"${input_args[@]}"})
args+=(--fail-on "${INPUT_FAIL_ON:-error}")
args+=(--format table --format "json=$report_file")

if is_true "${INPUT_SARIF:-true}"; then
    if knows_format sarif; then
        sarif_file="${prefix}cargo-sovereign.sarif"
        args+=(--format "sarif=$sarif_file")
    else
        note "this build has no sarif format; no SARIF file is written"
    fi
fi

# On a runner, its temporary folder: on Windows that is a path the (native) tool can open.
if [ -n "${RUNNER_TEMP:-}" ]; then tmp="$(mktemp -d "$RUNNER_TEMP/cargo-sovereign-run.XXXXXX")"; else tmp="$(mktemp -d)"; fi
trap 'rm -rf "$tmp"' EXIT
if is_true "${INPUT_SUMMARY:-true}" && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    summary_file="$tmp/summary"
    if knows_format markdown; then
        summary_kind=markdown
        args+=(--format "markdown=$summary_file")
    else
        note "this build has no markdown format; the job summary shows the table output instead"
        summary_kind=table
        args+=(--format "table=$summary_file")
    fi
fi

if [ -n "${INPUT_FORMAT:-}" ]; then
    read -r -a formats <<<"$INPUT_FORMAT"
    for f in "${formats[@]}"; do
        args+=(--format "$f")
    done
fi
if [ -n "${INPUT_ARGS:-}" ]; then
    read -r -a extra <<<"$INPUT_ARGS"
    args+=("${extra[@]}")
fi

# A report left by an earlier run in the same folder (a self-hosted runner's) must not give
# this run's outputs.
rm -f "$report_file" ${sarif_file:+"$sarif_file"}
if [ -n "$input_error" ]; then
    status=2
else
    # Quoted as bash would read it back: a line break in an input or a file name cannot start a
    # line of its own in the log (where `::command::` lines are the runner's workflow commands).
    { printf '+ cargo-sovereign'; printf ' %q' "${args[@]}"; echo; } >&2
    "$bin" "${args[@]}"
    status=$?
fi

if [ -n "$summary_file" ]; then
    if [ -s "$summary_file" ] && [ "$summary_kind" = markdown ]; then
        cat "$summary_file" >>"$GITHUB_STEP_SUMMARY"
    elif [ -s "$summary_file" ]; then
        {
            echo "## cargo-sovereign"
            echo
            echo '```text'
            cat "$summary_file"
            echo '```'
        } >>"$GITHUB_STEP_SUMMARY"
    else
        printf '## cargo-sovereign\n\nThe audit failed with exit code %s; see the job log.\n' "$status" \
            >>"$GITHUB_STEP_SUMMARY"
        [ -z "$input_error" ] || printf '\n%s\n' "$input_error" >>"$GITHUB_STEP_SUMMARY"
    fi
fi

# Figures from the JSON report: jq when installed, else Python.
findings="" errors="" score=""
if [ -s "$report_file" ]; then
    tool="${SOVEREIGN_ACTION_JSON_TOOL:-}"
    if [ -z "$tool" ]; then
        if command -v jq >/dev/null 2>&1; then tool=jq; else tool=python3; fi
    fi
    if [ "$tool" = jq ]; then
        read -r findings errors score < <(jq -r \
            '[(.findings | length), (.summary.findings.error // 0), .summary.score] | map(tostring) | join(" ")' \
            "$report_file")
    else
        read -r findings errors score < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
print(len(r["findings"]), r["summary"]["findings"].get("error", 0), r["summary"]["score"])
' "$report_file")
    fi
    # jq and Python on Windows end lines with CR LF.
    score="${score%$'\r'}"
else
    report_file=""
fi
[ -n "$sarif_file" ] && [ ! -s "$sarif_file" ] && sarif_file=""

if [ -n "${GITHUB_OUTPUT:-}" ]; then
    {
        echo "findings=$findings"
        echo "errors=$errors"
        echo "score=$score"
        echo "sarif-file=$sarif_file"
        echo "report-file=$report_file"
    } >>"$GITHUB_OUTPUT"
fi
note "findings=$findings errors=$errors score=$score exit=$status"
exit "$status"
