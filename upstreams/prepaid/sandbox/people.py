"""Names and organisations of seeded contacts (fictional; domains under example.com)."""

from __future__ import annotations

FIRST_NAMES = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
    "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
    "Thomas", "Sarah", "Carlos", "Karen", "Daniel", "Lisa", "Matthew", "Nancy",
    "Anthony", "Betty", "Mark", "Sandra", "Wei", "Ashley", "Steven", "Priya",
    "Andrew", "Emily", "Kenji", "Michelle", "Joshua", "Amanda", "Kevin", "Melissa",
    "Brian", "Stephanie", "Luis", "Rebecca", "Omar", "Laura", "Ryan", "Aisha",
    "Jacob", "Maria", "Nicholas", "Olivia", "Tyler", "Grace", "Samuel", "Chloe",
)  # fmt: skip

LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas",
    "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
    "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker",
    "Campbell", "Mitchell", "Carter", "Patel", "Roberts", "Chen", "Kim", "Murphy",
    "Rivera", "Cooper", "Reed", "Bailey", "Kelly", "Howard", "Ward", "Brooks",
)  # fmt: skip

ORGANIZATION_WORDS = (
    "Northwind", "Bluebird", "Summit", "Harbor", "Evergreen", "Redwood", "Granite",
    "Lakeside", "Pioneer", "Beacon", "Cornerstone", "Riverbend", "Keystone", "Meridian",
    "Silverline", "Prairie", "Coastal", "Ironwood", "Brightpath", "Maple Leaf",
)  # fmt: skip

ORGANIZATION_KINDS = (
    "Dental Group", "Law Office", "Realty", "Logistics", "Consulting", "Insurance Agency",
    "Veterinary Clinic", "Architects", "Plumbing & Heating", "Family Practice",
    "Accounting", "Marketing", "Property Management", "Auto Repair", "Design Studio",
    "Staffing", "Home Health", "Solar", "Print Shop", "Software",
)  # fmt: skip

ORGANIZATION_SUFFIXES = ("", "", " LLC", " Inc.", " Co.", " LLP")
