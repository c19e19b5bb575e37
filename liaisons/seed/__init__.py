"""Demo data of the liaisons app."""
