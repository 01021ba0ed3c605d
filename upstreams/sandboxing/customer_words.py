"""Names and places the world's customers are made of (fictional people and businesses).

Places are in the states and provinces the billing sandbox's lookups know, so
every customer's address is one both sandboxes can store.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class Place:
    """A city: its state or province, postal prefix, telephone area code and position."""

    city: str
    state_code: str
    country_code: str
    postal_prefix: str
    area_code: str
    latitude: float
    longitude: float


PLACES = (
    Place("Sacramento", "CA", "US", "958", "916", 38.58, -121.49),
    Place("San Jose", "CA", "US", "951", "408", 37.34, -121.89),
    Place("Austin", "TX", "US", "787", "512", 30.27, -97.74),
    Place("Houston", "TX", "US", "770", "713", 29.76, -95.37),
    Place("Albany", "NY", "US", "122", "518", 42.65, -73.76),
    Place("Buffalo", "NY", "US", "142", "716", 42.89, -78.88),
    Place("Tampa", "FL", "US", "336", "813", 27.95, -82.46),
    Place("Orlando", "FL", "US", "328", "407", 28.54, -81.38),
    Place("Chicago", "IL", "US", "606", "312", 41.88, -87.63),
    Place("Springfield", "IL", "US", "627", "217", 39.78, -89.65),
    Place("Seattle", "WA", "US", "981", "206", 47.61, -122.33),
    Place("Spokane", "WA", "US", "992", "509", 47.66, -117.43),
    Place("Denver", "CO", "US", "802", "303", 39.74, -104.99),
    Place("Boulder", "CO", "US", "803", "303", 40.01, -105.27),
    Place("Atlanta", "GA", "US", "303", "404", 33.75, -84.39),
    Place("Savannah", "GA", "US", "314", "912", 32.08, -81.09),
    Place("Boston", "MA", "US", "021", "617", 42.36, -71.06),
    Place("Worcester", "MA", "US", "016", "508", 42.26, -71.80),
    Place("Phoenix", "AZ", "US", "850", "602", 33.45, -112.07),
    Place("Tucson", "AZ", "US", "857", "520", 32.22, -110.97),
    Place("Toronto", "ON", "CA", "M5V", "416", 43.65, -79.38),
    Place("Ottawa", "ON", "CA", "K1P", "613", 45.42, -75.70),
    Place("Montreal", "QC", "CA", "H3B", "514", 45.50, -73.57),
    Place("Quebec City", "QC", "CA", "G1R", "418", 46.81, -71.21),
    Place("Vancouver", "BC", "CA", "V6B", "604", 49.28, -123.12),
    Place("Victoria", "BC", "CA", "V8W", "250", 48.43, -123.37),
    Place("Calgary", "AB", "CA", "T2P", "403", 51.05, -114.07),
    Place("Edmonton", "AB", "CA", "T5J", "780", 53.55, -113.49),
)


def places_in(state_code: str) -> tuple[Place, ...]:
    return tuple(place for place in PLACES if place.state_code == state_code)
