#!/usr/bin/env bash
# Runs the GitHub Action's audit step (scripts/action-run.sh) locally, with GITHUB_STEP_SUMMARY
# and GITHUB_OUTPUT pointing at temporary files, against the cloud-ai-workspace fixture, and
# checks the outputs and the job summary it writes, and the sbom input's paths and globs. The
# steps around it (caches, install) are run by tests/it/action_steps.rs. Run by tests/it/action.rs; also by hand:
#
#   scripts/test-action.sh            # builds the binary with cargo first
#   CARGO_SOVEREIGN=target/debug/cargo-sovereign scripts/test-action.sh
#
# Until the markdown and sarif formats exist in the build, action-run.sh falls back to the table
# output in the summary and writes no SARIF file; this script says which case it checked.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
# Inputs from the calling environment (e.g. a CI job) must not leak into the cases.
for v in ${!INPUT_@} SOVEREIGN_ACTION_JSON_TOOL; do unset "$v"; done
if [ -z "${CARGO_SOVEREIGN:-}" ]; then
    cargo build --quiet --manifest-path "$repo/Cargo.toml"
    CARGO_SOVEREIGN="$repo/target/debug/cargo-sovereign"
fi
CARGO_SOVEREIGN="$(cd "$(dirname "$CARGO_SOVEREIGN")" && pwd)/$(basename "$CARGO_SOVEREIGN")"
export CARGO_SOVEREIGN
metadata="$repo/tests/fixtures/cloud-ai-workspace/metadata.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
# The value of output $1 in file $2.
output() { sed -n "s/^$1=//p" "$2" | tail -n 1; }
# What a Python reading of the JSON report says: "findings errors score".
expected() {
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
print(len(r["findings"]), r["summary"]["findings"].get("error", 0), r["summary"]["score"])
' "$1"
}

# Runs action-run.sh in a fresh directory $1 with the remaining arguments as environment
# assignments; sets $status.
run_case() {
    local dir="$work/$1"
    shift
    mkdir -p "$dir"
    : >"$dir/summary.md"
    : >"$dir/outputs"
    status=0
    (cd "$dir" && env GITHUB_STEP_SUMMARY="$dir/summary.md" GITHUB_OUTPUT="$dir/outputs" "$@" \
        bash "$repo/scripts/action-run.sh" >"$dir/stdout" 2>"$dir/stderr") || status=$?
}

# 1. The fixture fails the default gate; outputs match the JSON report; summary written.
run_case gate INPUT_METADATA="$metadata"
dir="$work/gate"
[ "$status" -eq 1 ] || fail "expected exit 1 from the failing fixture, got $status: $(cat "$dir/stderr")"
[ "$(output report-file "$dir/outputs")" = cargo-sovereign-report.json ] || fail "report-file output"
[ -s "$dir/cargo-sovereign-report.json" ] || fail "no JSON report written"
read -r want_findings want_errors want_score < <(expected "$dir/cargo-sovereign-report.json")
[ "$want_errors" -gt 0 ] || fail "the fixture should have errors"
[ "$(output findings "$dir/outputs")" = "$want_findings" ] || fail "findings output"
[ "$(output errors "$dir/outputs")" = "$want_errors" ] || fail "errors output"
[ "$(output score "$dir/outputs")" = "$want_score" ] || fail "score output"
[ -s "$dir/summary.md" ] || fail "empty job summary"
if grep -q "no markdown format" "$dir/stderr"; then
    grep -q '^```text$' "$dir/summary.md" || fail "table fallback not fenced"
    grep -q "Sovereignty score: $want_score / 100" "$dir/summary.md" || fail "summary lacks the score"
    echo "note: this build has no markdown format; checked the table fallback in the job summary"
else
    grep -q "$want_score" "$dir/summary.md" || fail "markdown summary lacks the score"
    grep -q "non-european-single-point" "$dir/summary.md" || fail "markdown summary lacks the findings"
    ! grep -q '^```text$' "$dir/summary.md" || fail "markdown summary fell back to the table"
    echo "checked the markdown job summary"
fi
if grep -q "no sarif format" "$dir/stderr"; then
    [ -z "$(output sarif-file "$dir/outputs")" ] || fail "sarif-file output without a SARIF file"
    echo "note: this build has no sarif format; checked that no sarif-file output is claimed"
else
    [ "$(output sarif-file "$dir/outputs")" = cargo-sovereign.sarif ] || fail "sarif-file output"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"]=="2.1.0"' \
        "$dir/cargo-sovereign.sarif" || fail "SARIF file is not SARIF 2.1.0"
    echo "checked the SARIF file"
fi

# 2. The Python fallback reads the same figures as jq.
run_case python INPUT_METADATA="$metadata" SOVEREIGN_ACTION_JSON_TOOL=python3
for o in findings errors score; do
    [ "$(output $o "$work/python/outputs")" = "$(output $o "$dir/outputs")" ] || fail "python3 fallback: $o"
