"""The Drills view: phishing and incident drills, people's history across them, imports."""
