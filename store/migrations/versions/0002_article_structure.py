"""Article structure: a JSON list of role blocks on each article, and each article's raw source.

Articles stored before this revision kept only their plain body, so their roles are read again
from it, in batches, with the same layout rules that read a new plain-text article (headings,
fact boxes and leftover furniture come out of the body). ``text`` becomes the paragraph and quote
blocks joined, as for new articles; an article whose text would come out empty keeps it, all
paragraphs. Their raw sources are gone: ``article_sources`` fills from now on.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 500
TS = sa.DateTime(timezone=True)


def _reread(title: str, standfirst: str, text: str) -> tuple[list[dict[str, str]], str]:
    """(blocks as JSON, body text) of an article stored as plain text."""
    from blocks import Block, Role, blocks_to_json, body_text, paragraph_blocks
    from ingest.layout import text_units
    from ingest.structure import assemble

    structure = assemble(text_units(text), title=title, standfirst=standfirst)
    blocks = list(structure.blocks)
    body = body_text(blocks)
    if not body.strip():  # never leave an article without a body
        head = [Block(Role.TITLE, title)] + ([Block(Role.STANDFIRST, standfirst)] if standfirst else [])
        blocks, body = [*head, *paragraph_blocks(text)], text
    return blocks_to_json(blocks), body


def _backfill(connection: sa.Connection) -> None:
    from ingest.fingerprints import content_hash

    select_batch = sa.text(
        "SELECT id, title, standfirst, text, content_hash FROM articles "
        "WHERE id > :last ORDER BY id LIMIT :batch"
    )
    taken = sa.text("SELECT 1 FROM articles WHERE content_hash = :hash")
    update = sa.text(
        "UPDATE articles SET blocks = :blocks, text = :text, words = :words, content_hash = :hash "
        "WHERE id = :id"
    ).bindparams(sa.bindparam("blocks", type_=sa.JSON()))
    last = 0
    while True:
        rows = connection.execute(select_batch, {"last": last, "batch": BATCH}).all()
        if not rows:
            return
        unchanged: list[dict[str, Any]] = []  # same text and hash: one statement for the batch
        for article_id, title, standfirst, text, old_hash in rows:
            blocks, body = _reread(title or "", standfirst or "", text or "")
            words = len(body.split())
            row = {"id": article_id, "blocks": blocks, "text": body, "words": words, "hash": old_hash}
            candidate = content_hash(title or "", body) if body != text else old_hash
            # Two articles may now read the same: the second keeps its old hash.
            if candidate != old_hash and connection.execute(taken, {"hash": candidate}).first() is None:
                connection.execute(update, [{**row, "hash": candidate}])  # seen by the rows after it
            else:
                unchanged.append(row)
        if unchanged:
            connection.execute(update, unchanged)
        last = rows[-1][0]


def upgrade() -> None:
    op.add_column("articles", sa.Column("blocks", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    op.create_table(
        "article_sources",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("encoding", sa.String(20), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    _backfill(op.get_bind())


def downgrade() -> None:
    op.drop_table("article_sources")
    if op.get_bind().dialect.name == "sqlite":
        # Native since SQLite 3.35; a batch copy of the table would drop the full-text triggers.
        op.execute("ALTER TABLE articles DROP COLUMN blocks")
    else:
        op.drop_column("articles", "blocks")
