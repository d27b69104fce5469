"""Several `briefbot run` worker processes on one PostgreSQL, against the loopback Bot API."""
