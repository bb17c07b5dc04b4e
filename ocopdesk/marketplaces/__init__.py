"""One module per marketplace: its fields, limits, category map and output layout (issue #4)."""
