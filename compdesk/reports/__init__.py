"""What the document says, rendered for people and scripts: the matrix as text, CSV and JSON."""
