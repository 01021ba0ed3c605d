"""Countries and the cities contacts live in: the raw material of seeded contacts."""

from __future__ import annotations

from dataclasses import dataclass

UNITED_STATES = 1
CANADA = 2

COUNTRIES: dict[int, str] = {
    UNITED_STATES: "United States",
    CANADA: "Canada",
    3: "Mexico",
    4: "United Kingdom",
    5: "Australia",
    6: "Germany",
    7: "France",
    8: "Ireland",
}
"""``CountryId`` to the country's name; an id outside this table is not a country."""


@dataclass(frozen=True, slots=True)
class City:
    name: str
    state: str
    postal_prefix: str
    area_code: str
    country_id: int


US_CITIES = (
    City("San Francisco", "CA", "941", "415", UNITED_STATES),
    City("Los Angeles", "CA", "900", "213", UNITED_STATES),
    City("San Diego", "CA", "921", "619", UNITED_STATES),
    City("New York", "NY", "100", "212", UNITED_STATES),
    City("Brooklyn", "NY", "112", "718", UNITED_STATES),
    City("Chicago", "IL", "606", "312", UNITED_STATES),
    City("Austin", "TX", "787", "512", UNITED_STATES),
    City("Houston", "TX", "770", "713", UNITED_STATES),
    City("Seattle", "WA", "981", "206", UNITED_STATES),
    City("Portland", "OR", "972", "503", UNITED_STATES),
    City("Denver", "CO", "802", "303", UNITED_STATES),
    City("Boston", "MA", "021", "617", UNITED_STATES),
    City("Atlanta", "GA", "303", "404", UNITED_STATES),
    City("Miami", "FL", "331", "305", UNITED_STATES),
    City("Tampa", "FL", "336", "813", UNITED_STATES),
    City("Phoenix", "AZ", "850", "602", UNITED_STATES),
    City("Philadelphia", "PA", "191", "215", UNITED_STATES),
    City("Pittsburgh", "PA", "152", "412", UNITED_STATES),
    City("Minneapolis", "MN", "554", "612", UNITED_STATES),
    City("Nashville", "TN", "372", "615", UNITED_STATES),
    City("Columbus", "OH", "432", "614", UNITED_STATES),
    City("Raleigh", "NC", "276", "919", UNITED_STATES),
    City("Salt Lake City", "UT", "841", "801", UNITED_STATES),
    City("Kansas City", "MO", "641", "816", UNITED_STATES),
    City("Madison", "WI", "537", "608", UNITED_STATES),
    City("Baltimore", "MD", "212", "410", UNITED_STATES),
    City("Richmond", "VA", "232", "804", UNITED_STATES),
    City("Hoboken", "NJ", "070", "201", UNITED_STATES),
    City("Albuquerque", "NM", "871", "505", UNITED_STATES),
    City("Boise", "ID", "837", "208", UNITED_STATES),
    City("Omaha", "NE", "681", "402", UNITED_STATES),
    City("Louisville", "KY", "402", "502", UNITED_STATES),
    City("New Orleans", "LA", "701", "504", UNITED_STATES),
    City("Las Vegas", "NV", "891", "702", UNITED_STATES),
    City("Detroit", "MI", "482", "313", UNITED_STATES),
    City("Indianapolis", "IN", "462", "317", UNITED_STATES),
    City("Burlington", "VT", "054", "802", UNITED_STATES),
    City("Providence", "RI", "029", "401", UNITED_STATES),
    City("Honolulu", "HI", "968", "808", UNITED_STATES),
    City("Anchorage", "AK", "995", "907", UNITED_STATES),
    City("Hartford", "CT", "061", "860", UNITED_STATES),
    City("Charleston", "SC", "294", "843", UNITED_STATES),
)

CANADIAN_CITIES = (
    City("Toronto", "ON", "M5V", "416", CANADA),
    City("Ottawa", "ON", "K1P", "613", CANADA),
    City("Vancouver", "BC", "V6B", "604", CANADA),
    City("Montreal", "QC", "H2Y", "514", CANADA),
    City("Calgary", "AB", "T2P", "403", CANADA),
    City("Halifax", "NS", "B3J", "902", CANADA),
    City("Winnipeg", "MB", "R3C", "204", CANADA),
)

STREETS = (
    "Main St",
    "Market St",
    "Oak Ave",
    "Maple Ave",
    "Pine St",
    "Cedar Ln",
    "Elm St",
    "Washington Blvd",
    "Lake Shore Dr",
    "Park Ave",
    "Broadway",
    "Mission St",
    "Commerce Way",
    "Industrial Pkwy",
    "Harbor Rd",
    "Ridge Rd",
    "Mill St",
    "Front St",
    "Church St",
    "King St W",
    "Queen St E",
    "Spring Garden Rd",
)
