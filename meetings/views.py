"""Public pages of the meetings app (thin class-based views)."""
