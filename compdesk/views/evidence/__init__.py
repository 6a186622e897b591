"""Evidence of competence: the list, the record dialog and its files."""
