"""The traceability website: pages (Jinja templates, escaped by default), assets and stamp data."""
