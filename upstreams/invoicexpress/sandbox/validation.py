"""Every problem with an update, at once, in the API's own words.

The documented messages are the docs' exactly; the others are the
contract's, for fields the docs give no message for. Problems are listed in
a fixed order: organisation name, email, fiscal id, tax country, language,
terms, marketing, postal code, then the credentials' username, password,
type and context.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable

from upstreams.invoicexpress.sandbox.records import Account
from upstreams.invoicexpress.sandbox.submission import Submission

POSTAL_CODE_FORMAT = "Postal Code must have the following format DDDD-DDD"
VAT_CHANGED = "Vat Number can't be changed"
VAT_USED = "Vat Number is already used in another account"
USERNAME_BLANK = "Username is not valid."
PASSWORD_INVALID = "Password is not valid."
USERNAME_FORMAT = "Username doesn't match required format."
TYPE_INVALID = "Credential type is invalid."
CONTEXT_INVALID = "Credential context is invalid."
ORGANIZATION_NAME_BLANK = "Organization name can't be blank"
EMAIL_INVALID = "Email is invalid"
TERMS_NOT_ACCEPTED = "Terms must be accepted"
TAX_COUNTRY_INVALID = "Tax country is invalid"
LANGUAGE_INVALID = "Language is invalid"
MARKETING_INVALID = "Marketing is invalid"
BODY_INVALID = "Request body is invalid"

POSTAL_CODE = re.compile(r"[0-9]{4}-[0-9]{3}")
USERNAME = re.compile(r"[0-9]{9}/")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
# The countries the docs name; their appendix of further codes is not in our files.
TAX_COUNTRIES = {"1": "Portugal", "2": "Ireland", "3": "UK"}
LANGUAGES = ("pt", "en", "es")
CREDENTIAL_TYPES = ("AT",)
CREDENTIAL_CONTEXTS = ("Sequences",)

FiscalIdTaken = Callable[[str], bool]
"""Whether another account already holds this fiscal id."""


def problems(submission: Submission, account: Account, taken: FiscalIdTaken) -> list[str]:
    found = _account_problems(submission.fields, account, taken)
    if submission.credentials is not None:
        found += _credentials_problems(submission.credentials)
    return found


def _account_problems(fields: dict[str, str], account: Account, taken: FiscalIdTaken) -> list[str]:
    found: list[str] = []
    if "organization_name" in fields and not fields["organization_name"].strip():
        found.append(ORGANIZATION_NAME_BLANK)
    if "email" in fields and not EMAIL.fullmatch(fields["email"]):
        found.append(EMAIL_INVALID)
    if "fiscal_id" in fields:
        found += _fiscal_id_problems(fields["fiscal_id"], account, taken)
    if "tax_country" in fields and fields["tax_country"] not in TAX_COUNTRIES:
        found.append(TAX_COUNTRY_INVALID)
    if "language" in fields and fields["language"] not in LANGUAGES:
        found.append(LANGUAGE_INVALID)
    if "terms" in fields and fields["terms"] != "1":
        found.append(TERMS_NOT_ACCEPTED)
    if "marketing" in fields and fields["marketing"] not in ("0", "1"):
        found.append(MARKETING_INVALID)
    if "postal_code" in fields and not POSTAL_CODE.fullmatch(fields["postal_code"]):
        found.append(POSTAL_CODE_FORMAT)
    return found


def _fiscal_id_problems(fiscal_id: str, account: Account, taken: FiscalIdTaken) -> list[str]:
    """Once set, a fiscal id stays; a new one must be no other account's.

    A blank one on an account without any sets nothing, so it is no change.
    """
    found: list[str] = []
    blank = not fiscal_id.strip()
    if account.fiscal_id is not None and fiscal_id != account.fiscal_id:
        found.append(VAT_CHANGED)
    if not blank and fiscal_id != account.fiscal_id and taken(fiscal_id):
        found.append(VAT_USED)
    return found


def _credentials_problems(credentials: dict[str, str]) -> list[str]:
    """Username and password are required whenever credentials are sent."""
    found: list[str] = []
    username = credentials.get("username", "")
    if not username.strip():
        found.append(USERNAME_BLANK)
    elif not USERNAME.match(username):
        found.append(USERNAME_FORMAT)
    if not is_base64(credentials.get("password", "")):
        found.append(PASSWORD_INVALID)
    if "type" in credentials and credentials["type"] not in CREDENTIAL_TYPES:
        found.append(TYPE_INVALID)
    if "context" in credentials and credentials["context"] not in CREDENTIAL_CONTEXTS:
        found.append(CONTEXT_INVALID)
    return found


def is_base64(text: str) -> bool:
    """Canonical standard Base64 (padded, no whitespace, no stray bits) of at least one byte."""
    try:
        encoded = text.encode("ascii")
        decoded = base64.b64decode(encoded, validate=True)
    except (UnicodeEncodeError, binascii.Error):
        return False
    return bool(decoded) and base64.b64encode(decoded) == encoded
