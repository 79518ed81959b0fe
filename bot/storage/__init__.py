"""App database: engine, models, Alembic migrations."""
