"""Funding: flows from donors, their transactions, contracts and budgets."""
