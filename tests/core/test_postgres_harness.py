"""The PostgreSQL test harness: skipped with a reason on a laptop, never skipped silently in CI."""

from __future__ import annotations

import pytest

from tests.postgres import NOT_SET, POSTGRES_ENV, start_postgres


def test_without_a_server_the_postgresql_runs_are_skipped_saying_how_to_get_one(monkeypatch):
    monkeypatch.delenv(POSTGRES_ENV, raising=False)
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception) as skipped:
        start_postgres()

    assert str(skipped.value.msg) == NOT_SET
    assert "make test-postgres" in NOT_SET


@pytest.mark.parametrize("url", [None, "postgresql+asyncpg://postgres@127.0.0.1:9/none"])
def test_under_ci_a_missing_or_unreachable_server_fails_the_run(monkeypatch, url):
    monkeypatch.setenv("CI", "true")
    if url is None:
        monkeypatch.delenv(POSTGRES_ENV, raising=False)
    else:
        monkeypatch.setenv(POSTGRES_ENV, url)

    with pytest.raises(pytest.fail.Exception) as failed:
        start_postgres()

    assert str(failed.value.msg).startswith("CI=true")


def test_outside_ci_an_unreachable_server_is_a_skip_naming_it(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv(POSTGRES_ENV, "postgresql+asyncpg://postgres@127.0.0.1:9/none")

    with pytest.raises(pytest.skip.Exception) as skipped:
        start_postgres()

    assert "127.0.0.1:9/none is unreachable" in str(skipped.value.msg)
