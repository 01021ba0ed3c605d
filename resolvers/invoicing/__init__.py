"""The InvoiceXpress part of the graph: the invoicing organisation's account."""
