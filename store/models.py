"""The tables of briefbot (SQLAlchemy 2 declarative); the schema itself is made by Alembic migrations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from store.timestamps import UTCDateTime


class Base(DeclarativeBase):
    """Declarative base of every table."""


class Source(Base):
    """Where articles come from: a file import, a feed, a web site, a chat."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="file")
    url: Mapped[str | None] = mapped_column(Text, unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Feed(Base):
    """A feed the bot polls: its source row, when it is next due, and how its polls have gone.

    ``next_poll_at`` is a UTC instant; a poll is claimed (``owner`` + ``lease_until``) by one
    process at a time. ``errors`` counts failed polls in a row (the back-off grows with it);
    ``failing`` marks a feed past the limit, retried slowly, never dropped.
    """

    __tablename__ = "feeds"
    __table_args__ = (Index("ix_feeds_next_poll", "next_poll_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), unique=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    site_url: Mapped[str | None] = mapped_column(Text)
    interval_seconds: Mapped[float | None] = mapped_column(Float)  # None: the settings' default
    fetch_teasers: Mapped[bool] = mapped_column(Boolean, default=True)
    next_poll_at: Mapped[datetime] = mapped_column(UTCDateTime())
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_result: Mapped[str | None] = mapped_column(String(300))
    errors: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    failing: Mapped[bool] = mapped_column(Boolean, default=False)
    owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SeenKey(Base):
    """A dedupe key that outlives its article: a feed entry's GUID (``scope`` is the feed's id:
    GUIDs are unique only per feed), a canonical URL or a content hash (``scope`` 0)."""

    __tablename__ = "seen_keys"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # guid, url, hash
    scope: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Article(Base):
    """One stored article; ``text`` is its plain body (paragraph and quote blocks separated by
    blank lines, what full-text search indexes), ``blocks`` its structure as a JSON list of
    ``{"role": …, "text": …}`` (see ``blocks.py``)."""

    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_published_at", "published_at"),
        Index("ix_articles_simhash", "simhash"),
        Index("ix_articles_ingested_at", "ingested_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    standfirst: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text, unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    simhash: Mapped[int] = mapped_column(BigInteger)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    words: Mapped[int] = mapped_column(Integer, default=0)
    blocks: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)


class ArticleSource(Base):
    """What an article was read from (page, file or record), compressed, so that a better reader
    can read it again; deleted with its article."""

    __tablename__ = "article_sources"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    media_type: Mapped[str] = mapped_column(String(100))
    encoding: Mapped[str] = mapped_column(String(20))  # how ``data`` is compressed ("zlib")
    size: Mapped[int] = mapped_column(Integer)  # bytes before compression
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CachedSummary(Base):
    """A computed briefing or summary, keyed by what it was computed from."""

    __tablename__ = "summaries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SummaryArticle(Base):
    """Which articles a cached summary was written from, so pruning an article drops it too."""

    __tablename__ = "summary_articles"
    __table_args__ = (Index("ix_summary_articles_article", "article_id"),)

    summary_id: Mapped[int] = mapped_column(
        ForeignKey("summaries.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class Chat(Base):
    """A Telegram chat (or the console) and its preferences.

    ``blocked``: the bot may not write there (the user blocked it, or it was removed from the
    group); digests wait until the chat writes again. ``silent``: digests arrive without sound.
    """

    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20), default="private")
    title: Mapped[str] = mapped_column(String(300), default="")
    length: Mapped[str] = mapped_column(String(10), default="normal")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    silent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The language briefings are written in (ISO 639-1); None keeps the articles' own.
    language: Mapped[str | None] = mapped_column(String(10), default=None)


class Subscription(Base):
    """A digest for a chat at a local time on some days, optionally on a topic query.

    ``next_run_at`` is the next slot as a UTC instant, computed from ``at_time``, ``days`` and the
    zone (``timezone``, or the chat's when None); ``last_slot_at`` is the last slot delivered,
    where the next digest's window starts.
    """

    __tablename__ = "subscriptions"
    __table_args__ = (
        Index("ix_subscriptions_next_run", "next_run_at"),
        Index("ix_subscriptions_chat", "chat_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    at_time: Mapped[str] = mapped_column(String(5))
    days: Mapped[int] = mapped_column(Integer)  # bit 0 Monday … bit 6 Sunday
    timezone: Mapped[str | None] = mapped_column(String(64))
    query: Mapped[str | None] = mapped_column(Text)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    next_run_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_slot_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Delivery(Base):
    """One (subscription, slot): claimed by an owner with a lease, then sent, failed or skipped."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "slot_at"),
        Index("ix_deliveries_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    slot_at: Mapped[datetime] = mapped_column(UTCDateTime())
    window_start: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(String(300))
    stories: Mapped[int | None] = mapped_column(Integer)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DigestArticle(Base):
    """An article a chat received in a digest, so later digests leave out what it has had."""

    __tablename__ = "digest_articles"
    __table_args__ = (Index("ix_digest_articles_delivered", "delivered_at"),)

    chat_id: Mapped[int] = mapped_column(
        ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    delivered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Heartbeat(Base):
    """A running process says it is alive (``role``: ``bot`` polling, ``webhook`` a webhook worker)."""

    __tablename__ = "heartbeats"

    owner: Mapped[str] = mapped_column(String(80), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StoredUpdate(Base):
    """A Telegram update a webhook received, kept by ``update_id`` until a worker has handled it.

    ``status``: ``new`` (stored, not yet taken), ``working`` (an ``owner`` holds it until
    ``lease_until``), ``done`` or ``failed`` (given up after too many attempts). Handled rows keep
    only their id (``payload`` is cleared), so a copy Telegram sends again is recognised.
    """

    __tablename__ = "updates"
    __table_args__ = (Index("ix_updates_claim", "status", "update_id"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Lease(Base):
    """Something only one process may do at a time (polling a bot token), held until ``until``."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    owner: Mapped[str] = mapped_column(String(80))
    until: Mapped[datetime] = mapped_column(UTCDateTime())
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SendRate(Base):
    """A pace shared by every process: the next free send moment, in seconds since the epoch."""

    __tablename__ = "send_rates"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    next_at: Mapped[float] = mapped_column(Float(precision=53))


class RateBucket(Base):
    """A chat's rate-limit bucket, shared by every process: its tokens at the moment ``at``."""

    __tablename__ = "rate_buckets"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    tokens: Mapped[float] = mapped_column(Float(precision=53))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Conversation(Base):
    """What a chat last saw (a briefing or an answer), so follow-ups know their context."""

    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_chat_created", "chat_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Usage(Base):
    """One served request (briefing, answer, LLM call) and the tokens it used.

    ``account`` is who pays: ``chat`` (the chat ``chat_id``), ``digests`` (shared by every
    subscriber of a digest), ``local`` (the CLI). ``day`` is the UTC date, for daily budgets;
    ``estimated`` marks token figures guessed at characters / 4 because the server gave none.
    """

    __tablename__ = "usage"
    __table_args__ = (
        Index("ix_usage_created", "created_at"),
        Index("ix_usage_day_chat", "day", "chat_id"),
        Index("ix_usage_day_account", "day", "account"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
    tokens_in: Mapped[int] = mapped_column(Integer, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    account: Mapped[str] = mapped_column(String(40), default="chat", server_default="chat")
    day: Mapped[str] = mapped_column(String(10), default="", server_default="")
    estimated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    model: Mapped[str | None] = mapped_column(String(200))


class Passage(Base):
    """A few consecutive sentences of an article's paragraphs and quotes (one a line), indexed
    for follow-up questions; ``first`` is the article-wide position of its first sentence.
    Deleted with its article (its full-text row goes with it, by a trigger)."""

    __tablename__ = "passages"
    __table_args__ = (Index("ix_passages_article", "article_id", "first"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    first: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)


class Thread(Base):
    """A conversation a chat can continue: what a briefing, digest or answer was about.

    ``origin`` says what started it (briefing, digest, answer, story); ``article_ids`` are the
    articles it is about (the briefing's, then each answer's); ``turns`` the last few questions
    with the subject each carried. ``active_at`` is the last use: a thread idle for longer than
    the expiry setting is not continued.
    """

    __tablename__ = "threads"
    __table_args__ = (Index("ix_threads_chat_active", "chat_id", "active_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    origin: Mapped[str] = mapped_column(String(20))
    article_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    turns: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    active_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ThreadMessage(Base):
    """A Telegram message that belongs to a thread: a reply to it continues the thread."""

    __tablename__ = "thread_messages"
    __table_args__ = (Index("ix_thread_messages_thread", "thread_id"),)

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
