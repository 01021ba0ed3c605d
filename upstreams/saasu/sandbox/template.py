"""The template chart of accounts of an Australian small business, in seeding order.

Ledger codes follow the common Australian numbering (1 assets, 2 liabilities,
3 equity, 4 income, 5 cost of sales, 6 expenses, 8 other income, 9 other
expenses). Tax codes are the Saasu/BAS labels: G1 taxable sales, G2 exports,
G3 GST-free sales, G4 input-taxed sales, G10 capital purchases, G11
non-capital purchases, G14 GST-free purchases, G15 private use, W1 wages.
Everything here only points at rows above it, so any prefix of the seeding
order is a consistent chart.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Header:
    key: str
    code: str
    name: str
    account_type: str


@dataclass(frozen=True, slots=True)
class BuiltIn:
    key: str
    code: str
    name: str
    header: str


@dataclass(frozen=True, slots=True)
class Bank:
    """A bank account; ``institution`` is the APCA bank code, ``None`` for wallets and cash."""

    key: str
    code: str
    name: str
    header: str
    currency: str = "AUD"
    institution: str | None = None
    merchant_fee: str | None = None
    foreign: bool = False
    active: bool = True
    forecast: bool = True
    aba: bool = False


@dataclass(frozen=True, slots=True)
class Detail:
    header: str
    name: str
    tax_code: str | None
    active: bool = True


HEADERS = (
    Header("current-assets", "1-1000", "Current Assets", "Asset"),
    Header("cash-at-bank", "1-1100", "Cash at Bank", "Asset"),
    Header("fixed-assets", "1-2000", "Fixed Assets", "Asset"),
    Header("current-liabilities", "2-1000", "Current Liabilities", "Liability"),
    Header("non-current-liabilities", "2-2000", "Non-Current Liabilities", "Liability"),
    Header("equity", "3-0000", "Equity", "Equity"),
    Header("sales", "4-1000", "Sales Revenue", "Income"),
    Header("services", "4-2000", "Service Revenue", "Income"),
    Header("cost-of-sales", "5-0000", "Cost of Sales", "CostOfSales"),
    Header("administration", "6-1000", "Administration Expenses", "Expense"),
    Header("employment", "6-2000", "Employment Expenses", "Expense"),
    Header("occupancy", "6-3000", "Occupancy Expenses", "Expense"),
    Header("motor-vehicle", "6-4000", "Motor Vehicle Expenses", "Expense"),
    Header("marketing", "6-5000", "Marketing Expenses", "Expense"),
    Header("financial", "6-6000", "Financial Expenses", "Expense"),
    Header("other-income", "8-0000", "Other Income", "OtherIncome"),
    Header("other-expenses", "9-0000", "Other Expenses", "OtherExpense"),
)

BUILT_INS = (
    BuiltIn("receivable", "1-1200", "Accounts Receivable", "current-assets"),
    BuiltIn("undeposited", "1-1900", "Undeposited Funds", "current-assets"),
    BuiltIn("payable", "2-1100", "Accounts Payable", "current-liabilities"),
    BuiltIn("gst-collected", "2-1200", "GST Collected", "current-liabilities"),
    BuiltIn("gst-paid", "2-1210", "GST Paid", "current-liabilities"),
    BuiltIn("payg", "2-1300", "PAYG Withholding Payable", "current-liabilities"),
    BuiltIn("super", "2-1310", "Superannuation Payable", "current-liabilities"),
    BuiltIn("retained", "3-1000", "Retained Earnings", "equity"),
    BuiltIn("current-earnings", "3-2000", "Current Year Earnings", "equity"),
    BuiltIn("historical", "3-9000", "Historical Balancing", "equity"),
    BuiltIn("fx-gain", "8-1000", "Foreign Exchange Gain", "other-income"),
    BuiltIn("fx-loss", "9-1000", "Foreign Exchange Loss", "other-expenses"),
    BuiltIn("rounding", "9-9000", "Rounding", "other-expenses"),
)

MERCHANT_FEES = (
    ("fee-eftpos", "6-6110", "Merchant Fees - EFTPOS", "G11"),
    ("fee-stripe", "6-6120", "Merchant Fees - Stripe", "G11"),
    ("fee-paypal", "6-6130", "Merchant Fees - PayPal", "G14"),
    ("fee-square", "6-6140", "Merchant Fees - Square", "G11"),
)
"""Expense accounts under Financial Expenses that bank accounts name as ``MerchantFeeAccountId``."""

BASE_BANK = "cheque"
"""The AUD account the foreign-currency accounts name as ``ExchangeAccountId``."""

BANKS = (
    Bank(
        "cheque",
        "1-1110",
        "Business Cheque Account",
        "cash-at-bank",
        institution="CBA",
        merchant_fee="fee-eftpos",
        aba=True,
    ),
    Bank("saver", "1-1120", "Business Online Saver", "cash-at-bank", institution="CBA"),
    Bank(
        "term-deposit", "1-1130", "Term Deposit", "cash-at-bank", institution="NAB", forecast=False
    ),
    Bank("stripe", "1-1140", "Stripe Clearing", "cash-at-bank", merchant_fee="fee-stripe"),
    Bank("paypal", "1-1150", "PayPal", "cash-at-bank", merchant_fee="fee-paypal"),
    Bank("square", "1-1160", "Square Clearing", "cash-at-bank", merchant_fee="fee-square"),
    Bank("petty-cash", "1-1170", "Petty Cash", "cash-at-bank"),
    Bank("usd", "1-1180", "USD Account", "cash-at-bank", "USD", "CBA", foreign=True),
    Bank("nzd", "1-1181", "NZD Account", "cash-at-bank", "NZD", "ANZ", foreign=True),
    Bank("eur", "1-1182", "EUR Account", "cash-at-bank", "EUR", "CBA", foreign=True),
    Bank("credit-card", "2-1500", "Business Credit Card", "current-liabilities", institution="WBC"),
    Bank(
        "old-cheque",
        "1-1190",
        "Old Cheque Account",
        "cash-at-bank",
        institution="WBC",
        active=False,
        forecast=False,
    ),
)


def _details(header: str, *rows: tuple[str, str | None]) -> list[Detail]:
    return [Detail(header, name, tax) for name, tax in rows]


DETAILS: tuple[Detail, ...] = (
    *_details(
        "sales",
        ("Sales - Retail", "G1"),
        ("Sales - Wholesale", "G1"),
        ("Sales - Online Store", "G1"),
        ("Sales - Export", "G2"),
        ("Sales - GST Free", "G3"),
        ("Sales Returns & Allowances", "G1"),
        ("Freight Recovered", "G1"),
        ("Discounts Given", "G1"),
    ),
    *_details(
        "services",
        ("Consulting Fees", "G1"),
        ("Installation Services", "G1"),
        ("Maintenance Contracts", "G1"),
        ("Training Income", "G1"),
        ("Subscription Income", "G1"),
        ("Repairs Income", "G1"),
        ("Project Management Fees", "G1"),
        ("Design Services", "G1"),
    ),
    *_details(
        "cost-of-sales",
        ("Purchases - Stock", "G11"),
        ("Freight Inwards", "G11"),
        ("Import Duties", "G14"),
        ("Direct Labour", "W1"),
        ("Subcontractors", "G11"),
        ("Packaging", "G11"),
        ("Stock Adjustments", None),
        ("Dropship Costs", "G11"),
    ),
    *_details(
        "administration",
        ("Accounting Fees", "G11"),
        ("Legal Fees", "G11"),
        ("Computer Software", "G11"),
        ("Computer Hardware (under $300)", "G11"),
        ("Internet", "G11"),
        ("Telephone - Mobile", "G11"),
        ("Postage & Courier", "G11"),
        ("Printing & Stationery", "G11"),
        ("Subscriptions & Memberships", "G11"),
        ("Insurance - General", "G11"),
        ("Insurance - Professional Indemnity", "G11"),
        ("Consultants", "G11"),
        ("ASIC Filing Fees", "G14"),
        ("Office Supplies", "G11"),
        ("Cleaning", "G11"),
        ("Donations", "G14"),
        ("Entertainment - Non-deductible", "G15"),
        ("Travel - Domestic", "G11"),
        ("Travel - International", "G14"),
        ("Staff Amenities", "G11"),
        ("Licences & Permits", "G14"),
        ("Website Hosting", "G11"),
        ("Cloud Services", "G11"),
    ),
    Detail("administration", "Telephone - Landline", "G11", active=False),
    *_details(
        "employment",
        ("Wages & Salaries", "W1"),
        ("Superannuation", None),
        ("Workers Compensation Insurance", "G11"),
        ("Payroll Tax", None),
        ("Staff Training", "G11"),
        ("Recruitment", "G11"),
        ("Uniforms", "G11"),
        ("Contract Labour", "G11"),
        ("Fringe Benefits Tax", None),
        ("Annual Leave Expense", "W1"),
        ("Long Service Leave Expense", "W1"),
        ("Staff Bonuses", "W1"),
    ),
    *_details(
        "occupancy",
        ("Rent", "G11"),
        ("Electricity", "G11"),
        ("Gas", "G11"),
        ("Water Rates", "G14"),
        ("Council Rates", "G14"),
        ("Repairs & Maintenance - Premises", "G11"),
        ("Security", "G11"),
        ("Waste Removal", "G11"),
        ("Strata Levies", "G11"),
    ),
    *_details(
        "motor-vehicle",
        ("Fuel", "G11"),
        ("Registration", "G14"),
        ("Insurance - Motor Vehicles", "G11"),
        ("Repairs & Servicing", "G11"),
        ("Tolls", "G11"),
        ("Parking", "G11"),
        ("Lease Payments - Vehicles", "G11"),
        ("Tyres", "G11"),
    ),
    *_details(
        "marketing",
        ("Advertising - Online", "G11"),
        ("Advertising - Print", "G11"),
        ("Social Media Advertising", "G11"),
        ("Trade Shows", "G11"),
        ("Promotional Materials", "G11"),
        ("Sponsorships", "G11"),
        ("Website Development", "G10"),
        ("Search Engine Optimisation", "G11"),
        ("Client Gifts", "G11"),
    ),
    *_details(
        "financial",
        ("Bank Fees", "G14"),
        ("Interest Expense", "G14"),
        ("Loan Establishment Fees", "G14"),
        ("Credit Card Fees", "G14"),
        ("Foreign Transaction Fees", "G14"),
        ("Bad Debts", "G11"),
    ),
    *_details(
        "other-income",
        ("Interest Income", "G4"),
        ("Rental Income", "G1"),
        ("Government Grants", "G3"),
        ("Insurance Recoveries", "G1"),
        ("Gain on Disposal of Assets", None),
        ("Sundry Income", "G1"),
        ("Dividends Received", None),
    ),
    *_details(
        "other-expenses",
        ("Depreciation Expense", None),
        ("Loss on Disposal of Assets", None),
        ("Income Tax Expense", None),
        ("Amortisation", None),
        ("Penalties & Fines", None),
    ),
    *_details(
        "current-assets",
        ("Prepayments", None),
        ("Inventory on Hand", None),
        ("Security Deposits", None),
        ("Loans to Directors", None),
        ("Accrued Income", None),
    ),
    *_details(
        "fixed-assets",
        ("Office Equipment", "G10"),
        ("Office Equipment - Accumulated Depreciation", None),
        ("Computer Equipment", "G10"),
        ("Computer Equipment - Accumulated Depreciation", None),
        ("Motor Vehicles", "G10"),
        ("Motor Vehicles - Accumulated Depreciation", None),
        ("Furniture & Fittings", "G10"),
        ("Furniture & Fittings - Accumulated Depreciation", None),
        ("Leasehold Improvements", "G10"),
        ("Plant & Machinery", "G10"),
        ("Plant & Machinery - Accumulated Depreciation", None),
        ("Goodwill", None),
    ),
    *_details(
        "current-liabilities",
        ("Accrued Expenses", None),
        ("Wages Payable", None),
        ("Customer Deposits", None),
        ("Unearned Revenue", None),
        ("Income Tax Payable", None),
        ("Fringe Benefits Tax Payable", None),
        ("Payroll Tax Payable", None),
    ),
    *_details(
        "non-current-liabilities",
        ("Bank Loan - Equipment", None),
        ("Hire Purchase - Motor Vehicles", None),
        ("Hire Purchase - Unexpired Interest", None),
        ("Shareholder Loans", None),
        ("Long Service Leave Provision", None),
    ),
    *_details(
        "equity",
        ("Owner's Capital", None),
        ("Owner's Drawings", None),
        ("Share Capital", None),
        ("Dividends Paid", None),
    ),
)

_REGIONS = (
    ("New South Wales", "G1"),
    ("Victoria", "G1"),
    ("Queensland", "G1"),
    ("Western Australia", "G1"),
    ("South Australia", "G1"),
    ("Tasmania", "G1"),
    ("Australian Capital Territory", "G1"),
    ("Northern Territory", "G1"),
    ("New Zealand", "G2"),
)
_TRADES = (
    "Electrical",
    "Plumbing",
    "Carpentry",
    "Painting",
    "Landscaping",
    "Concreting",
    "Tiling",
    "Roofing",
    "Plastering",
    "Glazing",
)


def more_details(first_job: int) -> Iterator[Detail]:
    """Detail accounts past the template, as a growing business adds them; never ends."""
    for region, tax in _REGIONS:
        yield Detail("sales", f"Sales - {region}", tax)
    for trade in _TRADES:
        yield Detail("cost-of-sales", f"Subcontractors - {trade}", "G11")
    job = first_job
    while True:
        yield Detail("services", f"Job {job} - Income", "G1")
        yield Detail("cost-of-sales", f"Job {job} - Materials", "G11")
        job += 1
