"""Public pages of the deliverables app (thin class-based views)."""
