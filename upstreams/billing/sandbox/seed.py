"""Build the sandbox's starting data from the ``World``: same world, same data.

About a tenth of the accounts are invoicer (parent) accounts that invoice
themselves; most others are invoiced through one of them, the rest invoice
themselves; invoicers are businesses. Accounts invoiced through a parent
inherit its bill days, which is what ``isReadOnlyBillDay`` reports.
``externalAccountIdentifier`` names the linked prepaid account that ``World``
plans. An account's name and its primary contact (person, email, phone,
address) are its customer's (``upstreams.sandboxing.customers``), the same
customer the linked prepaid account's contact describes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from upstreams.billing.sandbox import lookups, wordlists
from upstreams.billing.sandbox.records import (
    Account,
    Address,
    Contact,
    ContactPoint,
    Note,
    PriceBookRegion,
    PricePlan,
    RatePlan,
    TaxAddress,
    TaxExemption,
)
from upstreams.billing.sandbox.store import Store
from upstreams.sandboxing.customer_words import (
    FIRST_NAMES,
    LAST_NAMES,
    STREET_NAMES,
    UNITS,
    Place,
    places_in,
)
from upstreams.sandboxing.customers import BUSINESS_SHARE, Customer, customer, postal_code
from upstreams.sandboxing.world import World

FIRST_ID_AFTER = {
    "contact": 10000,
    "contactPoint": 30000,
    "address": 60000,
    "note": 100000,
    "taxAddress": 200000,
    "accountParent": 300000,
    "accountSummary": 400000,
    "pricePlan": 500000,
    "taxExemption": 600000,
}
"""Each kind of record numbers from its own range, so ids of different kinds rarely meet."""

EARLIEST = datetime(2016, 1, 1, tzinfo=UTC)
LATEST_CREATED = datetime(2025, 6, 30, tzinfo=UTC)
SEEDED_UNTIL = datetime(2025, 12, 31, tzinfo=UTC)

PARENT_SHARE = 0.10
CHILD_SHARE = 0.78
"""Of the accounts that are not parents, the share invoiced through a parent."""

BUSINESS_TYPES = (2, 3, 4, 5)
RESIDENTIAL = 1

STATE_IDS = {state.code: identity for identity, state in lookups.STATES.items()}


@dataclass(slots=True)
class _Links:
    """Where one account's invoices, usage invoices and tax settings come from."""

    invoicer: int
    usage_invoicer: int
    tax_setting: int
    bill_day: int
    usage_bill_day: int


def seed_store(world: World) -> Store:
    store = Store()
    for kind, after in FIRST_ID_AFTER.items():
        store.start_ids(kind, after)
    ids = list(world.billing_ids())
    store.start_ids("account", ids[-1] if ids else 1000)
    rng = random.Random(f"billing-sandbox:{world.seed}")
    customers = {identity: customer(world, identity) for identity in ids}
    links = _plan_links(rng, ids, customers)
    parents = {identity for identity, link in links.items() if link.invoicer == identity}
    for identity in ids:
        seeder = _Seeder(rng, store)
        store.add(seeder.account(identity, links[identity], world, parents, customers[identity]))
    return store


def _plan_links(
    rng: random.Random, ids: list[int], customers: dict[int, Customer]
) -> dict[int, _Links]:
    parents = [
        identity
        for identity in ids
        if rng.random() < PARENT_SHARE / BUSINESS_SHARE and customers[identity].company
    ]
    if ids and not parents:
        parents = [next((i for i in ids if customers[i].company), ids[0])]
    parent_set = set(parents)
    links: dict[int, _Links] = {}
    for identity in parents:
        day = rng.randint(1, 28)
        links[identity] = _Links(identity, identity, identity, day, day)
    for identity in ids:
        if identity in parent_set:
            continue
        if rng.random() >= CHILD_SHARE:
            day = rng.randint(1, 28)
            links[identity] = _Links(identity, identity, identity, day, day)
            continue
        parent = links[rng.choice(parents)]
        usage = parent.invoicer if rng.random() < 0.85 else identity
        tax = parent.invoicer if rng.random() < 0.7 else identity
        usage_day = parent.usage_bill_day if usage != identity else rng.randint(1, 28)
        links[identity] = _Links(parent.invoicer, usage, tax, parent.bill_day, usage_day)
    return links


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max(int((end - start).total_seconds() * 1000), 1)
    return start + timedelta(milliseconds=rng.randrange(span))


