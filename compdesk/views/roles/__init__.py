"""Roles, competencies and the requirements between them."""
