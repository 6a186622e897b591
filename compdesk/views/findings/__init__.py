"""The Findings panel of the matrix: what an auditor would raise as of the matrix's date, each
finding a link to the records behind it."""

from typing import Final

# The sign beside a kind of findings and a count of them: the text says it, not a colour.
WARNING: Final = "⚠"
