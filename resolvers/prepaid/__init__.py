"""The prepaid Web API part of the graph: prepaid accounts, cards, balances, invoices."""
