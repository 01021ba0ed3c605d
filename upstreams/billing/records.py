"""Turn the billing API's JSON records into the models of ``models.py``.

One function per record kind, each reading every property the docs list for
it. Only ``identity`` (and an account's ``name``) must be present: the rest
may be ``null`` or left out, and come back as ``None``.
"""

from __future__ import annotations

from collections.abc import Callable

from upstreams.billing.fields import Fields
from upstreams.billing.models import (
    AccountDetails,
    AccountParent,
    AccountSummary,
    AccountTaxExemption,
    Address,
    BillingAccount,
    BillingContact,
    ContactPoint,
    DeletedItem,
    Note,
    PatchOutcome,
    PriceBookRegion,
    PricePlan,
    RatePlan,
    TaxAddress,
)


def account(f: Fields) -> BillingAccount:
    return BillingAccount(
        identity=f.integer("identity"),
        name=f.text("name"),
        currency_id=f.integer_or_none("currencyId"),
        currency_name=f.text_or_none("currencyName"),
        owner_id=f.integer_or_none("ownerId"),
        owner_name=f.text_or_none("ownerName"),
        created=f.moment_or_none("created"),
        account_status_type_id=f.integer_or_none("accountStatusTypeId"),
        account_status_type_name=f.text_or_none("accountStatusTypeName"),
        bill_group_id=f.integer_or_none("billGroupId"),
        bill_group_name=f.text_or_none("billGroupName"),
        acting_owner_id=f.integer_or_none("actingOwnerId"),
        acting_owner_name=f.text_or_none("actingOwnerName"),
        updated=f.moment_or_none("updated"),
        effective_cancel=f.moment_or_none("effectiveCancel"),
        invoice_delivery_id=f.integer_or_none("invoiceDeliveryId"),
        invoice_delivery_name=f.text_or_none("invoiceDeliveryName"),
        accounts_receivable_terms_id=f.integer_or_none("accountsReceivableTermsId"),
        accounts_receivable_terms_name=f.text_or_none("accountsReceivableTermsName"),
        account_type_id=f.integer_or_none("accountTypeId"),
        account_type_name=f.text_or_none("accountTypeName"),
        bill_day=f.integer_or_none("billDay"),
        account_tax_category_id=f.integer_or_none("accountTaxCategoryId"),
        account_tax_category_name=f.text_or_none("accountTaxCategoryName"),
        tax_code_id=f.integer_or_none("taxCodeId"),
        tax_code_name=f.text_or_none("taxCodeName"),
        invoicer_account_id=f.integer_or_none("invoicerAccountId"),
        invoicer_account_name=f.text_or_none("invoicerAccountName"),
        usage_invoicer_account_id=f.integer_or_none("usageInvoicerAccountId"),
        usage_invoicer_account_name=f.text_or_none("usageInvoicerAccountName"),
        tax_setting_account_id=f.integer_or_none("taxSettingAccountId"),
        tax_setting_account_name=f.text_or_none("taxSettingAccountName"),
        usage_bill_day=f.integer_or_none("usageBillDay"),
        is_read_only_bill_day=f.flag_or_none("isReadOnlyBillDay"),
        is_read_only_usage_bill_day=f.flag_or_none("isReadOnlyUsageBillDay"),
        display_name=f.text_or_none("displayName"),
        created_by_user_id=f.integer_or_none("createdByUserId"),
        created_by_user_name=f.text_or_none("createdByUserName"),
        pending_bill_day=f.integer_or_none("pendingBillDay"),
        pending_usage_bill_day=f.integer_or_none("pendingUsageBillDay"),
        lifeline=f.flag_or_none("lifeline"),
        external_account_identifier=f.text_or_none("externalAccountIdentifier"),
        vat_number=f.text_or_none("vATNumber"),
        e_invoice_endpoint_id=f.text_or_none("eInvoiceEndpointId"),
        e_invoice_scheme_id=f.text_or_none("eInvoiceSchemeId"),
        zero_inclusive_tax_when_exempt=f.flag_or_none("zeroInclusiveTaxWhenExempt"),
        default_payment_gateway_id=f.integer_or_none("defaultPaymentGatewayId"),
        default_payment_gateway_name=f.text_or_none("defaultPaymentGatewayName"),
        id=f.integer_or_none("id"),
    )


