"""Plain-Python domain: entities, vocabularies and rules. Never imports Qt, SQLite or the network."""
