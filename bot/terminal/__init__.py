"""The terminal front end: the console chat and plain-text rendering for it and the CLI."""
