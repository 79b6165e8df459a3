#!/usr/bin/env bash
# Builds every fuzz target once, then runs each for SECONDS (default 600) one after another,
# single job, and prints each target's final libFuzzer statistics. Running the built binaries
# directly (rather than `cargo fuzz run` per target) means editing the sources while this runs
# cannot trigger a rebuild half-way. Logs go to fuzz/logs/<target>.log.
set -u
cd "$(dirname "$0")"
secs=${1:-600}
targets=${TARGETS:-"pipeline sbom purl license location policy"}
RUSTC_BOOTSTRAP=1 cargo fuzz build -O || exit 2
bin=target/$(rustc -vV | sed -n 's/^host: //p')/release
mkdir -p logs
for t in $targets; do
    mkdir -p "corpus/$t" "artifacts/$t"
    "$bin/$t" -artifact_prefix="artifacts/$t/" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 "corpus/$t" >"logs/$t.log" 2>&1
    echo "$t: exit $? $(grep -E '^stat::number_of_executed_units' "logs/$t.log" | tr '\n' ' ')"
done