done
if command -v jq >/dev/null 2>&1; then
    run_case jq INPUT_METADATA="$metadata" SOVEREIGN_ACTION_JSON_TOOL=jq
    for o in findings errors score; do
        [ "$(output $o "$work/jq/outputs")" = "$(output $o "$dir/outputs")" ] || fail "jq: $o"
    done
else
    echo "note: jq is not installed; checked the python3 reading only"
fi

# 3. fail-on never passes; sarif and summary off; an extra format and extra arguments are passed on.
run_case never INPUT_METADATA="$metadata" INPUT_FAIL_ON=never INPUT_SARIF=false INPUT_SUMMARY=false \
    INPUT_FORMAT="dot=graph.dot html=report.html" INPUT_ARGS="--max-input-size 50M" INPUT_OUTPUT_DIR=out
dir="$work/never"
[ "$status" -eq 0 ] || fail "expected exit 0 with fail-on never, got $status: $(cat "$dir/stderr")"
[ ! -s "$dir/summary.md" ] || fail "summary written although summary=false"
[ -z "$(output sarif-file "$dir/outputs")" ] || fail "sarif-file output although sarif=false"
[ "$(output report-file "$dir/outputs")" = out/cargo-sovereign-report.json ] || fail "report-file in output dir"
grep -q '^digraph ' "$dir/graph.dot" || fail "format input not passed on"
grep -q '^<!DOCTYPE html>' "$dir/report.html" || fail "second format input not passed on"
grep -q -- "--max-input-size 50M" "$dir/stderr" || fail "args input not passed on"

# 4. An input error exits 2, says so in the summary, and claims no report, not even one an
#    earlier run left in the folder.
mkdir -p "$work/broken"
echo '{"bomFormat": "CycloneDX", "components": [' >"$work/broken/cut.json"
cp "$work/gate/cargo-sovereign-report.json" "$work/broken/"
run_case broken INPUT_SBOM=cut.json
dir="$work/broken"
[ "$status" -eq 2 ] || fail "expected exit 2 for a broken input, got $status"
grep -q "cut.json" "$dir/stderr" || fail "the tool's message does not name the broken file"
grep -q "exit code 2" "$dir/summary.md" || fail "summary does not say the audit failed"
[ -z "$(output report-file "$dir/outputs")" ] || fail "report-file output for a failed run"
[ -z "$(output score "$dir/outputs")" ] || fail "score output for a failed run (a stale report?)"

# 5. sbom takes paths and globs separated by spaces and newlines; ** crosses folders; a file
#    two patterns match is passed once.
fixtures="$repo/tests/fixtures"
mkdir -p "$work/sboms/sboms/team-a" "$work/sboms/sboms/team-b/deep"
cp "$fixtures/sbom-with-copyleft-only/bom.json" "$work/sboms/sboms/team-a/bom.json"
cp "$fixtures/sbom-with-proprietary-and-us-vendor/bom.json" "$work/sboms/sboms/team-b/deep/bom.json"
cp "$fixtures/spdx-with-copyleft-and-git-source/sbom.spdx.json" "$work/sboms/sboms/app.spdx.json"
run_case sboms INPUT_FAIL_ON=never INPUT_SBOM="sboms/**/bom.json
  sboms/*.spdx.json sboms/team-a/bom.json"
dir="$work/sboms"
[ "$status" -eq 0 ] || fail "several SBOMs: expected exit 0, got $status: $(cat "$dir/stderr")"
line="$(grep '^+ cargo-sovereign' "$dir/stderr")"
[ "$(grep -o -- '--sbom=' <<<"$line" | wc -l)" -eq 3 ] || fail "expected three --sbom arguments: $line"
for f in sboms/team-a/bom.json sboms/team-b/deep/bom.json sboms/app.spdx.json; do
    grep -qF -- "--sbom=$f" <<<"$line" || fail "$f not passed as --sbom: $line"
done
python3 -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
names = [p["name"] for p in r["packages"]]
assert len(names) > 3, names
' "$dir/cargo-sovereign-report.json" || fail "several SBOMs: no merged report"

# 6. A pattern that matches nothing is an input error naming it; the tool is not run.
run_case nomatch INPUT_SBOM="$work/sboms/sboms/*.spdx.json sboms/**/*.cdx.xml"
dir="$work/nomatch"
[ "$status" -eq 2 ] || fail "expected exit 2 for an sbom pattern matching nothing, got $status"
grep -qF "sbom: no file matches sboms/**/*.cdx.xml" "$dir/stderr" || fail "the pattern is not named: $(cat "$dir/stderr")"
grep -qF "sboms/**/*.cdx.xml" "$dir/summary.md" || fail "the summary does not name the pattern"
! grep -q '^+ cargo-sovereign' "$dir/stderr" || fail "the tool ran although an sbom pattern matched nothing"
[ -z "$(output report-file "$dir/outputs")" ] || fail "report-file output after an sbom error"

echo "action script: all checks passed"
