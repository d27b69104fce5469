"""Feeds that poll themselves, dedupe keys that outlive pruned articles, and cached summaries
that go with the articles they were written from.

- ``feeds``: one row per polled feed, pointing at its ``sources`` row (kind ``feed``), with its
  interval, next poll instant, conditional-GET validators, error count, failing mark, teaser
  setting and claim (owner + lease). Feeds stored as bare ``sources`` rows move in, due at once.
- ``seen_keys``: feed GUIDs (per feed), canonical URLs and content hashes of everything stored,
  filled from the articles already stored, so a pruned article does not come back.
- ``summary_articles``: which articles each cached summary was written from; a trigger deletes
  the summaries of a deleted article (however it is deleted: retention, a removed source).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)

SQLITE_TRIGGER = """CREATE TRIGGER articles_summaries_ad AFTER DELETE ON articles BEGIN
    DELETE FROM summaries WHERE id IN (SELECT summary_id FROM summary_articles WHERE article_id = old.id);
END"""
POSTGRES_TRIGGER = [
    """CREATE FUNCTION briefbot_drop_article_summaries() RETURNS trigger AS $$
    BEGIN
        DELETE FROM summaries WHERE id IN (
            SELECT summary_id FROM summary_articles WHERE article_id = OLD.id);
        RETURN OLD;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER articles_summaries_ad AFTER DELETE ON articles
        FOR EACH ROW EXECUTE FUNCTION briefbot_drop_article_summaries()""",
]


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "source_id",
            sa.Integer,
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("url", sa.Text, nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("site_url", sa.Text),
        sa.Column("interval_seconds", sa.Float),
        sa.Column("fetch_teasers", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("next_poll_at", TS, nullable=False),
        sa.Column("etag", sa.String(300)),
        sa.Column("last_modified", sa.String(100)),
        sa.Column("last_polled_at", TS),
        sa.Column("last_ok_at", TS),
        sa.Column("last_result", sa.String(300)),
        sa.Column("errors", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.String(300)),
        sa.Column("failing", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("owner", sa.String(80)),
        sa.Column("lease_until", TS),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_feeds_next_poll", "feeds", ["next_poll_at"])
    op.create_table(
        "seen_keys",
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("scope", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("seen_at", TS, nullable=False),
    )
    op.create_table(
        "summary_articles",
        sa.Column(
            "summary_id",
            sa.Integer,
            sa.ForeignKey("summaries.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("article_id", sa.Integer, primary_key=True, autoincrement=False),
    )
    op.create_index("ix_summary_articles_article", "summary_articles", ["article_id"])
    # Feeds kept as bare sources rows: due at once, their validators kept.
    op.execute(
        "INSERT INTO feeds (source_id, url, title, fetch_teasers, next_poll_at, etag, last_modified, "
        "last_polled_at, errors, failing, created_at) "
        "SELECT id, url, title, true, created_at, etag, last_modified, last_polled_at, 0, false, created_at "
        "FROM sources WHERE kind = 'feed' AND url IS NOT NULL"
    )
    op.execute(
        "INSERT INTO seen_keys (kind, scope, key, seen_at) "
        "SELECT 'hash', 0, content_hash, ingested_at FROM articles"
    )
    op.execute(
        "INSERT INTO seen_keys (kind, scope, key, seen_at) "
        "SELECT 'url', 0, canonical_url, ingested_at FROM articles WHERE canonical_url IS NOT NULL"
    )
    # Summaries cached before this revision name no articles: they cannot be pruned with them.
    op.execute("DELETE FROM summaries")
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(SQLITE_TRIGGER)
    elif dialect == "postgresql":
        for statement in POSTGRES_TRIGGER:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP TRIGGER IF EXISTS articles_summaries_ad" + (" ON articles" if dialect == "postgresql" else ""))
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS briefbot_drop_article_summaries()")
    op.drop_index("ix_summary_articles_article", "summary_articles")
    op.drop_table("summary_articles")
    op.drop_table("seen_keys")
    op.drop_index("ix_feeds_next_poll", "feeds")
    op.drop_table("feeds")
