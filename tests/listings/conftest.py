"""The listings tests use the site tests' demo (built once per process, copied for each test)."""

from __future__ import annotations

from tests.site.conftest import demo, demo_template, service

__all__ = ["demo", "demo_template", "service"]
