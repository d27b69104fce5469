"""Digests (subscriptions with next run instants and days, claimed deliveries, per-chat digest
records, heartbeats; chats' silent setting) and full-text search re-indexed on stemmed text.

The subscriptions and deliveries tables of 0001 were never used; they are made anew. The old
FTS5 index (its own porter tokenizer, filled by triggers from the raw text) becomes a plain
``unicode61`` index over text stemmed in Python by ``store.search.stemming``, which the
article repository keeps up to date; PostgreSQL gets the same stemmed text in a table of its own
with a ``simple`` tsvector index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from store.search.stemming import TextStemmer

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
BATCH = 500

OLD_SQLITE_TRIGGERS = ("articles_ai", "articles_ad", "articles_au")
SQLITE_FTS = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, standfirst, text, tokenize='unicode61 remove_diacritics 0')""",
    # Articles go when their source is removed (a cascade); their index rows go with them.
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.id; END""",
]
POSTGRES_FTS = [
    """CREATE TABLE articles_fts (
        rowid BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        title TEXT NOT NULL, standfirst TEXT NOT NULL, text TEXT NOT NULL)""",
    """CREATE INDEX ix_articles_fts_simple ON articles_fts USING GIN (
        to_tsvector('simple', title || ' ' || standfirst || ' ' || text))""",
]
OLD_SQLITE_FTS = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, standfirst, text, content='articles', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, standfirst, text)
        VALUES (new.id, new.title, new.standfirst, new.text); END""",
    """CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, standfirst, text)
        VALUES ('delete', old.id, old.title, old.standfirst, old.text); END""",
    """CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, standfirst, text)
        VALUES ('delete', old.id, old.title, old.standfirst, old.text);
        INSERT INTO articles_fts(rowid, title, standfirst, text)
        VALUES (new.id, new.title, new.standfirst, new.text); END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]


def _reindex() -> None:
    """Fill the new index with every stored article's stemmed text, a batch at a time."""
    bind = op.get_bind()
    stemmer = TextStemmer()
    insert = sa.text(
        "INSERT INTO articles_fts(rowid, title, standfirst, text) VALUES (:id, :title, :standfirst, :text)"
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, title, standfirst, text FROM articles WHERE id > :last ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            return
        bind.execute(
            insert,
            [
                {
                    "id": row.id,
                    "title": stemmer.stem_text(row.title),
                    "standfirst": stemmer.stem_text(row.standfirst),
                    "text": stemmer.stem_text(row.text),
                }
                for row in rows
            ],
        )
        last = rows[-1].id


def _digest_tables() -> None:
    op.drop_table("deliveries")
    op.drop_table("subscriptions")
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "chat_id", sa.BigInteger, sa.ForeignKey("chats.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("at_time", sa.String(5), nullable=False),
        sa.Column("days", sa.Integer, nullable=False),
        sa.Column("timezone", sa.String(64)),
        sa.Column("query", sa.Text),
        sa.Column("paused", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("next_run_at", TS, nullable=False),
        sa.Column("last_slot_at", TS),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_subscriptions_next_run", "subscriptions", ["next_run_at"])
    op.create_index("ix_subscriptions_chat", "subscriptions", ["chat_id"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "subscription_id",
            sa.Integer,
            sa.ForeignKey("subscriptions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("slot_at", TS, nullable=False),
        sa.Column("window_start", TS),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(80)),
        sa.Column("lease_until", TS),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("retry_at", TS),
        sa.Column("error", sa.String(300)),
        sa.Column("stories", sa.Integer),
        sa.Column("sent_at", TS),
        sa.UniqueConstraint("subscription_id", "slot_at"),
    )
    op.create_index("ix_deliveries_status", "deliveries", ["status"])
    op.create_table(
        "digest_articles",
        sa.Column(
            "chat_id",
            sa.BigInteger,
            sa.ForeignKey("chats.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("delivered_at", TS, nullable=False),
    )
    op.create_index("ix_digest_articles_delivered", "digest_articles", ["delivered_at"])
    op.create_table(
        "heartbeats",
        sa.Column("owner", sa.String(80), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("beat_at", TS, nullable=False),
    )
    with op.batch_alter_table("chats") as batch:
        batch.add_column(sa.Column("silent", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_index("ix_articles_ingested_at", "articles", ["ingested_at"])


def upgrade() -> None:
    _digest_tables()
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in OLD_SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_fts")
        for statement in POSTGRES_FTS:
            op.execute(statement)
    else:
        return
    _reindex()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS articles_fts_ad")
        op.execute("DROP TABLE IF EXISTS articles_fts")
        for statement in OLD_SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP TABLE IF EXISTS articles_fts")
        op.execute(
            "CREATE INDEX ix_articles_fts ON articles USING GIN ("
            "to_tsvector('english', title || ' ' || standfirst || ' ' || text))"
        )
    op.drop_index("ix_articles_ingested_at", "articles")
    with op.batch_alter_table("chats") as batch:
        batch.drop_column("silent")
    for table in ("heartbeats", "digest_articles", "deliveries", "subscriptions"):
        op.drop_table(table)
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "chat_id", sa.BigInteger, sa.ForeignKey("chats.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("at_time", sa.String(5), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("topic", sa.Text),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("last_delivered_at", TS),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "subscription_id",
            sa.Integer,
            sa.ForeignKey("subscriptions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("window_start", TS),
        sa.Column("window_end", TS, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("sent_at", TS),
        sa.UniqueConstraint("subscription_id", "window_end"),
    )
