"""A progress bar for long imports on a terminal (rich, imported only when one is shown)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from bot.services.library import ImportProgress


def wants_progress(out: TextIO | None = None, err: TextIO | None = None) -> bool:
    """A bar only when a person is watching: both output and errors go to a terminal."""
    return (out or sys.stdout).isatty() and (err or sys.stderr).isatty()


@contextmanager
def import_progress(err: TextIO | None = None) -> Iterator[Callable[[ImportProgress], None]]:
    """A callback drawing a bar of bytes read, with the counts and the rate of articles a second."""
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn(
            "[bold]{task.fields[stored]:,}[/] stored · {task.fields[duplicates]:,} duplicates · "
            "{task.fields[refused]:,} refused · {task.fields[rate]:,.0f} articles/s"
        ),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(file=err or sys.stderr), transient=False) as bar:
        task = bar.add_task("import", total=None, stored=0, duplicates=0, refused=0, rate=0.0)

        def update(p: ImportProgress) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            done = p.stored + p.duplicates + p.refused
            bar.update(
                task,
                completed=p.bytes_read,
                total=p.total_bytes or None,
                stored=p.stored,
                duplicates=p.duplicates,
                refused=p.refused,
                rate=done / elapsed if elapsed > 0 else 0.0,
            )

        yield update
