"""The Metrics view: completion, drills, training hours and gaps as charts."""
