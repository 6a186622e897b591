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


class ReadOnlyDocumentError(DocumentError):
    """An edit was attempted on a document opened read-only."""


class InputError(DocumentError):
    """Bad user input: a date in the wrong form, an unknown name, a bad CSV row."""


class NotFoundError(InputError):
    """A record that the caller named does not exist."""


class CancelledError(DocumentError):
    """Long work was cancelled by the user; nothing was changed."""
