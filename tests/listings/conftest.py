from __future__ import annotations

import pytest

from ocopdesk.services.catalog import CatalogService
from tests.site.conftest import DemoSite, make_demo


@pytest.fixture
def demo(service: CatalogService) -> DemoSite:
    return make_demo(service)
