"""Which entries of a folder an import reads: regular files inside it, and every other entry
that looks like something to read, refused with the reason.

A link is followed only when it stays inside the folder (a link to ``/etc/passwd`` would put a
system file among the articles shown to chats); FIFOs, devices and sockets are never opened (a
FIFO blocks, ``/dev/zero`` never ends). Hidden files and folders are skipped, as are files of
suffixes no reader knows.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from errors import SourceError


@dataclass(frozen=True)
class Listing:
    """The files to read, in name order, and the entries refused with why."""

    files: tuple[Path, ...]
    refused: tuple[tuple[Path, str], ...]


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, in a few words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a folder" if stat.S_ISDIR(mode) else "not a file"


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop of links
        return False
    return True


def _judge(path: Path, root: Path, suffixes: Collection[str]) -> str | None:
    """Why ``path`` (an entry below ``root``) is refused, or None to read it."""
    if path.is_symlink() and not _inside(path, root):
        return "a link to outside the folder, not followed"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot read ({exc.strerror or 'a broken link'})"
    kind = special_kind(mode)
    if kind is not None:
        return f"not a regular file ({kind})"
    return None if path.suffix.lower() in suffixes else ""


def folder_files(folder: Path, suffixes: Collection[str]) -> Listing:
    """The files below ``folder`` to read (of the given suffixes), and the entries refused."""
    root = folder.resolve()
    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            link = Path(top) / name
            if link.is_symlink() and not _inside(link, root):
                refused.append((link, "a link to outside the folder, not followed"))
        for name in names:
            if name.startswith("."):
                continue
            path = Path(top) / name
            reason = _judge(path, root, suffixes)
            if reason is None:
                files.append(path)
            elif reason:
                refused.append((path, reason))
    return Listing(tuple(sorted(files)), tuple(sorted(refused)))


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading, never waiting on a FIFO or reading a device.

    Raises SourceError when ``path`` is something else or cannot be opened.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise SourceError(f"cannot read ({exc.strerror})") from exc
    kind = special_kind(os.fstat(fd).st_mode)
    if kind is not None:
        os.close(fd)
        raise SourceError(f"not a regular file ({kind})")
    return os.fdopen(fd, "rb")
