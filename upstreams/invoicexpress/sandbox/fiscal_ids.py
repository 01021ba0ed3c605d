"""Portuguese fiscal numbers (NIF): the mod-11 check digit the seeded ones carry.

The API itself checks no digit (the docs give no such rule or message); this
only makes the seeded data look like real organisations' numbers.
"""

from __future__ import annotations

import random

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(first_eight: str) -> int:
    """The ninth digit of a NIF whose first eight digits are ``first_eight``."""
    total = sum(int(digit) * weight for digit, weight in zip(first_eight, WEIGHTS, strict=True))
    remainder = total % 11
    return 0 if remainder < 2 else 11 - remainder


def organisation_nif(rng: random.Random) -> str:
    """A valid NIF of a company ("pessoa colectiva": 50x or 51x, as most are)."""
    first_eight = rng.choice(("50", "51")) + "".join(str(rng.randrange(10)) for _ in range(6))
    return first_eight + str(check_digit(first_eight))
