"""Spiders: one per platform family or bespoke portal; they discover documents, never parse tables."""
