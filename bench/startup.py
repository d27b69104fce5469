"""Start-up of fresh `briefbot` processes, as ratios to a bare interpreter.

The baseline is a fresh process of the same interpreter running ``import asyncio, argparse,
logging``. Each command runs in turn with the baseline (A B A B …) and the ratio is taken
run by run, so the machine's drifting speed cancels out; the median of the runs is reported.
`brief` runs offline over 100 stored articles on a database already at the newest schema.
Targets: `--help` ≤ 5×, `brief` ≤ 12×. Prints figures; asserts nothing.
Run: `make bench-startup` (or `python -m bench.startup --runs 9`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.ingest_brief import make_corpus

BASELINE = [sys.executable, "-c", "import asyncio, argparse, logging"]
BRIEFBOT = [sys.executable, "-m", "bot.cli"]


def _wall(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def _ratio(command: list[str], runs: int, cwd: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """(median ratio, median command seconds, median baseline seconds) over paired runs."""
    _wall(command, cwd, env)  # warm the file cache
    pairs = [(_wall(command, cwd, env), _wall(BASELINE, cwd, env)) for _ in range(runs)]
    ratios = [a / b for a, b in pairs]
    return (
        statistics.median(ratios),
        statistics.median(a for a, _ in pairs),
        statistics.median(b for _, b in pairs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
        make_corpus(folder / "corpus", 100)
        subprocess.run([*BRIEFBOT, "ingest", "corpus"], cwd=folder, env=env, check=True, capture_output=True)
        print(f"start-up, median of {args.runs} paired runs (baseline: {' '.join(BASELINE[1:])})")
        for label, command, target in (
            ("briefbot --help", [*BRIEFBOT, "--help"], 5),
            ("briefbot brief (100 articles)", [*BRIEFBOT, "brief"], 12),
        ):
            ratio, seconds, base = _ratio(command, args.runs, folder, env)
            print(
                f"{label:32s} {seconds * 1000:7.0f} ms  baseline {base * 1000:5.0f} ms"
                f"  ratio {ratio:5.2f}x  (target <= {target}x)"
            )


if __name__ == "__main__":
    main()
