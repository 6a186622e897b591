"""The sections of the audit binder, each a module with a function from the binder content to
flowables; `order.py` lists them in binder order.

PERF: this package imports none of its modules, so `compdesk matrix --format pdf`, which needs the
matrix section alone, does not load the training section's charts or the findings' rules.
"""
