"""PLACEHOLDER (base branch): filled by the helper that owns it."""
