#!/usr/bin/env python3
"""Score a cargo-sovereign binary's country claims against a labelled set, from its JSON report.

Usage: scripts/score-attribution.py BINARY tests/fixtures/attribution-eval [--kb FILE]

The same scoring as tests/it/attribution_eval.rs (strict: a country claimed for a package
labelled `-` or `?` is wrong), for comparing builds: an older release, a branch, another
knowledge base. Prints precision and recall, overall and per deciding signal where the report
says which signal decided (older reports do not: their strongest evidence row is used).
"""
import collections
import json
import os
import subprocess
import sys


def labels(folder):
    rows = open(os.path.join(folder, "labels.tsv"), encoding="utf-8").read().splitlines()
    header = rows[0].split("\t")
    eco, name, country = header.index("ecosystem"), header.index("name"), header.index("country")
    return {(c[eco], c[name]): c[country] for c in (r.split("\t") for r in rows[1:] if r.strip())}


def claims(binary, folder, extra):
    out = {}
    for graph in sorted(os.listdir(folder)):
        path = os.path.join(folder, graph)
        if not os.path.isdir(path):
            continue
        meta, sbom = os.path.join(path, "metadata.json"), os.path.join(path, "sbom.cdx.json")
        source = ["--metadata", meta] if os.path.exists(meta) else ["--sbom", sbom]
        report = subprocess.run(
            [binary, "audit", "--offline", *source, "--format", "json", "--fail-on", "never", *extra],
            capture_output=True, check=True, cwd=path).stdout
        report = json.loads(report)
        for p in report["packages"]:
            name = f"{p['namespace']}/{p['name']}" if p.get("namespace") and p["ecosystem"] == "npm" else p["name"]
            o = p.get("origin") or {}
            if isinstance(o, int):  # schema_version 2: a place in the report's list of origins
                o = report["origins"][o]
            signal = o.get("decided_by") or ((o.get("evidence") or [{}])[0].get("signal"))
            out.setdefault((p["ecosystem"], name), (o.get("control_country"), signal))
    return out


def main():
    binary, folder, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    folder = os.path.abspath(folder)
    truth, seen = labels(folder), claims(os.path.abspath(binary), folder, extra)
    by_signal = collections.defaultdict(lambda: [0, 0])
    knowable = sum(1 for c in truth.values() if len(c) == 2)
    right = total = 0
    for key, label in truth.items():
        country, signal = seen.get(key, (None, None))
        if country is None:
            continue
        total += 1
        by_signal[signal][0] += 1
        if country == label:
            right += 1
            by_signal[signal][1] += 1
    for signal, (n, ok) in sorted(by_signal.items(), key=lambda kv: str(kv[0])):
        print(f"{str(signal):<20} {n:>6} {ok:>6} {ok / n:>8.3f}")
    print(f"{'all':<20} {total:>6} {right:>6} {right / max(total, 1):>8.3f}")
    print(f"recall {right} of {knowable} = {right / max(knowable, 1):.3f}")


main()
