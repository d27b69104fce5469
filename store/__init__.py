"""The database: SQLAlchemy 2 async models, Alembic migrations, repositories and full-text search."""
