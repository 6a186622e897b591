"""The competence matrix: people × competencies with a gap status in every cell."""
