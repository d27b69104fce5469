"""Feeds: RSS and Atom through feedparser, JSON Feed through our own reader, OPML lists, feed
discovery on a site's page, and entries read into articles by the same reader as every file."""
