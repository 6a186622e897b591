"""The pure domain: records, rules and the gap engine. Imports neither SQL, Qt nor ReportLab."""
