"""The Binder view: the audit binder's options, its build off the GUI thread, a preview of the
PDF, and saving, opening and printing it."""
