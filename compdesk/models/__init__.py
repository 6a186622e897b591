"""The domain and its storage. Imports neither Qt nor ReportLab."""