class _Seeder:
    """Makes one account and its children from the shared random stream."""

    def __init__(self, rng: random.Random, store: Store) -> None:
        self.rng = rng
        self.store = store

    def account(
        self, identity: int, link: _Links, world: World, parents: set[int], customer: Customer
    ) -> Account:
        rng = self.rng
        is_parent = identity in parents
        account_type = rng.choice(BUSINESS_TYPES) if customer.company else RESIDENTIAL
        state_id = STATE_IDS[customer.place.state_code]
        canadian = lookups.STATES[state_id].country_id == 2
        name, display_name = self._names(customer)
        currency = 2 if canadian else (1 if rng.random() < 0.9 else rng.choice((3, 4, 5)))
        created = _moment(rng, EARLIEST, LATEST_CREATED)
        updated = _moment(rng, created, SEEDED_UNTIL)
        status = rng.choices((1, 2, 3, 4, 5), weights=(80, 7, 5, 5, 3))[0]
        cancel = None
        if status in (4, 5) or rng.random() < 0.03:
            cancel = _moment(rng, created, SEEDED_UNTIL + timedelta(days=180))
        tax_category, tax_code = self._tax(account_type)
        prepaid = world.prepaid_id_for_billing(identity)
        european = currency in (3, 4)
        self_invoicing = link.invoicer == identity
        owner = rng.choices((1, 2, 3), weights=(85, 10, 5))[0]
        account = Account(
            identity=identity,
            name=name,
            display_name=display_name,
            currency_id=currency,
            owner_id=owner,
            acting_owner_id=owner if rng.random() < 0.95 else 1,
            created=created,
            updated=updated,
            account_status_type_id=status,
            bill_group_id=self._bill_group(account_type),
            effective_cancel=cancel,
            invoice_delivery_id=rng.choices((1, 2, 3, 4), weights=(60, 15, 15, 10))[0],
            accounts_receivable_terms_id=(
                rng.choice((1, 2)) if account_type == RESIDENTIAL else rng.choice((3, 4, 5))
            ),
            account_type_id=account_type,
            bill_day=link.bill_day,
            usage_bill_day=link.usage_bill_day,
            pending_bill_day=rng.randint(1, 28) if self_invoicing and rng.random() < 0.05 else None,
            pending_usage_bill_day=(
                rng.randint(1, 28) if self_invoicing and rng.random() < 0.03 else None
            ),
            account_tax_category_id=tax_category,
            tax_code_id=tax_code,
            invoicer_account_id=link.invoicer,
            usage_invoicer_account_id=link.usage_invoicer,
            tax_setting_account_id=link.tax_setting,
            created_by_user_id=rng.randint(1, 8),
            lifeline=account_type == RESIDENTIAL and rng.random() < 0.05,
            external_account_identifier=None if prepaid is None else str(prepaid),
            vat_number=f"VAT{rng.randint(100000, 999999)}" if european else None,
            e_invoice_endpoint_id=f"0{rng.randint(1000000000, 9999999999)}" if european else None,
            e_invoice_scheme_id=rng.choice(("9935", "0088", "0192")) if european else None,
            zero_inclusive_tax_when_exempt=rng.random() < 0.1,
            default_payment_gateway_id=rng.randint(1, 5) if rng.random() < 0.7 else None,
            legacy_id=identity,
            parent_identity=self.store.new_id("accountParent"),
            parent_updated=updated,
            summary_identity=self.store.new_id("accountSummary"),
        )
        self._money(account)
        self._plans(account, is_parent)
        for _ in range(rng.choices(range(6), weights=(8, 30, 27, 18, 10, 7))[0]):
            if account.contacts:
                contact = self._contact(account, state_id, customer.domain)
            else:
                contact = self._primary_contact(account, customer)
            account.contacts[contact.identity] = contact
        for _ in range(rng.randint(0, 20)):
            note = self._note(account)
            account.notes[note.identity] = note
        for index in range(rng.choice((1, 2)) if is_parent else rng.choice((0, 1, 1, 2))):
            tax_address = self._tax_address(account, customer, is_parent, index)
            account.tax_addresses[tax_address.identity] = tax_address
        if tax_category in (2, 4):
            account.tax_exemptions.append(self._exemption(account, state_id))
        return account

    def _names(self, customer: Customer) -> tuple[str, str | None]:
        """The account's name and display name: the business's, or the household's person's."""
        if customer.company is None:
            display = customer.person if self.rng.random() < 0.6 else None
            return f"{customer.last_name}, {customer.first_name}", display
        return customer.company, customer.trading_name if self.rng.random() < 0.75 else None

    def _bill_group(self, account_type: int) -> int:
        if self.rng.random() < 0.1:
            return 1
        return {1: 2, 2: 3, 3: 4, 4: 5, 5: 4}[account_type]

    def _tax(self, account_type: int) -> tuple[int | None, int | None]:
        rng = self.rng
        if account_type == 5:
            return 4, 4
        if account_type == 4:
            return 3, 3
        if rng.random() < 0.05:
            return 2, 4
        if rng.random() < 0.05:
            return None, None
        return 1, 1 if rng.random() < 0.85 else 2

    def _money(self, account: Account) -> None:
        rng = self.rng
        if rng.random() < 0.7:
            account.balance = round(rng.uniform(5, 2500), 2)
            account.balance_due = round(account.balance * rng.choice((0.0, 0.5, 1.0)), 2)

    def _plans(self, account: Account, is_parent: bool) -> None:
        rng = self.rng
        plans = {1: (1, 2), 2: (3, 4), 3: (4, 5), 4: (6,), 5: (7,)}[account.account_type_id]
        if rng.random() < 0.95:
            plan_id = rng.choice(plans)
            name, display = wordlists.RATE_PLANS[plan_id]
            start = _moment(rng, account.created, SEEDED_UNTIL)
            account.rate_plan = RatePlan(plan_id, name, display, start)
        if is_parent or rng.random() < 0.3:
            start = _moment(rng, account.created, SEEDED_UNTIL)
            account.price_plan = PricePlan(
                identity=self.store.new_id("pricePlan"),
                name=f"{rng.choice(wordlists.PRICE_PLAN_NAMES)} {start.year}",
                description=f"Pricing agreed for {account.name}",
                start=start,
                end=start + timedelta(days=rng.choice((365, 730))) if rng.random() < 0.6 else None,
                last_used_for_billing=_moment(rng, start, SEEDED_UNTIL),
                include_child_accounts=is_parent,
            )
        if rng.random() < 0.6:
            region = rng.choice(tuple(wordlists.PRICE_BOOK_REGIONS))
            name, description = wordlists.PRICE_BOOK_REGIONS[region]
            account.price_book_regions.append(
                PriceBookRegion(region, name, description, True, EARLIEST)
            )

    def _place(self, state_id: int) -> Place:
        """A city of the state."""
        return self.rng.choice(places_in(lookups.STATES[state_id].code))

    def _address(self, place: Place, updated: datetime) -> Address:
        """A street address in ``place``."""
        rng = self.rng
        street = f"{rng.randint(1, 9999)} {rng.choice(STREET_NAMES)}"
        unit = rng.choice(UNITS) if rng.random() < 0.3 else None
        return self._address_at(place, street, unit, postal_code(rng, place), updated)

    def _address_at(
        self, place: Place, street: str, unit: str | None, zip_code: str, updated: datetime
    ) -> Address:
        rng = self.rng
        return Address(
            identity=self.store.new_id("address"),
            address1=street,
            address2=unit,
            city_name=place.city,
            state_id=STATE_IDS[place.state_code],
            country_id=lookups.STATES[STATE_IDS[place.state_code]].country_id,
            zip_code=zip_code,
            latitude=round(place.latitude + rng.uniform(-0.05, 0.05), 5),
            longitude=round(place.longitude + rng.uniform(-0.05, 0.05), 5),
            tax_jurisdiction_code_updated=updated if rng.random() < 0.8 else None,
            is_incorporated=rng.random() < 0.85,
            updated=updated,
        )

    def _customer_address(self, customer: Customer, updated: datetime) -> Address:
        return self._address_at(
            customer.place, customer.street, customer.unit, customer.postal_code, updated
        )

    def _primary_contact(self, account: Account, customer: Customer) -> Contact:
        """The customer's own person: the contact used for tax, at the customer's address."""
        rng = self.rng
        updated = _moment(rng, account.created, SEEDED_UNTIL)
        identity = self.store.new_id("contact")
        area = customer.place.area_code
        points = [
            ContactPoint(self.store.new_id("contactPoint"), 1, customer.email, updated),
            ContactPoint(
                self.store.new_id("contactPoint"), 2, f"+1 {area}-{customer.line}", updated
            ),
        ]
        if rng.random() < 0.3:
            mobile = f"+1 {area}-555-{rng.randint(0, 9999):04d}"
            points.append(ContactPoint(self.store.new_id("contactPoint"), 3, mobile, updated))
        address = self._customer_address(customer, updated)
        return Contact(
            identity=identity,
            contact_type_id=1,
            title=rng.choice(wordlists.TITLES) if rng.random() < 0.6 else None,
            first_name=customer.first_name,
            last_name=customer.last_name,
            is_used_for_tax=True,
            updated=updated,
            points=points,
            address=address,
        )

    def _contact(self, account: Account, state_id: int, domain: str) -> Contact:
        """Another person on the account, somewhere in the customer's state."""
        rng = self.rng
        given, family = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        updated = _moment(rng, account.created, SEEDED_UNTIL)
        identity = self.store.new_id("contact")
        email = f"{given}.{family}@{domain}".lower().replace(" ", "")
        place = self._place(state_id)
        area = place.area_code
        points = [ContactPoint(self.store.new_id("contactPoint"), 1, email, updated)]
        if rng.random() < 0.8:
            phone = f"+1 {area}-555-{rng.randint(0, 9999):04d}"
            points.append(ContactPoint(self.store.new_id("contactPoint"), 2, phone, updated))
        if rng.random() < 0.3:
            mobile = f"+1 {area}-555-{rng.randint(0, 9999):04d}"
            points.append(ContactPoint(self.store.new_id("contactPoint"), 3, mobile, updated))
        return Contact(
            identity=identity,
            contact_type_id=rng.choice((2, 3, 4, 5)),
            title=rng.choice(wordlists.TITLES) if rng.random() < 0.6 else None,
            first_name=given,
            last_name=family,
            is_used_for_tax=False,
            updated=updated,
            points=points,
            address=self._address(place, updated),
        )

    def _note(self, account: Account) -> Note:
        rng = self.rng
        subject, text = rng.choice(wordlists.NOTES)
        created = _moment(rng, account.created, SEEDED_UNTIL)
        edited = rng.random() < 0.25
        author = rng.randint(1, 8)
        return Note(
            identity=self.store.new_id("note"),
            subject=subject,
            text=text,
            note_type_id=rng.randint(1, 5),
            created=created,
            created_by_user_id=author,
            updated=_moment(rng, created, SEEDED_UNTIL) if edited else created,
            updated_by_user_id=rng.randint(1, 8) if edited else author,
            show_on_overview=rng.random() < 0.2,
            is_important=rng.random() < 0.15,
        )

    def _tax_address(
        self, account: Account, customer: Customer, is_parent: bool, index: int
    ) -> TaxAddress:
        """The first at the customer's own address (its home or head office), others anywhere."""
        rng = self.rng
        created = _moment(rng, account.created, SEEDED_UNTIL)
        if index == 0:
            address = self._customer_address(customer, created)
        else:
            address = self._address(self._place(rng.choice(tuple(lookups.STATES))), created)
        return TaxAddress(
            identity=self.store.new_id("taxAddress"),
            name=wordlists.TAX_ADDRESS_NAMES[
                4 if account.account_type_id == RESIDENTIAL else index % 4
            ],
            is_shared=is_parent and rng.random() < 0.8,
            save_tax_address_on_invoicer=rng.random() < 0.2,
            created=created,
            updated=created,
            address=address,
        )

    def _exemption(self, account: Account, state_id: int) -> TaxExemption:
        rng = self.rng
        state = lookups.STATES[state_id]
        canadian = state.country_id == 2
        return TaxExemption(
            identity=self.store.new_id("taxExemption"),
            description="Exemption certificate on file",
            is_federal_tax_level=rng.random() < 0.5,
            is_state_tax_level=True,
            is_county_tax_level=rng.random() < 0.5,
            is_local_tax_level=rng.random() < 0.5,
            tax_type_id=rng.choice((4, 5)) if canadian else rng.choice((1, 2, 3)),
            updated=_moment(rng, account.created, SEEDED_UNTIL),
            state_id=state_id,
            country_id=state.country_id,
            zip_code=None,
            city=None,
        )
