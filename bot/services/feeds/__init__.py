"""Feeds: adding them (with discovery), OPML, and polling them on the scheduler's tick.

Import each module on its own (``feeds.service``, ``feeds.polling``, …), as for the other services.
"""
