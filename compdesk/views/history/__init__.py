"""The window's History: the change log, newest first, filtered, with its chain verified."""
