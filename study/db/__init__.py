"""The database: models, engines and migrations. Plain SQLAlchemy 2; imports nothing of the web app."""