def details(f: Fields) -> AccountDetails:
    """An account's ``details`` block, as the detail endpoints send it."""
    parent = f.record_or_none("parent")
    rate_plan = f.record_or_none("currentRatePlan")
    price_plan = f.record_or_none("currentPricePlan")
    summary = f.record_or_none("accountSummary")
    return AccountDetails(
        parent=account_parent(parent) if parent else None,
        contacts=tuple(contact(c) for c in f.records_or_empty("contacts")),
        current_rate_plan=rate_plan_of(rate_plan) if rate_plan else None,
        current_price_plan=price_plan_of(price_plan) if price_plan else None,
        account_summary=account_summary(summary) if summary else None,
        price_book_regions=tuple(
            price_book_region(r) for r in f.records_or_empty("priceBookRegions")
        ),
        account_tax_exemptions=tuple(
            tax_exemption(e) for e in f.records_or_empty("accountTaxExemptions")
        ),
        tax_addresses=tuple(tax_address(a) for a in f.records_or_empty("taxAddresses")),
    )


def account_parent(f: Fields) -> AccountParent:
    return AccountParent(
        identity=f.integer("identity"),
        account_id=f.integer_or_none("accountId"),
        account_name=f.text_or_none("accountName"),
        parent_account_id=f.integer_or_none("parentAccountId"),
        parent_account_name=f.text_or_none("parentAccountName"),
        top_account_id=f.integer_or_none("topAccountId"),
        top_account_name=f.text_or_none("topAccountName"),
        updated=f.moment_or_none("updated"),
    )


def contact(f: Fields) -> BillingContact:
    """A contact; its contact points and address only when it carries ``details``."""
    more = f.record_or_none("details")
    address_record = more.record_or_none("address") if more else None
    return BillingContact(
        identity=f.integer("identity"),
        contact_type_id=f.integer_or_none("contactTypeId"),
        contact_type_name=f.text_or_none("contactTypeName"),
        title=f.text_or_none("title"),
        first_name=f.text_or_none("firstName"),
        last_name=f.text_or_none("lastName"),
        name=f.text_or_none("name"),
        is_used_for_tax=f.flag_or_none("isUsedForTax"),
        updated=f.moment_or_none("updated"),
        contact_points=(
            tuple(contact_point(p) for p in more.records_or_empty("contactPoints"))
            if more
            else None
        ),
        address=address(address_record) if address_record else None,
    )


def contact_point(f: Fields) -> ContactPoint:
    return ContactPoint(
        identity=f.integer("identity"),
        contact_point_type_id=f.integer_or_none("contactPointTypeId"),
        contact_point_type_name=f.text_or_none("contactPointTypeName"),
        value=f.text_or_none("value"),
        contact_id=f.integer_or_none("contactId"),
        updated=f.moment_or_none("updated"),
    )


def address(f: Fields) -> Address:
    return Address(
        identity=f.integer("identity"),
        address1=f.text_or_none("address1"),
        address2=f.text_or_none("address2"),
        state_id=f.integer_or_none("stateId"),
        state_name=f.text_or_none("stateName"),
        state_code=f.text_or_none("stateCode"),
        country_id=f.integer_or_none("countryId"),
        country_name=f.text_or_none("countryName"),
        country_code=f.text_or_none("countryCode"),
        zip_code=f.text_or_none("zipCode"),
        city_name=f.text_or_none("cityName"),
        latitude=f.float_or_none("latitude"),
        longitude=f.float_or_none("longitude"),
        tax_jurisdiction_code_updated=f.moment_or_none("taxJurisdictionCodeUpdated"),
        is_incorporated=f.flag_or_none("isIncorporated"),
        updated=f.moment_or_none("updated"),
    )


def note(f: Fields) -> Note:
    return Note(
        identity=f.integer("identity"),
        subject=f.text_or_none("subject"),
        text=f.text_or_none("text"),
        note_type_id=f.integer_or_none("noteTypeId"),
        note_type_name=f.text_or_none("noteTypeName"),
        created=f.moment_or_none("created"),
        created_by_user_id=f.integer_or_none("createdByUserId"),
        created_by_user_name=f.text_or_none("createdByUserName"),
        updated=f.moment_or_none("updated"),
        updated_by_user_id=f.integer_or_none("updatedByUserId"),
        updated_by_user_name=f.text_or_none("updatedByUserName"),
        show_on_overview=f.flag_or_none("showOnOverview"),
        is_important=f.flag_or_none("isImportant"),
    )


def rate_plan_of(f: Fields) -> RatePlan:
    return RatePlan(
        identity=f.integer("identity"),
        name=f.text_or_none("name"),
        display_name=f.text_or_none("displayName"),
        start=f.moment_or_none("start"),
    )


