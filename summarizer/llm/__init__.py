"""The LLM briefing backend: an OpenAI-compatible client, prompts, output checks and condensing.

Passages in, checked plain text with citations out; it knows nothing of Telegram or the database.
"""
