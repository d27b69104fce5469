"""A corpus of hostile files for imports, made on demand (no binaries are committed).

Each case is a path to give ``briefbot ingest`` and what a correct import does with it: how many
articles it stores and how many records or entries it refuses. ``ingest`` runs one case in a
process of its own and measures its time and peak memory (``resource``, RUSAGE_CHILDREN). Run as a
script to write the corpus into a folder and print the table of every case:
``python -m tests.hostile_corpus /tmp/hostile``.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

DEEP = 100_000


@dataclass(frozen=True)
class Case:
    """One file or folder of the corpus and the import it should give."""

    name: str
    stored: int
    refused: int


def good(n: int) -> dict[str, str]:
    """A record any import stores: distinct text, long enough, with a title."""
    words = " ".join(f"w{n}x{i}" for i in range(30))
    return {"title": f"Harbour note {n}", "text": f"Note {n} on the harbour works. {words}. Done {n}."}


def arrays(depth: int) -> str:
    return "[" * depth + "]" * depth


def objects(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def _lines(records: list[str]) -> str:
    return "\n".join(records) + "\n"


def _write(folder: Path, name: str, data: str | bytes) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def build(folder: Path) -> list[Case]:
    """Write the corpus into ``folder`` (which must exist) and return its cases."""
    cases: list[Case] = []

    def add(name: str, data: str | bytes, stored: int, refused: int) -> None:
        _write(folder, name, data)
        cases.append(Case(name, stored, refused))

    for depth, label in ((1_000, "1k"), (10_000, "10k"), (DEEP, "100k")):
        add(f"nested-arrays-{label}.json", arrays(depth), 0, 1)
        add(f"nested-objects-{label}.json", objects(depth), 0, 1)
        add(f"nested-arrays-{label}.jsonl", arrays(depth) + "\n", 0, 1)
        add(f"nested-objects-{label}.jsonl", objects(depth) + "\n", 0, 1)
    record = [json.dumps(good(n)) for n in range(5_000)]
    add("mixed-10-deep-10.jsonl", _lines([*record[:10], arrays(DEEP), *record[10:20]]), 20, 1)
    add("mixed-5000-deep.jsonl", _lines([*record[:2_500], objects(DEEP), *record[2_500:]]), 5_000, 1)
    deep_record = '{"title": "x", "text": ' + arrays(DEEP) + "}"
    add("mixed-array.json", "[" + ",".join([*record[20:30], deep_record, *record[30:40]]) + "]", 20, 1)
    add("mixed-wrapped.json", '{"items": [' + ",".join([record[40], objects(DEEP), record[41]]) + "]}", 2, 1)
    brackets = {**good(50), "text": good(50)["text"] + " [[[{{{" * 2_000}  # inside a string: harmless
    add("brackets-in-strings.jsonl", json.dumps(brackets) + "\n", 1, 0)
    pair = json.dumps([good(60), good(61)])
    add("utf16-bom.json", pair.encode("utf-16"), 2, 0)
    add("utf16be.json", pair.encode("utf-16-be"), 2, 0)
    add("utf32-bom.json", codecs.BOM_UTF32_LE + pair.encode("utf-32-le"), 2, 0)
    add("utf32le.json", pair.encode("utf-32-le"), 2, 0)
    add("utf16-bom.jsonl", _lines([json.dumps(good(62)), json.dumps(good(63))]).encode("utf-16"), 2, 0)
    for suffix in (".txt", ".md", ".json", ".jsonl", ".html"):
        add(f"empty{suffix}", b"", 0, 1)
    add("blank.jsonl", b"\n  \n\n", 0, 1)
    add("bom-only.json", codecs.BOM_UTF8, 0, 1)
    cases.append(_folder(folder / "folder"))
    return cases


def _folder(folder: Path) -> Case:
    """A folder with one good file among links out of it, a FIFO and a link to a device."""
    outside = folder.parent / "outside-secret.txt"
    outside.write_text("Secret\n\nA file outside the folder that must never become an article.\n")
    _write(folder, "good.txt", "Good\n\nA plain file inside the folder, long enough to be an article.\n")
    (folder / "inside-link.txt").symlink_to("good.txt")  # stays inside: read (a duplicate)
    (folder / "outside-link.txt").symlink_to(outside)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "etc").symlink_to("/etc")
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.txt")
    return Case("folder", 1, 5)


@dataclass(frozen=True)
class Outcome:
    """What ``briefbot ingest`` of one case did and cost."""

    stored: int
    refused: int
    peak_mb: float
    seconds: float
    output: str


_COUNTS = re.compile(r"^Stored ([\d,]+) articles?, skipped [\d,]+ duplicates?(?:, refused ([\d,]+))?\.", re.M)


# Runs the command given and writes its peak memory (KB) to the file named first. The command is a
# child of this small process, so its figure does not include the memory of whoever started it
# (a forked child's peak counts its parent's pages until it execs).
_MEASURE = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(code)"
)


def ingest(path: Path, workdir: Path, *, timeout: float = 300) -> Outcome:
    """Run ``briefbot ingest path`` in its own process on a fresh store under ``workdir``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env["BRIEFBOT_STORE__URL"] = f"sqlite+aiosqlite:///{workdir}/store.db"
    peak = workdir / "peak-kb"
    command = [sys.executable, "-m", "bot.cli", "ingest", str(path)]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(peak), *command],
        cwd=workdir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=timeout,
    )
    seconds = time.monotonic() - started
    output = done.stdout.decode("utf-8", "replace")
    found = _COUNTS.search(output)
    counts = (found[1], found[2] or "0") if found else ("-1", "-1")
    stored, refused = (int(n.replace(",", "")) for n in counts)
    return Outcome(stored, refused, int(peak.read_text()) / 1024, seconds, output)


def main(target: Path) -> None:
    """Write the corpus into ``target`` and print each case's outcome as a Markdown table."""
    target.mkdir(parents=True, exist_ok=True)
    print("| file | stored | refused | expected | peak MB | seconds |")
    print("|---|---:|---:|---|---:|---:|")
    for case in build(target):
        work = target.parent / f"{target.name}-stores" / case.name
        work.mkdir(parents=True, exist_ok=True)
        done = ingest(target / case.name, work)
        counts = f"{done.stored:,} | {done.refused:,} | {case.stored}/{case.refused}"
        print(f"| {case.name} | {counts} | {done.peak_mb:.0f} | {done.seconds:.1f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
