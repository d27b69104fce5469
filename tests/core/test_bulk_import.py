"""Bulk imports: JSONL and JSON streamed record by record, folders read recursively, a size cap per
record (not per file), progress reported, and a final report of counts and reasons."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import re
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from sqlalchemy import text

import bot.services.library as library
from bot.services.index_worker import IndexWorker
from bot.services.library import ImportProgress
from bot.services.wiring import build_services
from bot.wording import import_lines
from config import IngestSettings, StoreSettings, load_settings
from tests.feeds.conftest import body_text


def record(n: int, **extra: object) -> dict[str, object]:
    text = body_text(n, 60)
    return {"title": f"Dock {n} reopens", "text": text, "url": f"https://port.example/{n}", **extra}


async def _services(tmp_path: Path, **ingest: object):
    settings = load_settings(
        store=StoreSettings(url=f"sqlite+aiosqlite:///{tmp_path}/bulk.db"), ingest=IngestSettings(**ingest)
    )
    return await build_services(settings)


async def test_a_jsonl_larger_than_the_file_limit_streams_and_the_cap_applies_per_record(
    tmp_path: Path, settings
) -> None:
    path = tmp_path / "export.jsonl"
    lines = [json.dumps(record(n)) for n in range(60)]
    lines[10] = json.dumps(record(10, padding="x" * 5000))  # one record over the cap
    lines[20] = "{not json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    services = await _services(tmp_path, max_file_bytes=2_000, max_record_bytes=4_000)
    try:
        report = await services.library.ingest_paths([path])
    finally:
        await services.aclose()

    assert path.stat().st_size > 2_000  # bigger than a whole file may be
    assert (report.stored, report.duplicates) == (58, 0)
    assert report.problems == (
        f"{path}: line 11: record is too large (over 4,000 bytes)",
        f"{path}: line 21: not valid JSON (Expecting property name enclosed in double quotes)",
    )


async def test_a_json_array_or_a_wrapped_list_is_read_record_by_record(tmp_path: Path, settings) -> None:
    array, wrapped = tmp_path / "array.json", tmp_path / "wrapped.json"
    array.write_text(json.dumps([record(1), "a string", record(2), {"title": "no text"}]), encoding="utf-8")
    wrapped.write_text(json.dumps({"source": "Port", "articles": [record(3), record(4)], "after": 1}))
    services = await _services(tmp_path)
    try:
        report = await services.library.ingest_paths([array, wrapped])
    finally:
        await services.aclose()

    assert report.stored == 4
    assert report.problems == (
        f"{array}: item 2: not an object but a string",
        f"{array}: item 4: no text (expected a 'text', 'body' or 'content' field)",
    )


async def test_a_broken_json_file_stores_what_came_before_and_says_where_it_broke(
    tmp_path: Path, settings
) -> None:
    path = tmp_path / "cut.json"
    path.write_text(json.dumps([record(1), record(2)])[:-30], encoding="utf-8")
    services = await _services(tmp_path)
    try:
        report = await services.library.ingest_paths([path])
    finally:
        await services.aclose()

    assert report.stored == 1
    (problem,) = report.problems
    assert problem.startswith(f"{path}: file: not valid JSON after 1 records")


async def test_a_folder_is_read_recursively_and_progress_reaches_the_total(tmp_path: Path, settings) -> None:
    folder = tmp_path / "archive"
    for n in range(5):
        part = folder / f"2026/{n:02d}"
        part.mkdir(parents=True)
        (part / f"{n}.json").write_text(json.dumps(record(n)), encoding="utf-8")
    (folder / "notes.md").write_text("# Tide tables\n\nThe spring tide tables for the harbour are out now.\n")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.json").write_text(json.dumps(record(99)))
    seen: list[ImportProgress] = []
    services = await _services(tmp_path)
    try:
        report = await services.library.ingest_paths([folder], progress=seen.append)
    finally:
        await services.aclose()

    assert (report.stored, report.problems) == (6, ())
    assert seen and seen[-1].bytes_read == seen[-1].total_bytes > 0
    assert seen[-1].stored == 6


def test_the_report_counts_refusals_by_reason_and_shows_some_in_full() -> None:
    from bot.services.library import IngestReport

    problems = tuple(
        f"a.jsonl: line {n}: 'Dock {n}': too short (3 characters; at least 40 needed)" for n in range(25)
    )
    problems += ("b.json: item 1: not valid JSON (Expecting value: line 1 column 1 (char 0))",)

    lines = import_lines(IngestReport(10, 2, problems, ()), examples=3)

    assert lines[:2] == [
        "Stored 10 articles, skipped 2 duplicates, refused 26.",
        "Refused: too short (25); not valid JSON (1)",
    ]
    assert lines[-1] == "  - … and 23 more"


def _ingest(tmp_path: Path, path: Path, *, terminal: bool) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "user-data")  # a store of its own for each run
    command = [sys.executable, "-m", "bot.cli", "ingest", str(path)]
    if not terminal:
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        return done.stdout + done.stderr
    leader, follower = pty.openpty()
    env.update(COLUMNS="120", TERM="xterm")
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_progress_bar_shows_on_a_terminal_and_not_when_piped(tmp_path: Path, settings) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(record(n)) for n in range(30)), encoding="utf-8")

    for name in ("piped", "tty"):
        (tmp_path / name).mkdir()

    piped = _ingest(tmp_path / "piped", path, terminal=False)
    on_terminal = _ingest(tmp_path / "tty", path, terminal=True)

    assert piped.strip() == "Stored 30 articles, skipped 0 duplicates."
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", on_terminal)
    assert "articles/s" in shown and "30 stored · 0 duplicates · 0 refused" in shown
    assert "Stored 30 articles, skipped 0 duplicates." in on_terminal


async def _indexed(services) -> list[list[tuple[object, ...]]]:
    """Every row of the passages and of both full-text indexes, in order."""
    queries = (
        "SELECT article_id, first, heading, text FROM passages ORDER BY id",
        "SELECT rowid, title, heading, text FROM passages_fts ORDER BY rowid",
        "SELECT rowid, title, standfirst, text FROM articles_fts ORDER BY rowid",
    )
    async with services.store.engine.connect() as conn:
        return [[tuple(r) for r in (await conn.execute(text(sql))).all()] for sql in queries]


async def test_a_large_import_indexes_in_a_worker_process_exactly_as_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(record(n)) for n in range(25)) + "\n", encoding="utf-8")
    submitted: list[int] = []
    real_submit = IndexWorker.submit

    def submit(worker: IndexWorker, articles: list[object]) -> object:
        submitted.append(len(articles))
        return real_submit(worker, articles)  # type: ignore[arg-type]

    used: list[bool] = []
    real_result = IndexWorker.result

    async def result(prepared: object, count: int) -> object:
        texts = await real_result(prepared, count)  # type: ignore[arg-type]
        used.append(texts is not None)
        return texts

    monkeypatch.setattr(IndexWorker, "submit", submit)
    monkeypatch.setattr(IndexWorker, "result", staticmethod(result))
    results = []
    for batch, folder in ((1000, "alone"), (10, "beside")):  # 25 < 1000: no worker; 10: a worker
        monkeypatch.setattr(library, "IMPORT_BATCH", batch)
        (tmp_path / folder).mkdir()
        services = await _services(tmp_path / folder)
        try:
            report = await services.library.ingest_paths([path])
            results.append((report.stored, list(submitted), await _indexed(services)))
        finally:
            await services.aclose()

    (alone, none, in_process), (beside, batches, in_worker) = results
    assert alone == beside == 25
    assert none == [] and batches == [10, 10, 5]
    assert used == [True, True, True]  # the worker's texts were stored, not worked out again
    assert in_worker == in_process
    assert len(in_process[0]) >= 25 and len(in_process[2]) == 25


async def test_a_failed_index_worker_leaves_the_batch_to_the_store() -> None:
    failed: asyncio.Future[list[object]] = asyncio.get_running_loop().create_future()
    failed.set_exception(BrokenProcessPool("killed"))

    assert await IndexWorker.result(failed, 3) is None  # type: ignore[arg-type]


def _children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_an_import_leaves_no_index_worker_or_resource_tracker_behind(tmp_path: Path) -> None:
    path = tmp_path / "large.jsonl"
    path.write_text("\n".join(json.dumps(record(n)) for n in range(20_000)) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    command = [sys.executable, "-m", "bot.cli", "ingest", str(path)]
    importer = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL)
    try:
        children: set[int] = set()
        deadline = time.monotonic() + 60
        while len(children) < 2 and importer.poll() is None and time.monotonic() < deadline:
            children = _children(importer.pid)  # the index worker and the resource tracker
            time.sleep(0.05)
        assert len(children) >= 2, "the import ended before its index worker started"
    finally:
        importer.kill()  # SIGKILL: no clean-up code of its own runs
        importer.wait()

    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)

    assert [pid for pid in children if _alive(pid)] == []


async def test_a_record_the_database_refuses_is_refused_alone_and_its_batch_is_stored(
    tmp_path: Path, settings
) -> None:
    path = tmp_path / "export.jsonl"
    lines = [json.dumps(record(n)) for n in range(21)]
    lines[10] = json.dumps(record(10, title="Dock \ud800 reopens"))  # a lone surrogate: not UTF-8
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    services = await _services(tmp_path)
    try:
        report = await services.library.ingest_paths([path])
        stored = await services.store.articles.count()
    finally:
        await services.aclose()

    assert (report.stored, stored) == (20, 20)
    assert report.problems == (f"{path}: line 11: not stored (UnicodeEncodeError)",)
