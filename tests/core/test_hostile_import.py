"""Hostile files cost a clear line, never memory or the good records beside them: each file of the
generated corpus (tests/hostile_corpus.py) is imported by `briefbot ingest` in a process of its own."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.hostile_corpus import Case, build, ingest

PEAK_MB = 300


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, build(folder)


def test_every_hostile_file_is_refused_alone_within_bounded_memory(
    corpus: tuple[Path, list[Case]], tmp_path: Path
) -> None:
    folder, cases = corpus
    for case in cases:
        (tmp_path / case.name).mkdir()
    # Two at a time (each measured in its own process): the machines we test on have two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = pool.map(lambda case: ingest(folder / case.name, tmp_path / case.name), cases)
        seen = {case.name: outcome for case, outcome in zip(cases, done, strict=True)}

    assert {name: "Traceback" in done.output for name, done in seen.items()} == dict.fromkeys(seen, False)
    assert {name: done.peak_mb < PEAK_MB for name, done in seen.items()} == dict.fromkeys(seen, True)
    assert {name: (done.stored, done.refused) for name, done in seen.items()} == {
        case.name: (case.stored, case.refused) for case in cases
    }
