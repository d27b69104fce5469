"""What every settings group shares: the base model and the validators of common value shapes."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict


class Group(BaseModel):
    """A settings group: infinite or NaN numbers are refused like any other wrong value."""

    model_config = ConfigDict(allow_inf_nan=False)


def split_ids(value: Any) -> Any:
    """Accept ``"1, 2;3"``, ``"[1, 2]"`` or an empty string as well as a list for id lists."""
    if isinstance(value, str):
        parts = [part.strip() for part in re.split(r"[,;\s]+", value.strip().strip("[]"))]
        if not all(part.lstrip("-").isdigit() for part in parts if part):
            raise ValueError("use comma-separated numeric Telegram user ids, for example 12345,67890")
        return [int(part) for part in parts if part]
    if isinstance(value, int):
        return [value]
    return value


def blank_is_none(value: Any) -> Any:
    """Treat ``NAME=`` (an empty or blank value, common in .env templates) as not set."""
    return None if isinstance(value, str) and not value.strip() else value


def http_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// URL with a host")
    return value.strip()
