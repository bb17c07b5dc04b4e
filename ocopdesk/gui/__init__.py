"""PySide6 widgets, models and dialogs. Calls services only; never SQL."""
