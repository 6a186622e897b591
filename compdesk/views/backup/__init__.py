"""File ▸ Back Up…, Restore… and Automatic Backups…, and the day's automatic copy on open."""
