"""Digests: schedules, subscriptions, building shared digests and delivering them through a sender."""
