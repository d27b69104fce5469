"""LLM briefings: usage per account and UTC day (with estimated figures marked), and the language
each chat reads its briefings in.

Columns are added in place (SQLite's ADD COLUMN): no table is rebuilt, so nothing that refers to
chats by foreign key is touched.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("usage", sa.Column("account", sa.String(40), nullable=False, server_default="chat"))
    op.add_column("usage", sa.Column("day", sa.String(10), nullable=False, server_default=""))
    op.add_column("usage", sa.Column("estimated", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("usage", sa.Column("model", sa.String(200)))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE usage SET day = to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')")
    else:  # SQLite keeps UTC timestamps as ISO text
        op.execute("UPDATE usage SET day = substr(created_at, 1, 10)")
    op.execute("UPDATE usage SET account = 'local' WHERE chat_id IS NULL")
    op.create_index("ix_usage_day_chat", "usage", ["day", "chat_id"])
    op.create_index("ix_usage_day_account", "usage", ["day", "account"])
    op.add_column("chats", sa.Column("language", sa.String(10)))


def downgrade() -> None:
    op.drop_index("ix_usage_day_account", "usage")
    op.drop_index("ix_usage_day_chat", "usage")
    # DROP COLUMN in place (SQLite 3.35+ and PostgreSQL): a rebuilt chats table would cascade.
    for table, column in (
        ("usage", "model"),
        ("usage", "estimated"),
        ("usage", "day"),
        ("usage", "account"),
        ("chats", "language"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
