"""Words the seed builds titles, notes, plans and regions from.

People, businesses and places are the world's (``upstreams.sandboxing.customer_words``).
"""

from __future__ import annotations

TITLES = ("Mr.", "Ms.", "Mrs.", "Dr.", "Mx.")


TAX_ADDRESS_NAMES = ("Head Office", "Service Location", "Warehouse", "Branch Office", "Home")

NOTES = (
    ("Delivery Instructions", "Drop off at rear door."),
    ("Payment arrangement", "Customer agreed to pay the outstanding balance in two installments."),
    ("Called about invoice", "Customer asked for a breakdown of last month's usage charges."),
    ("Service upgrade", "Upgraded to the next tier; new rate applies from the next bill day."),
    ("Tax exemption certificate", "Certificate received and filed; valid for three years."),
    ("Billing contact changed", "Invoices now go to the accounts payable mailbox."),
    ("Credit card declined", "Auto-pay failed; left a voicemail asking to update the card."),
    ("Welcome call", "Walked the customer through the self-care portal."),
    ("Dispute resolved", "Credited the duplicate activation fee; customer satisfied."),
    ("Suspension warning", "Sent the 10-day notice for the overdue balance."),
    ("Contract renewal", "Renewed for 24 months at the current price plan."),
    ("Site survey", "Technician confirmed fibre is available at the service address."),
    ("Port request", "Number port submitted; expected completion in 5 business days."),
    ("Paperless billing", "Customer opted in to email invoices only."),
    ("Collections follow-up", "Promise to pay received for the end of the month."),
)

RATE_PLANS = {
    1: ("Residential Basic", "Basic"),
    2: ("Residential Plus", "Plus"),
    3: ("Business Standard", "Business"),
    4: ("Business Premium", "Business Premium"),
    5: ("Enterprise Custom", "Enterprise"),
    6: ("Wholesale Tiered", "Wholesale"),
    7: ("Government Contract", "Government"),
}

PRICE_PLAN_NAMES = (
    "Volume Discount",
    "Loyalty Pricing",
    "Promotional Pricing",
    "Negotiated Rates",
    "Partner Pricing",
)

PRICE_BOOK_REGIONS = {
    1: ("North America East", "Eastern US and Canada"),
    2: ("North America West", "Western US and Canada"),
    3: ("Central", "Central US and the Prairies"),
    4: ("International", "Accounts billed outside North America"),
}
