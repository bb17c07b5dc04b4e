"""OCOPDesk: a Vietnamese cooperative's OCOP catalogue, traceability stamps and marketplace listings."""

__version__ = "0.1.0"
