"""Stakeholder maps: the register, the power/interest grid, relationships and engagement plans."""
