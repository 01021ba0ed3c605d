"""The documented ranges of a ledger account patch, checked before Saasu is called.

Saasu counts every call against a daily cap, so input it would refuse for a
reason we can see here (a name too long, a BSB not six digits, a global id of
another type) is refused without a call; so is any text XML cannot hold
(``resolvers.xml_text``), since Saasu serves every account as XML too. Rules
that need the ledger itself (a header must be a Header account, a ledger code
unique) stay Saasu's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from strawberry import UNSET
from strawberry.utils.str_converters import to_camel_case

from resolvers.errors import UserError
from resolvers.ledger.types import LedgerAccountLevel
from resolvers.nodes import own_key
from resolvers.patch_rules import empty_patch, split
from resolvers.user_error_codes import UserErrorCode
from resolvers.xml_text import xml_text_errors

if TYPE_CHECKING:
    from resolvers.ledger.inputs import LedgerAccountPatch

ROOT = ["input", "ledger"]
MAX_NAME_LENGTH = 75
CURRENCY = re.compile(r"[A-Z]{3}")
BSB = re.compile(r"\d{6}")
TYPE_NAME = "LedgerAccount"

REQUIRED: tuple[str, ...] = ("name", "account_level", "account_type", "is_active")
REQUIRED += ("is_bank_account", "include_in_forecaster", "currency")
PLAIN = (*REQUIRED, "default_tax_code", "ledger_code", "bank_file_creation_enabled")
BANK = ("bsb", "number", "bank_account_name", "bank_code", "user_number")
LINKS = ("header_account_id", "exchange_account_id", "merchant_fee_account_id")
CAN_CLEAR = {name: name not in REQUIRED for name in PLAIN + BANK}


def check(patch: LedgerAccountPatch) -> tuple[int, dict[str, Any]] | list[UserError]:
    """The Saasu id and the changes (model field names), or every problem found."""
    problems: list[UserError] = []

    def refuse(field: str, message: str, code: UserErrorCode = UserErrorCode.INVALID) -> None:
        problems.append(UserError(field=[*ROOT, field], message=message, code=code))

    account_id = own_key(patch.id, TYPE_NAME)
    if account_id is None:
        refuse("id", "id must be the global id of a LedgerAccount.")
    if not patch.last_updated_id.strip():
        refuse(
            "lastUpdatedId",
            "lastUpdatedId is required: send the one last read.",
            UserErrorCode.REQUIRED,
        )
    values = {name: getattr(patch, name) for name in PLAIN + BANK}
    kept, cleared = split(values, CAN_CLEAR, ROOT, problems)
    changes: dict[str, Any] = {**kept, **dict.fromkeys(cleared)}
    for name in LINKS:
        value = getattr(patch, name)
        if value is UNSET:
            continue
        linked = None if value is None else own_key(value, TYPE_NAME)
        if value is not None and linked is None:
            field = to_camel_case(name)
            refuse(field, f"{field} must be the global id of a LedgerAccount.")
        changes[name] = linked
    texts: list[tuple[str, object]] = [("lastUpdatedId", patch.last_updated_id)]
    texts += [(to_camel_case(name), changes.get(name)) for name in PLAIN + BANK]
    problems += xml_text_errors(([*ROOT, field], value) for field, value in texts)
    name_value = changes.get("name")
    if isinstance(name_value, str):
        if not name_value.strip():
            refuse("name", "name is required.", UserErrorCode.REQUIRED)
        elif len(name_value) > MAX_NAME_LENGTH:
            refuse(
                "name",
                f"name must be at most {MAX_NAME_LENGTH} characters.",
                UserErrorCode.TOO_LONG,
            )
    currency = changes.get("currency")
    if isinstance(currency, str) and not CURRENCY.fullmatch(currency):
        refuse("currency", "currency must be a three-letter upper-case code such as AUD.")
    bsb = changes.get("bsb")
    if isinstance(bsb, str) and bsb and not BSB.fullmatch(bsb):
        refuse("bsb", "bsb must be six digits.")
    if changes.get("is_bank_account") is False:
        for name in (*BANK, "bank_file_creation_enabled"):
            if changes.get(name) not in (None, "", False):
                field = to_camel_case(name)
                refuse(field, f"{field} can only be set on a bank account.")
    if (
        changes.get("account_level") == LedgerAccountLevel.HEADER
        and changes.get("header_account_id") is not None
    ):
        refuse("headerAccountId", "Only a Detail account can have a header account.")
    if not changes and account_id is not None and not problems:
        problems.append(empty_patch(ROOT))
    if problems or account_id is None:
        return problems
    return account_id, changes
