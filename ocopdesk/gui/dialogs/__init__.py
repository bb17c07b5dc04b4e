"""Dialogs: editors, settings."""
