"""App-independent widgets: they know Qt and nothing of the database, services or the context."""
