"""Public pages of the liaisons app (thin class-based views)."""
