"""HTTP API (FastAPI). ``create_app(settings)`` builds the whole application."""
