"""Briefings, summaries and answers from stored articles; knows nothing of Telegram or the database."""
