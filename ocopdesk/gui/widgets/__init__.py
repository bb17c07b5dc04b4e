"""Reusable widgets: form fields, photo strip."""
