"""Undo commands: one per kind of edit, each calling store methods only.

The base patterns and the `Change` areas are in `base`; one module per area holds that area's
commands (`commands.people`, `commands.evidence`, …), and a view imports them from there.
"""
