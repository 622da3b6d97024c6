"""HTTP API (FastAPI routers). The app is built in ``accord.app``."""
