"""Demo data of the deliverables app."""
