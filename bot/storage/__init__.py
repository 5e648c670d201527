"""Storage: SQLAlchemy models, the engine with migrations, and one repository per area."""
