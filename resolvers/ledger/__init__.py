"""The Saasu part of the graph: ledger accounts."""
