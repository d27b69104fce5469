"""Several workers on one database: stored webhook updates with leases, named leases (one polling
worker per token), the shared broadcast pace, per-chat rate-limit buckets; and PostgreSQL's search
as a weighted tsvector.

PostgreSQL's ``articles_fts`` (0003) holds the same stemmed title, standfirst and text as
SQLite's FTS5 table; it gains a stored ``document`` column, the three fields weighted A, B and D
in the ``simple`` configuration (no stemming or stop words of PostgreSQL's own: the text is
already stemmed by ``store.search.stemming``), with a GIN index. The unweighted expression index
of 0003 goes. ``passages_fts`` (0006) gains the same: title A, heading C, text D, in place of its
unweighted index. SQLite's FTS5 tables are unchanged.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)

POSTGRES_SEARCH = [
    "DROP INDEX IF EXISTS ix_articles_fts_simple",
    """ALTER TABLE articles_fts ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A')
        || setweight(to_tsvector('simple', standfirst), 'B')
        || setweight(to_tsvector('simple', text), 'D')) STORED""",
    "CREATE INDEX ix_articles_fts_document ON articles_fts USING GIN (document)",
    "DROP INDEX IF EXISTS ix_passages_fts_simple",
    """ALTER TABLE passages_fts ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A')
        || setweight(to_tsvector('simple', heading), 'C')
        || setweight(to_tsvector('simple', text), 'D')) STORED""",
    "CREATE INDEX ix_passages_fts_document ON passages_fts USING GIN (document)",
]
POSTGRES_SEARCH_DOWN = [
    "DROP INDEX IF EXISTS ix_passages_fts_document",
    "ALTER TABLE passages_fts DROP COLUMN document",
    """CREATE INDEX ix_passages_fts_simple ON passages_fts USING GIN (
        to_tsvector('simple', title || ' ' || heading || ' ' || text))""",
    "DROP INDEX IF EXISTS ix_articles_fts_document",
    "ALTER TABLE articles_fts DROP COLUMN document",
    """CREATE INDEX ix_articles_fts_simple ON articles_fts USING GIN (
        to_tsvector('simple', title || ' ' || standfirst || ' ' || text))""",
]


def upgrade() -> None:
    op.create_table(
        "updates",
        sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("payload", sa.JSON),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(80)),
        sa.Column("lease_until", TS),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("done_at", TS),
    )
    op.create_index("ix_updates_claim", "updates", ["status", "update_id"])
    op.create_table(
        "leases",
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("owner", sa.String(80), nullable=False),
        sa.Column("until", TS, nullable=False),
        sa.Column("taken_at", TS, nullable=False),
    )
    op.create_table(
        "send_rates",
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("next_at", sa.Float(precision=53), nullable=False),
    )
    op.create_table(
        "rate_buckets",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("tokens", sa.Float(precision=53), nullable=False),
        sa.Column("at", TS, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_SEARCH_DOWN:
            op.execute(statement)
    op.drop_table("rate_buckets")
    op.drop_table("send_rates")
    op.drop_table("leases")
    op.drop_index("ix_updates_claim", "updates")
    op.drop_table("updates")
