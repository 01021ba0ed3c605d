"""A local Saasu: the ledger accounts of one file, served as the docs describe.

Written from the docs (``shared/upstream-docs/002_...``, ``004_...``, the
README's vendor notes) and the wire contract in ``upstreams/saasu/__init__.py``;
it shares no parsing or serialising code with the adapter.

``create_app(SandboxConfig(...))`` serves ``POST /authorisation/token``,
``POST /authorisation/refresh``, ``GET|PUT /Account/{id}`` and ``GET
/Accounts``, plus the kit's ``/_sandbox/`` routes. Calls are counted under
those route templates. With the ``rate_limit`` switch the kit enforces one
call a second, bursts of two and ``daily_cap`` calls a day (429 with
Retry-After), on every route including the token ones.

Choices where the docs and the contract are silent
--------------------------------------------------
Authentication
- One user (``username``, any case; ``password``) and one file
  (``file_id``, ``ws_access_key``). Other FileIds are 403.
- A call with an ``Authorization`` header is judged by it alone (scheme
  ``Bearer``); otherwise by ``WsAccessKey``. 401 answers
  ``{"Message": "Authorization has been denied for this request."}`` with a
  ``WWW-Authenticate: Bearer`` challenge (``error="invalid_token"`` for an
  unknown or expired token).
- Access tokens live ``token_lifetime_seconds`` (0 makes them expire at
  once). Refresh tokens never expire but work once: a refresh returns a new
  pair and retires the used refresh token. ``scope`` may be omitted or
  ``full``; anything else is ``invalid_scope``. A wrong ``grant_type`` is
  ``unsupported_grant_type``, a missing field or a non-JSON body
  ``invalid_request`` (all HTTP 400). Token answers carry
  ``Cache-Control: no-store``.

Order of checks: 401, then query parameters (400, all at once), then 403,
then 404; a PUT then checks its media type (415), body (400: unreadable;
then property types and rules together in ``ModelState``) and last its
``LastUpdatedId`` (409). A non-numeric id in the path is a 400 on ``id``.

Formats
- Answers: the best of ``application/json``, ``text/json``,
  ``application/xml``, ``text/xml`` in ``Accept`` by q-value (wildcards mean
  JSON); anything else gets JSON, never 406. The answer's media type is the
  one chosen, with ``charset=utf-8``. XML has no declaration, like the samples.
- PUT bodies: ``Content-Type`` JSON or XML types above, else 415. JSON
  property names match exactly or else case-insensitively (Json.NET); XML
  names exactly, root ``AccountDetail`` without a namespace
  (``XmlSerializer``), booleans ``true|false|1|0``. Absent equals null.
  Unknown properties and ``_links`` are ignored. JSON values must have the
  documented JSON type (no ``"3"`` for an integer); ``CreatedDateUtc`` and
  ``LastModifiedDateUtc`` are read-only: checked to be dates, then ignored.
- Errors: ``{"Message"}`` / ``<Error><Message/></Error>``, plus
  ``ModelState`` on 400s about parameters or properties, keyed by their
  documented names (``FileId``, ``PageSize``, ``Name``, ``id`` for the path).
  Unrouted paths are 404 and other methods (``DELETE``) 405, in the same shape.

Update rules (beyond the contract's list)
- ``IsActive``, ``IsBankAccount`` and ``IncludeInForecaster`` are required
  (a full update has no "unchanged"); ``AccountLevel`` null means Detail;
  ``AccountType`` and ``Currency`` are required.
- ``LedgerCode`` is unique (the docs call it "a unique code").
- A Header with detail accounts under it stays a Header; a bank account that
  others name as ``ExchangeAccountId`` stays a bank account;
  ``ExchangeAccountId`` and ``MerchantFeeAccountId`` cannot name the account
  itself; ``MerchantFeeAccountId`` must name an existing account.
- "Bank fields" are BSB, Number, BankAccountName, BankFileCreationEnabled,
  BankCode, UserNumber, MerchantFeeAccountId and IncludePendingTransactions;
  on a non-bank account each must be null, empty or false.
- ``LastUpdatedId`` is the Base64 of an 8-byte row version from one
  file-wide counter (SQL ``rowversion`` style); any other value, well-formed
  or not, is stale (409). ``LastModifiedDateUtc`` becomes the time of the
  update and the PUT answer's ``UtcLastModified`` is that same time.

Listing
- Filter values match case-insensitively (``accounttype=income``).
  ``IncludeBuiltIn`` defaults to true. ``HeaderAccountId`` selects the
  accounts directly under that header. Links: each account has the same
  ``_links`` as a read; the list has ``self``, ``previous`` (past page 1) and
  ``next`` (while more match), rebuilt from FileId, the filters given, Page
  and PageSize (never the WsAccessKey).

Seeded data (``chart.seed_accounts(world)``)
- ``world.ledger_accounts`` accounts of an Australian small business, taken
  from the front of a fixed seeding order: 17 Header accounts (every account
  type), 13 built-ins, 4 merchant-fee expense accounts, 12 bank accounts
  (AUD cheque account with ABA file creation, saver, term deposit, Stripe,
  PayPal and Square clearing with merchant fee accounts, petty cash, USD, NZD
  and EUR accounts whose ExchangeAccountId is the AUD cheque account, a
  credit card as a Liability, a retired old cheque account), then detail
  accounts under the headers, then regional, trade and job accounts.
- The seed picks ids (ascending from a little above 2,104,000 with gaps),
  creation and modification times (July 2019 to September 2025), row
  versions in modification order, bank numbers, the business name, job
  numbers and which three everyday accounts are inactive (plus the landline
  and the old cheque account).
"""

from upstreams.saasu.sandbox.app import create_app
from upstreams.saasu.sandbox.config import SandboxConfig

__all__ = ["SandboxConfig", "create_app"]
