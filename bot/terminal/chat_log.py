"""Where the console chat's log lines go: a file, so that none lands between the chat's lines.

Logging normally writes to stderr, which a terminal shows mixed into the conversation. While the
chat runs (unless ``--verbose`` asks for stderr), every record, libraries' warnings included, goes
to ``briefbot.log`` beside the SQLite database, or in the default data folder for another store.
"""

from __future__ import annotations

import logging
from pathlib import Path

from config.settings import default_data_dir
from store.engine import sqlite_file

LOG_NAME = "briefbot.log"


def chat_log_path(store_url: str) -> Path:
    """``briefbot.log`` in the SQLite database's folder, else in the default data folder."""
    db_file = sqlite_file(store_url)
    folder = db_file.parent if db_file is not None else default_data_dir()
    return (folder / LOG_NAME).resolve()


def log_to_file(path: Path, level: str) -> None:
    """Send every log record of ``level`` and above, and Python's warnings, to ``path`` instead
    of the screen (call before the formats and secret filters are set on the handlers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in root.handlers[:]:
        root.removeHandler(handler)
        handler.close()
    root.addHandler(logging.FileHandler(path, encoding="utf-8"))
    root.setLevel(level)
    logging.captureWarnings(True)
