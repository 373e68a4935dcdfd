"""API of funding flows, transactions, contracts and budgets."""

ROUTES = []
