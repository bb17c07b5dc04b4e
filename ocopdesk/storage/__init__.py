"""The only layer that speaks SQL: SQLite through sqlite-utils, rows mapped to domain objects."""
