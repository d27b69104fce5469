"""Follow-up questions: conversation threads (with the Telegram messages that belong to each) and
the passages index (a few sentences of an article each, searched with FTS5 over stemmed text).

Passages are cut from every stored article's blocks as the article repository cuts new ones
(``summarizer.passages``) and stemmed by ``store.search.stemming``. They go with their articles:
a foreign key with ON DELETE CASCADE, and on SQLite a trigger that deletes the full-text row.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import json

import sqlalchemy as sa
from alembic import op

from blocks import Block, Role, blocks_from_json, paragraph_blocks
from store.search.stemming import TextStemmer
from summarizer.passages import cut_passages

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
BATCH = 200

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE passages_fts USING fts5(
        title, heading, text, tokenize='unicode61 remove_diacritics 0')""",
    "CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row')",
    """CREATE TRIGGER passages_fts_ad AFTER DELETE ON passages BEGIN
        DELETE FROM passages_fts WHERE rowid = old.id; END""",
]
POSTGRES_FTS = [
    """CREATE TABLE passages_fts (
        rowid BIGINT PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
        title TEXT NOT NULL, heading TEXT NOT NULL, text TEXT NOT NULL)""",
    """CREATE INDEX ix_passages_fts_simple ON passages_fts USING GIN (
        to_tsvector('simple', title || ' ' || heading || ' ' || text))""",
]


def _tables() -> None:
    op.create_table(
        "passages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("first", sa.Integer, nullable=False),
        sa.Column("heading", sa.Text, nullable=False, server_default=""),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_passages_article", "passages", ["article_id", "first"])
    op.create_table(
        "threads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("article_ids", sa.JSON, nullable=False),
        sa.Column("turns", sa.JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("active_at", TS, nullable=False),
    )
    op.create_index("ix_threads_chat_active", "threads", ["chat_id", "active_at"])
    op.create_table(
        "thread_messages",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("message_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column(
            "thread_id", sa.Integer, sa.ForeignKey("threads.id", ondelete="CASCADE"), nullable=False
        ),
    )
    op.create_index("ix_thread_messages_thread", "thread_messages", ["thread_id"])


def _blocks(raw: object, title: str, text: str) -> list[Block]:
    blocks = list(blocks_from_json(raw)) or list(paragraph_blocks(text))
    return [b for b in blocks if b.role is not Role.TITLE] or [Block(Role.PARAGRAPH, title)]


def _index_stored_articles() -> None:
    """Cut and index the passages of every stored article, a batch at a time."""
    bind = op.get_bind()
    stemmer = TextStemmer()
    passages = sa.table(
        "passages",
        sa.column("id", sa.Integer),
        sa.column("article_id", sa.Integer),
        sa.column("first", sa.Integer),
        sa.column("heading", sa.Text),
        sa.column("text", sa.Text),
    )
    fts = sa.text("INSERT INTO passages_fts(rowid, title, heading, text) VALUES (:id, :title, :heading, :text)")
    last, next_id = 0, 1
    while True:
        rows = bind.execute(
            sa.text("SELECT id, title, text, blocks FROM articles WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            return
        batch, index = [], []
        for row in rows:
            raw = row.blocks
            if isinstance(raw, str):
                raw = json.loads(raw)
            title = stemmer.stem_text(row.title)
            for passage in cut_passages(_blocks(raw, row.title, row.text)):
                batch.append(
                    {
                        "id": next_id,
                        "article_id": row.id,
                        "first": passage.first,
                        "heading": passage.heading,
                        "text": passage.text,
                    }
                )
                index.append(
                    {
                        "id": next_id,
                        "title": title,
                        "heading": stemmer.stem_text(passage.heading),
                        "text": stemmer.stem_text(passage.text),
                    }
                )
                next_id += 1
        if batch:
            bind.execute(passages.insert(), batch)
            bind.execute(fts, index)
        last = rows[-1].id


def upgrade() -> None:
    _tables()
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in POSTGRES_FTS:
            op.execute(statement)
    else:
        return
    _index_stored_articles()
    if dialect == "postgresql":  # ids were given explicitly: move the sequence past them
        op.execute("SELECT setval('passages_id_seq', (SELECT COALESCE(MAX(id), 0) + 1 FROM passages), false)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS passages_fts_ad")
        op.execute("DROP TABLE IF EXISTS passages_vocab")
    op.execute("DROP TABLE IF EXISTS passages_fts")
    op.drop_index("ix_thread_messages_thread", "thread_messages")
    op.drop_table("thread_messages")
    op.drop_index("ix_threads_chat_active", "threads")
    op.drop_table("threads")
    op.drop_index("ix_passages_article", "passages")
    op.drop_table("passages")
