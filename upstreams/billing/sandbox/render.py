"""Records written out in the wire shapes of the docs' samples, key for key.

Names beside ids are looked up here, at the moment of writing, so they
follow the current lookups and the current names of linked accounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from upstreams.billing.sandbox import lookups
from upstreams.billing.sandbox.records import (
    Account,
    Address,
    Contact,
    ContactPoint,
    Note,
    TaxAddress,
    TaxExemption,
)
from upstreams.billing.sandbox.store import Store
from upstreams.billing.sandbox.timestamps import wire

Json = dict[str, Any]


def account(store: Store, record: Account) -> Json:
    return {
        "identity": record.identity,
        "currencyId": record.currency_id,
        "currencyName": lookups.CURRENCIES.name(record.currency_id),
        "ownerId": record.owner_id,
        "ownerName": lookups.OWNERS.name(record.owner_id),
        "name": record.name,
        "created": wire(record.created),
        "accountStatusTypeId": record.account_status_type_id,
        "accountStatusTypeName": lookups.ACCOUNT_STATUS_TYPES.name(record.account_status_type_id),
        "billGroupId": record.bill_group_id,
        "billGroupName": lookups.BILL_GROUPS.name(record.bill_group_id),
        "actingOwnerId": record.acting_owner_id,
        "actingOwnerName": lookups.OWNERS.name(record.acting_owner_id),
        "updated": wire(record.updated),
        "effectiveCancel": wire(record.effective_cancel),
        "invoiceDeliveryId": record.invoice_delivery_id,
        "invoiceDeliveryName": lookups.INVOICE_DELIVERIES.name(record.invoice_delivery_id),
        "accountsReceivableTermsId": record.accounts_receivable_terms_id,
        "accountsReceivableTermsName": lookups.ACCOUNTS_RECEIVABLE_TERMS.name(
            record.accounts_receivable_terms_id
        ),
        "accountTypeId": record.account_type_id,
        "accountTypeName": lookups.ACCOUNT_TYPES.name(record.account_type_id),
        "billDay": record.bill_day,
        "accountTaxCategoryId": record.account_tax_category_id,
        "accountTaxCategoryName": lookups.ACCOUNT_TAX_CATEGORIES.name(
            record.account_tax_category_id
        ),
        "taxCodeId": record.tax_code_id,
        "taxCodeName": lookups.TAX_CODES.name(record.tax_code_id),
        "invoicerAccountId": record.invoicer_account_id,
        "invoicerAccountName": store.account_name(record.invoicer_account_id),
        "usageInvoicerAccountId": record.usage_invoicer_account_id,
        "usageInvoicerAccountName": store.account_name(record.usage_invoicer_account_id),
        "taxSettingAccountId": record.tax_setting_account_id,
        "taxSettingAccountName": store.account_name(record.tax_setting_account_id),
        "usageBillDay": record.usage_bill_day,
        "isReadOnlyBillDay": _given_or(
            record.is_read_only_bill_day, record.invoicer_account_id != record.identity
        ),
        "isReadOnlyUsageBillDay": _given_or(
            record.is_read_only_usage_bill_day,
            record.usage_invoicer_account_id != record.identity,
        ),
        "displayName": record.display_name,
        "createdByUserId": record.created_by_user_id,
        "createdByUserName": lookups.USERS.name(record.created_by_user_id),
        "pendingBillDay": record.pending_bill_day,
        "pendingUsageBillDay": record.pending_usage_bill_day,
        "lifeline": record.lifeline,
        "externalAccountIdentifier": record.external_account_identifier,
        "vATNumber": record.vat_number,
        "eInvoiceEndpointId": record.e_invoice_endpoint_id,
        "eInvoiceSchemeId": record.e_invoice_scheme_id,
        "zeroInclusiveTaxWhenExempt": record.zero_inclusive_tax_when_exempt,
        "defaultPaymentGatewayId": record.default_payment_gateway_id,
        "defaultPaymentGatewayName": lookups.PAYMENT_GATEWAYS.name(
            record.default_payment_gateway_id
        ),
        "id": record.legacy_id,
    }


def account_detail(
    store: Store, record: Account, contacts: Iterable[Contact] | None = None
) -> Json:
    """The account with ``details``; ``contacts`` narrows the contacts shown (Contact Detail)."""
    shown = record.contacts.values() if contacts is None else contacts
    return {
        **account(store, record),
        "details": {
            "parent": parent(store, record),
            "contacts": [contact_detail(item) for item in shown],
            "currentRatePlan": rate_plan(record),
            "currentPricePlan": price_plan(record),
            "accountSummary": {
                "identity": record.summary_identity,
                "accountId": record.identity,
                "accountName": record.name,
                "balance": record.balance,
                "balanceDue": record.balance_due,
            },
            "priceBookRegions": [
                {
                    "identity": region.identity,
                    "name": region.name,
                    "description": region.description,
                    "isActive": region.is_active,
                    "created": wire(region.created),
                }
                for region in record.price_book_regions
            ],
            "accountTaxExemptions": [tax_exemption(record, item) for item in record.tax_exemptions],
            "taxAddresses": [tax_address(record, item) for item in record.tax_addresses.values()],
        },
    }


def account_with_tax_addresses(
    store: Store, record: Account, addresses: Iterable[tuple[Account, TaxAddress]]
) -> Json:
    return {
        **account(store, record),
        "details": {"taxAddresses": [tax_address(owner, item) for owner, item in addresses]},
    }


def parent(store: Store, record: Account) -> Json:
    parent_id = store.parent_id(record)
    top_id = store.top_id(record)
    return {
        "identity": record.parent_identity,
        "accountId": record.identity,
        "accountName": record.name,
        "parentAccountId": parent_id,
        "parentAccountName": store.account_name(parent_id),
        "topAccountId": top_id,
        "topAccountName": store.account_name(top_id),
        "updated": wire(record.parent_updated),
    }


def rate_plan(record: Account) -> Json | None:
    plan = record.rate_plan
    if plan is None:
        return None
    return {
        "identity": plan.identity,
        "name": plan.name,
        "displayName": plan.display_name,
        "start": wire(plan.start),
    }


def price_plan(record: Account) -> Json | None:
    plan = record.price_plan
    if plan is None:
        return None
    return {
        "identity": plan.identity,
        "name": plan.name,
        "accountId": record.identity,
        "accountName": record.name,
        "description": plan.description,
        "start": wire(plan.start),
        "end": wire(plan.end),
        "lastUsedForBilling": wire(plan.last_used_for_billing),
        "includeChildAccounts": plan.include_child_accounts,
    }


def tax_exemption(record: Account, item: TaxExemption) -> Json:
    state = lookups.STATES.get(item.state_id) if item.state_id is not None else None
    country = lookups.COUNTRIES.get(item.country_id)
    return {
        "identity": item.identity,
        "accountId": record.identity,
        "accountName": record.name,
        "description": item.description,
        "isFederalTaxLevel": item.is_federal_tax_level,
        "isStateTaxLevel": item.is_state_tax_level,
        "isCountyTaxLevel": item.is_county_tax_level,
        "isLocalTaxLevel": item.is_local_tax_level,
        "taxTypeId": item.tax_type_id,
        "taxTypeName": lookups.TAX_TYPES.name(item.tax_type_id),
        "updated": wire(item.updated),
        "stateId": item.state_id,
        "stateName": state.name if state else None,
        "stateCode": state.code if state else None,
        "countryId": item.country_id,
        "countryName": country.name if country else None,
        "countryCode": country.code if country else None,
        "zipCode": item.zip_code,
        "city": item.city,
    }


def tax_address(owner: Account, item: TaxAddress) -> Json:
    place = item.address
    state = lookups.STATES.get(place.state_id) if place.state_id is not None else None
    country = lookups.COUNTRIES.get(place.country_id)
    return {
        "identity": item.identity,
        "name": item.name,
        "isShared": item.is_shared,
        "accountId": owner.identity,
        "accountName": owner.name,
        "addressId": place.identity,
        "created": wire(item.created),
        "updated": wire(item.updated),
        "saveTaxAddressOnInvoicer": item.save_tax_address_on_invoicer,
        "address1": place.address1,
        "address2": place.address2,
        "stateId": place.state_id,
        "stateName": state.name if state else None,
        "stateCode": state.code if state else None,
        "countryId": place.country_id,
        "countryName": country.name if country else None,
        "countryCode": country.code if country else None,
        "zipCode": place.zip_code,
        "cityName": place.city_name,
        "taxJurisdictionCodeUpdated": wire(place.tax_jurisdiction_code_updated),
        "isIncorporated": place.is_incorporated,
    }


def contact(record: Contact) -> Json:
    return {
        "identity": record.identity,
        "contactTypeId": record.contact_type_id,
        "contactTypeName": lookups.CONTACT_TYPES.name(record.contact_type_id),
        "title": record.title,
        "firstName": record.first_name,
        "lastName": record.last_name,
        "isUsedForTax": record.is_used_for_tax,
        "updated": wire(record.updated),
    }


def contact_name(record: Contact) -> str:
    return " ".join(part for part in (record.first_name, record.last_name) if part)


def contact_detail(record: Contact) -> Json:
    return {
        **contact(record),
        "name": contact_name(record),
        "details": {
            "contactPoints": [contact_point(point, record.identity) for point in record.points],
            "address": address(record.address) if record.address else None,
        },
    }


def contact_point(point: ContactPoint, contact_id: int) -> Json:
    return {
        "identity": point.identity,
        "contactPointTypeId": point.contact_point_type_id,
        "contactPointTypeName": lookups.CONTACT_POINT_TYPES.name(point.contact_point_type_id),
        "value": point.value,
        "contactId": contact_id,
        "updated": wire(point.updated),
    }


def address(place: Address) -> Json:
    state = lookups.STATES.get(place.state_id) if place.state_id is not None else None
    country = lookups.COUNTRIES.get(place.country_id)
    return {
        "identity": place.identity,
        "address1": place.address1,
        "address2": place.address2,
        "stateId": place.state_id,
        "stateName": state.name if state else None,
        "countryId": place.country_id,
        "countryName": country.name if country else None,
        "zipCode": place.zip_code,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "cityName": place.city_name,
        "taxJurisdictionCodeUpdated": wire(place.tax_jurisdiction_code_updated),
        "isIncorporated": place.is_incorporated,
        "updated": wire(place.updated),
        "stateCode": state.code if state else None,
        "countryCode": country.code if country else None,
    }


def note(record: Note) -> Json:
    return {
        "identity": record.identity,
        "subject": record.subject,
        "text": record.text,
        "noteTypeId": record.note_type_id,
        "noteTypeName": lookups.NOTE_TYPES.name(record.note_type_id),
        "created": wire(record.created),
        "createdByUserId": record.created_by_user_id,
        "createdByUserName": lookups.USERS.name(record.created_by_user_id),
        "updated": wire(record.updated),
        "updatedByUserId": record.updated_by_user_id,
        "updatedByUserName": lookups.USERS.name(record.updated_by_user_id),
        "showOnOverview": record.show_on_overview,
        "isImportant": record.is_important,
    }


def _given_or(given: bool | None, derived: bool) -> bool:
    """A flag a write set, else what the account's links say."""
    return derived if given is None else given
