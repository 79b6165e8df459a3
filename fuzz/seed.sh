#!/usr/bin/env bash
# Builds the seed corpora in fuzz/corpus/<target>/ (not committed) from ../shared/corpora,
# the repository's fixtures and its knowledge base. Run from the repository root or fuzz/.
set -eu  # no pipefail: `head` closing a pipe early is fine here
cd "$(dirname "$0")"
shared="${SOVEREIGN_SHARED_DIR:-../../shared}/corpora"
rm -rf corpus && mkdir -p corpus/{sbom,pipeline,purl,license,location,policy}
n=0
# SBOMs: every document of the specifications' examples and the real SBOMs, small ones only.
find "$shared" ../tests/fixtures -type f \( -name '*.json' -o -name '*.xml' -o -name '*.spdx' \
  -o -name '*.yaml' -o -name '*.yml' -o -name '*.jsonld' \) -size -200k -print0 |
  while IFS= read -r -d '' f; do n=$((n + 1)); cp "$f" "corpus/sbom/$n-$(basename "$f")"; done
# The whole pipeline starts from the same documents, and from the Cargo fixtures' metadata.
cp corpus/sbom/* corpus/pipeline/
for f in ../tests/fixtures/*/metadata.json; do
  if [ "$(wc -c <"$f")" -lt 204800 ]; then
    cp "$f" "corpus/pipeline/$(basename "$(dirname "$f")")-metadata.json"
  fi
done
# Package URLs: the purl specification's test cases and every purl in the fixtures.
find "$shared/purl-spec" ../tests/fixtures -type f -name '*.json' -print0 |
  xargs -0 grep -ohE '"pkg:[^"]{1,300}"' 2>/dev/null | tr -d '"' | sort -u | head -3000 |
  split -l 1 -a 5 - corpus/purl/p
# Licences: declared licence strings of the fixtures and the ids of data/licenses.tsv.
{ grep -ohE '"(license|licenseDeclared|licenseConcluded|expression|id)": *"[^"]{1,200}"' -r ../tests/fixtures "$shared/spdx-examples" 2>/dev/null |
    sed -E 's/^"[^"]*": *"//; s/"$//'; grep -v '^#' ../data/licenses.tsv | cut -f1 | awk 'NR % 3 == 0' | head -1200; } |
  sort -u | head -4000 | split -l 1 -a 5 - corpus/license/l
# Locations: country and city names and aliases from the knowledge base, and free text.
{ grep -v '^#' ../data/countries.tsv | cut -f3 | head -600; grep -v '^#' ../data/gazetteer.tsv | cut -f1 | awk 'NR % 80 == 0' | head -1500;
  printf '%s\n' 'Berlin, Germany' 'San Francisco, CA' 'Paris 🇫🇷' 'Earth' 'remote' 'München' 'Tokyo / Berlin'; } |
  sort -u | split -l 1 -a 5 - corpus/location/g
# Policies: the fixtures' policy files, the repository's own and the `init` template.
cp ../tests/fixtures/policies/*.toml corpus/policy/
cp ../sovereign.toml corpus/policy/repo.toml
for d in corpus/*; do echo "$d: $(find "$d" -type f | wc -l) seeds"; done
