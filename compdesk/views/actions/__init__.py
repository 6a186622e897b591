"""Gap-closure actions and their effectiveness evaluations."""