def price_plan_of(f: Fields) -> PricePlan:
    return PricePlan(
        identity=f.integer("identity"),
        name=f.text_or_none("name"),
        account_id=f.integer_or_none("accountId"),
        account_name=f.text_or_none("accountName"),
        description=f.text_or_none("description"),
        start=f.moment_or_none("start"),
        end=f.moment_or_none("end"),
        last_used_for_billing=f.moment_or_none("lastUsedForBilling"),
        include_child_accounts=f.flag_or_none("includeChildAccounts"),
    )


def account_summary(f: Fields) -> AccountSummary:
    """The balance block: both amounts must be there, as money."""
    return AccountSummary(
        identity=f.integer("identity"),
        balance=f.money("balance"),
        balance_due=f.money("balanceDue"),
        account_id=f.integer_or_none("accountId"),
        account_name=f.text_or_none("accountName"),
    )


def price_book_region(f: Fields) -> PriceBookRegion:
    return PriceBookRegion(
        identity=f.integer("identity"),
        name=f.text_or_none("name"),
        description=f.text_or_none("description"),
        is_active=f.flag_or_none("isActive"),
        created=f.moment_or_none("created"),
    )


def tax_exemption(f: Fields) -> AccountTaxExemption:
    return AccountTaxExemption(
        identity=f.integer("identity"),
        account_id=f.integer_or_none("accountId"),
        account_name=f.text_or_none("accountName"),
        description=f.text_or_none("description"),
        is_federal_tax_level=f.flag_or_none("isFederalTaxLevel"),
        is_state_tax_level=f.flag_or_none("isStateTaxLevel"),
        is_county_tax_level=f.flag_or_none("isCountyTaxLevel"),
        is_local_tax_level=f.flag_or_none("isLocalTaxLevel"),
        tax_type_id=f.integer_or_none("taxTypeId"),
        tax_type_name=f.text_or_none("taxTypeName"),
        updated=f.moment_or_none("updated"),
        state_id=f.integer_or_none("stateId"),
        state_name=f.text_or_none("stateName"),
        state_code=f.text_or_none("stateCode"),
        country_id=f.integer_or_none("countryId"),
        country_name=f.text_or_none("countryName"),
        country_code=f.text_or_none("countryCode"),
        zip_code=f.text_or_none("zipCode"),
        city=f.text_or_none("city"),
    )


def tax_address(f: Fields) -> TaxAddress:
    return TaxAddress(
        identity=f.integer("identity"),
        name=f.text_or_none("name"),
        is_shared=f.flag_or_none("isShared"),
        account_id=f.integer_or_none("accountId"),
        account_name=f.text_or_none("accountName"),
        address_id=f.integer_or_none("addressId"),
        created=f.moment_or_none("created"),
        updated=f.moment_or_none("updated"),
        save_tax_address_on_invoicer=f.flag_or_none("saveTaxAddressOnInvoicer"),
        address1=f.text_or_none("address1"),
        address2=f.text_or_none("address2"),
        state_id=f.integer_or_none("stateId"),
        state_name=f.text_or_none("stateName"),
        state_code=f.text_or_none("stateCode"),
        country_id=f.integer_or_none("countryId"),
        country_name=f.text_or_none("countryName"),
        country_code=f.text_or_none("countryCode"),
        zip_code=f.text_or_none("zipCode"),
        city_name=f.text_or_none("cityName"),
        tax_jurisdiction_code_updated=f.moment_or_none("taxJurisdictionCodeUpdated"),
        is_incorporated=f.flag_or_none("isIncorporated"),
    )


def deleted_item(f: Fields) -> DeletedItem:
    return DeletedItem(
        action=f.text("action"),
        dto_type_key=f.text("dtoTypeKey"),
        identity=f.integer_or_none("identity"),
        foreign_key_identity=f.integer_or_none("foreignKeyIdentity"),
        lhs_id=f.integer_or_none("lhsId"),
        rhs_id=f.integer_or_none("rhsId"),
    )


PATCHED_READERS: dict[str, Callable[[Fields], BillingAccount | BillingContact | Note]] = {
    "account": account,
    "contact": contact,
    "note": note,
}


def patch_outcome(f: Fields) -> PatchOutcome:
    """One patched object; its ``instance`` read by ``dtoTypeKey`` when it is one we know."""
    kind = f.text("dtoTypeKey")
    instance = f.record_or_none("instance")
    read = PATCHED_READERS.get(kind)
    return PatchOutcome(
        identity=f.integer("identity"),
        action=f.text("action"),
        dto_type_key=kind,
        patch_client_id=f.integer_or_none("patchClientId"),
        instance=read(instance) if read is not None and instance is not None else None,
    )
