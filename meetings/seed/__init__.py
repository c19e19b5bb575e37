"""Demo data of the meetings app."""
