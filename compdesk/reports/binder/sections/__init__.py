"""The sections of the audit binder, each a function from the binder content to flowables."""
