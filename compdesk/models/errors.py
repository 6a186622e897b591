"""Errors the user can act on. Anything else escaping the models is a bug."""

from __future__ import annotations


class DocumentError(Exception):
    """A problem with a document or an input that the user can understand and fix."""


class NotADocumentError(DocumentError):
    """The path is missing, not a file, empty, not SQLite, or another application's database."""


class DamagedDocumentError(DocumentError):
    """A compdesk document that is truncated or has corrupted pages."""


class NewerDocumentError(DocumentError):
    """A document written by a newer compdesk than this one."""


class DocumentInUseError(DocumentError):
    """Another compdesk has the document open for writing."""


class DocumentBusyError(DocumentError):
    """Another program holds SQLite's lock on the document for now: trying again may work.

    Not a DocumentInUseError: that one lasts while another window is open, so the window offers
    the document read-only instead; this one lasts only as long as the other program's work.
    """


class InterruptedEditError(DocumentError):
    """An edit stopped mid-way (a crash, a power cut) and its journal waits to be rolled back.

    Only a writable open can undo it; until then the document cannot be read.
    """


class UpgradeFailedError(DocumentError):
    """A document of an older file format could not be upgraded; it was left as it was."""


class ReadOnlyDocumentError(DocumentError):
    """An edit was attempted on a document opened read-only."""


class InputError(DocumentError):
    """Bad user input: a date in the wrong form, an unknown name, a bad CSV row."""


class NotFoundError(InputError):
    """A record that the caller named does not exist."""


class CancelledError(DocumentError):
    """Long work was cancelled by the user; nothing was changed."""
