"""A production stage names the lots it used (#25, TransformationEvent): kept with the stage in a real catalogue,
read back with every timeline, refused when the lot does not exist, is the lot itself, or is made from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ocopdesk.domain.batch import Batch, BatchEvent
from ocopdesk.domain.errors import ValidationError
from ocopdesk.services.catalog import CatalogService

DAY = dt.date(2026, 11, 2)


@pytest.fixture
def demo_day() -> dt.date:
    return dt.date(2026, 11, 10)


@pytest.fixture
def demo(service: CatalogService, demo_db: Path) -> CatalogService:
    return service


def lot_of(service: CatalogService, sku: str) -> Batch:
    batch = service.batches(sku)[0].batch
    assert batch.id is not None
    return batch


def test_a_stage_keeps_its_input_lots_in_every_reading(demo: CatalogService) -> None:
    service = demo
    honey, second, wine = (
        lot_of(service, "MO-NX-500"),
        service.batches("MO-NX-500")[1].batch,
        lot_of(service, "RUOU-MO-NX"),
    )
    assert honey.id and second.id and wine.id
    service.add_event(BatchEvent(wine.id, "processing", DAY, "Xưởng", inputs=(second.id, honey.id, second.id)))
    [stage] = [e for e in service.events(wine.id) if e.inputs]
    assert stage.inputs == tuple(sorted((second.id, honey.id)))  # each once, oldest lot first
    assert [e.inputs for e in service.batch_rows.all_events()[wine.id] if e.inputs] == [stage.inputs]
    assert not any(e.inputs for e in service.events(honey.id))


def test_inputs_that_cannot_be_are_refused_with_a_message(demo: CatalogService) -> None:
    service = demo
    honey, wine = lot_of(service, "MO-NX-500"), lot_of(service, "RUOU-MO-NX")
    assert honey.id and wine.id
    before = len(service.events(wine.id))
    for inputs, words in (((wine.id,), "itself"), ((987654,), "no longer exists")):
        with pytest.raises(ValidationError) as refused:
            service.add_event(BatchEvent(wine.id, "processing", DAY, inputs=inputs))
        assert words in refused.value.errors[0].message and refused.value.errors[0].field == "inputs"
    service.add_event(BatchEvent(wine.id, "processing", DAY, inputs=(honey.id,)))
    with pytest.raises(ValidationError) as loop:  # honey from wine, when wine is made from honey
        service.add_event(BatchEvent(honey.id, "processing", DAY, inputs=(wine.id,)))
    assert wine.lot_code in loop.value.errors[0].message
    assert len(service.events(wine.id)) == before + 1 and not any(e.inputs for e in service.events(honey.id))
