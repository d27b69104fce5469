"""Full-text search: the one stemmer, and the topic query grammar compiled to each database's syntax.

Both index and queries go through ``stemming``, so SQLite's FTS5 (a plain ``unicode61``
tokenizer) and PostgreSQL's ``simple`` configuration see the same stemmed words and match alike.
"""
