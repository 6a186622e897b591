"""Widgets and helpers that more than one view uses: forms, record tables, workers, files."""
