"""Server-rendered pages (Jinja2 + htmx), static assets vendored into the package."""
