"""The billing v8 part of the graph: customer accounts, contacts and notes."""
