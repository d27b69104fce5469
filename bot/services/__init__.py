"""The use cases every front end shares (briefings, questions, library, chats, stats, …).

Kept light on purpose: import the service you need from its own module; ``bot.services.wiring``
builds them all (``build_services``).
"""
