"""feedparser's own corpus (about 2,100 real feed files, well-formed, ill-formed, in many
encodings) served from 127.0.0.1, every file added as a feed and all polled once, teasers off.

No crash, no hang, no traceback: every entry feedparser yields is stored or reported with its
own reason, every feed without entries says why. The whole corpus runs here (about 20 s); the
counts and rates are printed by `make bench-feeds`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bench.feed_corpus import CORPUS, corpus_files, poll_corpus
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.shared


@pytest.mark.skipif(
    not (SHARED_DATA / "feeds" / "feedparser-tests").is_dir(),
    reason="feedparser's test corpus is absent (../shared/data/feeds/feedparser-tests)",
)
async def test_every_corpus_file_polls_and_every_entry_is_stored_or_has_a_reason(
    tmp_path: Path, settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)

    done = await poll_corpus(tmp_path / "corpus.db", CORPUS)

    polls = done.run.polls
    assert len(polls) == done.files == len(corpus_files(CORPUS)) > 2000
    assert not [r for r in caplog.records if r.exc_info]  # no traceback anywhere
    assert not [p for p in polls if p.error and p.error.startswith("internal error")]
    for poll in polls:
        accounted = poll.stored + poll.seen + poll.deferred + len(poll.duplicates) + len(poll.refused)
        assert accounted == poll.entries, poll
        assert all(r.reason for r in poll.refused + poll.duplicates), poll
        if not poll.entries:
            assert poll.problem or poll.error, poll  # listed with the reason
    assert sum(p.entries for p in polls) > 1000
    assert done.run.total("stored") > 0
