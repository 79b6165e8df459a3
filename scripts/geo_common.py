"""Helpers shared by the derive-*.py scripts that build cargo-sovereign's geographic data.

Text normalisation here must match `src/kb/fold.rs` exactly: both read the same folding
table, `data/fold.tsv` (written by `derive-fold.py`), and apply the same punctuation rules.
The Rust tests check that every key these scripts write is a fixed point of the Rust side.
"""

import pathlib
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def download_wheel(name: str, version: str) -> zipfile.ZipFile:
    """Downloads one pinned wheel with pip (no dependencies) and opens it as a zip archive."""
    tmp = tempfile.mkdtemp(prefix=f"sovereign-{name}-")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "-d", tmp, f"{name}=={version}"],
        check=True,
    )
    wheels = sorted(pathlib.Path(tmp).glob("*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one wheel for {name}=={version} in {tmp}, found {len(wheels)}")
    return zipfile.ZipFile(wheels[0])


def load_fold() -> dict[str, str]:
    """Reads data/fold.tsv: one character, a tab, its replacement (possibly empty)."""
    table = {}
    for line in (DATA / "fold.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        table[chr(int(cells[0], 16))] = cells[1] if len(cells) > 1 else ""
    return table


_FOLD = None


def normalize(text: str) -> str:
    """Lowercases, strips accents, treats '-', '_' and '/' as spaces, drops '.', collapses spaces."""
    global _FOLD
    if _FOLD is None:
        _FOLD = load_fold()
    out = []
    for ch in text.lower():
        if ch in ("-", "_") or ch.isspace():
            out.append(" ")
        elif ch == ".":
            continue
        else:
            out.append(_FOLD.get(ch, ch))
    return " ".join("".join(out).split())
