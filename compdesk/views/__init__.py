"""The window (Qt only): shared widgets, undo commands and one subpackage per view."""
