"""Words the seed builds realistic names, places and notes from."""

from __future__ import annotations

FIRST_NAMES = (
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas",
    "Mia", "Logan", "Amelia", "James", "Harper", "Benjamin", "Evelyn", "Elijah", "Abigail",
    "Daniel", "Emily", "Henry", "Ella", "Jackson", "Grace", "Samuel", "Chloe", "Owen", "Nora",
    "Wyatt", "Priya", "Arjun", "Mei", "Kenji", "Fatima", "Omar", "Sofia", "Mateo", "Anika",
    "Tomasz",
)  # fmt: skip

LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
    "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker",
    "Hall", "Young", "King", "Wright", "Patel", "Nguyen", "Chen", "Kowalski", "Okafor",
    "Tremblay", "Gagnon", "Roy", "MacDonald", "Singh",
)  # fmt: skip

TITLES = ("Mr.", "Ms.", "Mrs.", "Dr.", "Mx.")

COMPANY_PREFIXES = (
    "Northwind", "Blue Ridge", "Summit", "Cedar", "Harbor", "Pioneer", "Maple", "Granite",
    "Silverline", "Red Rock", "Lakeside", "Evergreen", "Ironwood", "Bright Path", "Coastal",
    "Prairie", "Orchard", "Keystone", "Riverbend", "Atlas", "Beacon", "Copper Creek",
    "Falcon", "Golden Gate", "Highland", "Juniper", "Lighthouse", "Meridian", "Oak Valley",
    "Polaris", "Redwood", "Sterling", "Trailhead", "Union Square", "Westbrook", "Aspen",
)  # fmt: skip

COMPANY_CORES = (
    "Logistics", "Dental", "Software", "Construction", "Foods", "Consulting", "Media",
    "Realty", "Health", "Engineering", "Freight", "Hospitality", "Legal", "Energy",
    "Outfitters", "Analytics", "Bakery", "Motors", "Fitness", "Printing", "Veterinary",
    "Accounting", "Landscaping", "Plumbing", "Pharmacy", "Architects", "Coffee Roasters",
    "Marine", "Security", "Telecom",
)  # fmt: skip

COMPANY_SUFFIXES = ("Inc.", "LLC", "Ltd.", "Group", "Co.", "Partners", "Corp.")

STREET_NAMES = (
    "Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Park Blvd", "Elm St", "Pine St",
    "Washington Ave", "Lake Rd", "Hillside Dr", "River Rd", "Sunset Blvd", "King St W",
    "Queen St E", "Market St", "Church St", "Broadway", "Highland Ave", "Industrial Pkwy",
    "Commerce Way",
)  # fmt: skip

UNITS = ("Suite 100", "Suite 210", "Unit 4", "Floor 3", "Apt 12B", "Building C")

CITIES: dict[int, tuple[tuple[str, str, float, float], ...]] = {
    1: (("Sacramento", "958", 38.58, -121.49), ("San Jose", "951", 37.34, -121.89)),
    2: (("Austin", "787", 30.27, -97.74), ("Houston", "770", 29.76, -95.37)),
    3: (("Albany", "122", 42.65, -73.76), ("Buffalo", "142", 42.89, -78.88)),
    4: (("Tampa", "336", 27.95, -82.46), ("Orlando", "328", 28.54, -81.38)),
    5: (("Chicago", "606", 41.88, -87.63), ("Springfield", "627", 39.78, -89.65)),
    6: (("Seattle", "981", 47.61, -122.33), ("Spokane", "992", 47.66, -117.43)),
    7: (("Denver", "802", 39.74, -104.99), ("Boulder", "803", 40.01, -105.27)),
    8: (("Atlanta", "303", 33.75, -84.39), ("Savannah", "314", 32.08, -81.09)),
    9: (("Boston", "021", 42.36, -71.06), ("Worcester", "016", 42.26, -71.80)),
    10: (("Phoenix", "850", 33.45, -112.07), ("Tucson", "857", 32.22, -110.97)),
    11: (("Toronto", "M5V", 43.65, -79.38), ("Ottawa", "K1P", 45.42, -75.70)),
    12: (("Montreal", "H3B", 45.50, -73.57), ("Quebec City", "G1R", 46.81, -71.21)),
    13: (("Vancouver", "V6B", 49.28, -123.12), ("Victoria", "V8W", 48.43, -123.37)),
    14: (("Calgary", "T2P", 51.05, -114.07), ("Edmonton", "T5J", 53.55, -113.49)),
}

AREA_CODES = {
    1: "916", 2: "512", 3: "518", 4: "813", 5: "312", 6: "206", 7: "303", 8: "404", 9: "617",
    10: "602", 11: "416", 12: "514", 13: "604", 14: "403",
}  # fmt: skip

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
