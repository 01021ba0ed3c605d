"""The accounts and the one change the API makes to them.

Everything runs on the server's event loop and nothing here awaits, so a
check and the change it allows see the same accounts without locks.
"""

from __future__ import annotations

from upstreams.invoicexpress.sandbox.passwords import digest
from upstreams.invoicexpress.sandbox.records import Account, Credentials
from upstreams.invoicexpress.sandbox.seed import seed_accounts
from upstreams.invoicexpress.sandbox.submission import Submission
from upstreams.sandboxing import World

# Optional text fields: an empty value clears them.
CLEARABLE = ("first_name", "last_name", "phone", "address", "city")
# Fields that take the text sent (already checked).
REPLACED = (
    "organization_name",
    "email",
    "tax_country",
    "language",
    "terms",
    "marketing",
    "postal_code",
)


class Store:
    def __init__(self, accounts: list[Account]) -> None:
        self._accounts = {account.id: account for account in accounts}

    @classmethod
    def seeded(cls, world: World) -> Store:
        return cls(seed_accounts(world.seed, world.invoicing_accounts))

    def get(self, account_id: int) -> Account | None:
        return self._accounts.get(account_id)

    def fiscal_id_taken(self, fiscal_id: str, by_other_than: int) -> bool:
        return any(
            account.fiscal_id == fiscal_id and account.id != by_other_than
            for account in self._accounts.values()
        )

    def update(self, account: Account, submission: Submission) -> None:
        """Apply a submission that had no problems; members left out keep their values."""
        fields = submission.fields
        for name in CLEARABLE:
            if name in fields:
                setattr(account, name, fields[name] or None)
        for name in REPLACED:
            if name in fields:
                setattr(account, name, fields[name])
        if "fiscal_id" in fields and fields["fiscal_id"].strip():
            account.fiscal_id = fields["fiscal_id"]
        if fields.get("password"):
            # As Rails' has_secure_password: an empty password changes nothing.
            account.password_digest = digest(fields["password"])
        if submission.credentials is not None:
            sent = submission.credentials
            account.credentials = Credentials(
                username=sent["username"],
                password=sent["password"],
                type=sent.get("type", "AT"),
                context=sent.get("context", "Sequences"),
            )
