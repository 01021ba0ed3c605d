"""The parts of a billing account's deep detail as GraphQL types (leaf records, no links).

Descriptions follow the billing v8 docs; where the docs only show a sample,
the description says what the sample shows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from resolvers.money import Money
from upstreams.billing import models


@strawberry.type(description="The rate plan an account is on now.")
class RatePlan:
    identity: int = strawberry.field(description="Unique identifier of the rate plan.")
    name: str | None = strawberry.field(description="The rate plan's name.")
    display_name: str | None = strawberry.field(description="The rate plan's display name.")
    start: datetime | None = strawberry.field(
        description="When the account started on this rate plan (ISO 8601)."
    )

    @classmethod
    def from_model(cls, plan: models.RatePlan) -> Self:
        return cls(
            identity=plan.identity,
            name=plan.name,
            display_name=plan.display_name,
            start=plan.start,
        )


@strawberry.type(description="The price plan an account is on now.")
class PricePlan:
    identity: int = strawberry.field(description="Unique identifier of the price plan.")
    name: str | None = strawberry.field(description="The price plan's name.")
    account_id: int | None = strawberry.field(
        description="Unique identifier for the associated Account object."
    )
    account_name: str | None = strawberry.field(
        description="The name of the object associated with the accountId property."
    )
    description: str | None = strawberry.field(description="The price plan's description.")
    start: datetime | None = strawberry.field(description="When the price plan starts (ISO 8601).")
    end: datetime | None = strawberry.field(
        description="When the price plan ends (ISO 8601); null when open-ended."
    )
    last_used_for_billing: datetime | None = strawberry.field(
        description="When the price plan was last used to bill the account."
    )
    include_child_accounts: bool | None = strawberry.field(
        description="Whether the price plan also applies to the account's child accounts."
    )

    @classmethod
    def from_model(cls, plan: models.PricePlan) -> Self:
        return cls(
            identity=plan.identity,
            name=plan.name,
            account_id=plan.account_id,
            account_name=plan.account_name,
            description=plan.description,
            start=plan.start,
            end=plan.end,
            last_used_for_billing=plan.last_used_for_billing,
            include_child_accounts=plan.include_child_accounts,
        )


@strawberry.type(description="What an account owes, in the account's currency.")
class AccountSummary:
    identity: int = strawberry.field(description="Unique identifier of the account summary.")
    balance: Money = strawberry.field(description="The account's balance.")
    balance_due: Money = strawberry.field(description="The part of the balance now due.")

    @classmethod
    def from_model(cls, summary: models.AccountSummary, currency: str) -> Self:
        return cls(
            identity=summary.identity,
            balance=Money(amount=summary.balance, currency=currency),
            balance_due=Money(amount=summary.balance_due, currency=currency),
        )


@strawberry.type(description="A price book region the account is priced in.")
class PriceBookRegion:
    identity: int = strawberry.field(description="Unique identifier of the price book region.")
    name: str | None = strawberry.field(description="The region's name.")
    description: str | None = strawberry.field(description="The region's description.")
    is_active: bool | None = strawberry.field(description="Whether the region is active.")
    created: datetime | None = strawberry.field(
        description="When the region was created (ISO 8601)."
    )

    @classmethod
    def from_model(cls, region: models.PriceBookRegion) -> Self:
        return cls(
            identity=region.identity,
            name=region.name,
            description=region.description,
            is_active=region.is_active,
            created=region.created,
        )


@strawberry.type(description="A tax the account is exempt from, by tax level and place.")
class TaxExemption:
    identity: int = strawberry.field(description="Unique identifier of the tax exemption.")
    account_id: int | None = strawberry.field(
        description="Unique identifier for the associated Account object."
    )
    account_name: str | None = strawberry.field(
        description="The name of the object associated with the accountId property."
    )
    description: str | None = strawberry.field(description="The exemption's description.")
    is_federal_tax_level: bool | None = strawberry.field(
        description="Whether the exemption applies to federal taxes."
    )
    is_state_tax_level: bool | None = strawberry.field(
        description="Whether the exemption applies to state taxes."
    )
    is_county_tax_level: bool | None = strawberry.field(
        description="Whether the exemption applies to county taxes."
    )
    is_local_tax_level: bool | None = strawberry.field(
        description="Whether the exemption applies to local taxes."
    )
    tax_type_id: int | None = strawberry.field(
        description="Unique identifier for the associated TaxType object."
    )
    tax_type_name: str | None = strawberry.field(
        description="The name of the object associated with the taxTypeId property."
    )
    updated: datetime | None = strawberry.field(
        description="The date time stamp when this record was updated (ISO 8601)."
    )
    state_id: int | None = strawberry.field(
        description="Unique identifier for the associated State object."
    )
    state_name: str | None = strawberry.field(description="The state's name.")
    state_code: str | None = strawberry.field(description="The state's code.")
    country_id: int | None = strawberry.field(
        description="Unique identifier for the associated Country object."
    )
    country_name: str | None = strawberry.field(description="The country's name.")
    country_code: str | None = strawberry.field(description="The country's code.")
    zip_code: str | None = strawberry.field(description="The zip or postal code.")
    city: str | None = strawberry.field(description="The city.")

    @classmethod
    def from_model(cls, item: models.AccountTaxExemption) -> Self:
        return cls(
            identity=item.identity,
            account_id=item.account_id,
            account_name=item.account_name,
            description=item.description,
            is_federal_tax_level=item.is_federal_tax_level,
            is_state_tax_level=item.is_state_tax_level,
            is_county_tax_level=item.is_county_tax_level,
            is_local_tax_level=item.is_local_tax_level,
            tax_type_id=item.tax_type_id,
            tax_type_name=item.tax_type_name,
            updated=item.updated,
            state_id=item.state_id,
            state_name=item.state_name,
            state_code=item.state_code,
            country_id=item.country_id,
            country_name=item.country_name,
            country_code=item.country_code,
            zip_code=item.zip_code,
            city=item.city,
        )


@strawberry.type(
    description="An address taxes are computed for; shared ones may serve other accounts."
)
class TaxAddress:
    identity: int = strawberry.field(description="Unique identifier of the tax address.")
    name: str | None = strawberry.field(description="The tax address's name.")
    is_shared: bool | None = strawberry.field(
        description="Whether accounts invoiced by this account may use this address."
    )
    account_id: int | None = strawberry.field(
        description="Unique identifier for the associated Account object."
    )
    account_name: str | None = strawberry.field(
        description="The name of the object associated with the accountId property."
    )
    address_id: int | None = strawberry.field(
        description="Unique identifier for the associated Address object."
    )
    created: datetime | None = strawberry.field(
        description="When the record was created (ISO 8601)."
    )
    updated: datetime | None = strawberry.field(
        description="The date time stamp when this record was updated (ISO 8601)."
    )
    save_tax_address_on_invoicer: bool | None = strawberry.field(
        description="Whether the address is also saved on the invoicer account."
    )
    address1: str | None = strawberry.field(description="First line of the street address.")
    address2: str | None = strawberry.field(description="Second line of the street address.")
    state_id: int | None = strawberry.field(
        description="Unique identifier for the associated State object."
    )
    state_name: str | None = strawberry.field(description="The state's name.")
    state_code: str | None = strawberry.field(description="The state's code.")
    country_id: int | None = strawberry.field(
        description="Unique identifier for the associated Country object."
    )
    country_name: str | None = strawberry.field(description="The country's name.")
    country_code: str | None = strawberry.field(description="The country's code.")
    zip_code: str | None = strawberry.field(description="The zip or postal code.")
    city_name: str | None = strawberry.field(description="The city.")
    tax_jurisdiction_code_updated: datetime | None = strawberry.field(
        description="When the address's tax jurisdiction code was last updated."
    )
    is_incorporated: bool | None = strawberry.field(
        description="Whether the address lies in an incorporated area."
    )

    @classmethod
    def from_model(cls, item: models.TaxAddress) -> Self:
        return cls(
            identity=item.identity,
            name=item.name,
            is_shared=item.is_shared,
            account_id=item.account_id,
            account_name=item.account_name,
            address_id=item.address_id,
            created=item.created,
            updated=item.updated,
            save_tax_address_on_invoicer=item.save_tax_address_on_invoicer,
            address1=item.address1,
            address2=item.address2,
            state_id=item.state_id,
            state_name=item.state_name,
            state_code=item.state_code,
            country_id=item.country_id,
            country_name=item.country_name,
            country_code=item.country_code,
            zip_code=item.zip_code,
            city_name=item.city_name,
            tax_jurisdiction_code_updated=item.tax_jurisdiction_code_updated,
            is_incorporated=item.is_incorporated,
        )


@strawberry.type(description="One way to reach a contact, e.g. an email address or a phone.")
class ContactPoint:
    identity: int = strawberry.field(description="Unique identifier of the contact point.")
    contact_point_type_id: int | None = strawberry.field(
        description="Unique identifier for the associated ContactPointType object."
    )
    contact_point_type_name: str | None = strawberry.field(
        description="The name of the object associated with the contactPointTypeId property "
        '(e.g. "Email", "Phone").'
    )
    value: str | None = strawberry.field(
        description="The address or number itself, as its type says."
    )
    contact_id: int | None = strawberry.field(
        description="Unique identifier for the associated Contact object."
    )
    updated: datetime | None = strawberry.field(
        description="The date time stamp when this record was updated (ISO 8601)."
    )

    @classmethod
    def from_model(cls, item: models.ContactPoint) -> Self:
        return cls(
            identity=item.identity,
            contact_point_type_id=item.contact_point_type_id,
            contact_point_type_name=item.contact_point_type_name,
            value=item.value,
            contact_id=item.contact_id,
            updated=item.updated,
        )


@strawberry.type(description="A contact's postal address.")
class Address:
    identity: int = strawberry.field(description="Unique identifier of the address.")
    address1: str | None = strawberry.field(description="First line of the street address.")
    address2: str | None = strawberry.field(description="Second line of the street address.")
    state_id: int | None = strawberry.field(
        description="Unique identifier for the associated State object."
    )
    state_name: str | None = strawberry.field(description="The state's name.")
    state_code: str | None = strawberry.field(description="The state's code.")
    country_id: int | None = strawberry.field(
        description="Unique identifier for the associated Country object."
    )
    country_name: str | None = strawberry.field(description="The country's name.")
    country_code: str | None = strawberry.field(description="The country's code.")
    zip_code: str | None = strawberry.field(description="The zip or postal code.")
    city_name: str | None = strawberry.field(description="The city.")
    latitude: float | None = strawberry.field(description="Latitude of the address in degrees.")
    longitude: float | None = strawberry.field(description="Longitude of the address in degrees.")
    tax_jurisdiction_code_updated: datetime | None = strawberry.field(
        description="When the address's tax jurisdiction code was last updated."
    )
    is_incorporated: bool | None = strawberry.field(
        description="Whether the address lies in an incorporated area."
    )
    updated: datetime | None = strawberry.field(
        description="The date time stamp when this record was updated (ISO 8601)."
    )

    @classmethod
    def from_model(cls, item: models.Address) -> Self:
        return cls(
            identity=item.identity,
            address1=item.address1,
            address2=item.address2,
            state_id=item.state_id,
            state_name=item.state_name,
            state_code=item.state_code,
            country_id=item.country_id,
            country_name=item.country_name,
            country_code=item.country_code,
            zip_code=item.zip_code,
            city_name=item.city_name,
            latitude=item.latitude,
            longitude=item.longitude,
            tax_jurisdiction_code_updated=item.tax_jurisdiction_code_updated,
            is_incorporated=item.is_incorporated,
            updated=item.updated,
        )
