"""The bot in three wings: ``services`` (use cases every front end shares), ``telegram`` and
``terminal`` (the front ends), with ``cli`` the entry point that starts either.

See docs/architecture.md for what each room holds and may import.
"""
