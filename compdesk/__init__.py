"""compdesk: ISO/IEC 27001 clause 7.2 competence and awareness training in one file."""

__version__ = "0.1.0"
