"""Bulk ingest rate into an empty store: one 10k-article JSONL, and a folder of 10k files.

The corpus is the one `bench/ingest_brief.py` generates (invented events, about 300 words an
article). Each run imports through `LibraryService.ingest_paths`, the path of `briefbot ingest`,
into a fresh SQLite file. Prints figures; asserts nothing. Run: `make bench-bulk`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

from bench.ingest_brief import make_corpus
from bot.services.wiring import build_services
from config import StoreSettings, load_settings


def split_into_files(jsonl: Path, folder: Path) -> int:
    """One .json file per record, in nested folders of 1,000 (the import reads folders recursively)."""
    count = 0
    with jsonl.open(encoding="utf-8") as handle:
        for count, line in enumerate(handle, 1):
            part = folder / f"{count // 1000:03d}"
            part.mkdir(parents=True, exist_ok=True)
            (part / f"article-{count:05d}.json").write_text(line, encoding="utf-8")
    return count


async def measure(label: str, path: Path, db: Path) -> None:
    settings = load_settings(store=StoreSettings(url=f"sqlite+aiosqlite:///{db}"))
    services = await build_services(settings)
    try:
        started = time.perf_counter()
        report = await services.library.ingest_paths([path])
        elapsed = time.perf_counter() - started
    finally:
        await services.aclose()
    handled = report.stored + report.duplicates + len(report.problems)
    print(
        f"{label:28s} {report.stored:6,} stored, {report.duplicates:4,} duplicates, "
        f"{len(report.problems):4,} "
        f"refused in {elapsed:6.2f} s = {handled / elapsed:7,.0f} articles/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_corpus(root / "corpus", args.size, per_file=args.size)
        jsonl = next((root / "corpus").glob("*.jsonl"))
        print(f"corpus: {args.size:,} articles, {jsonl.stat().st_size / 1e6:.1f} MB of JSONL")
        asyncio.run(measure(f"one JSONL of {args.size:,}", jsonl, root / "jsonl.db"))
        records = [json.loads(line) for line in jsonl.open(encoding="utf-8")]
        array = root / "corpus.json"
        array.write_text(json.dumps(records), encoding="utf-8")
        asyncio.run(measure(f"one JSON array of {args.size:,}", array, root / "array.db"))
        files = split_into_files(jsonl, root / "folder")
        asyncio.run(measure(f"a folder of {files:,} files", root / "folder", root / "folder.db"))


if __name__ == "__main__":
    main()
