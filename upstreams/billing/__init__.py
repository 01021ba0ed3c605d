"""The billing REST API, version 8 (LogiSense Billing): contract, adapter, sandbox.

Source of truth: ``shared/upstream-docs/001_3a27f633777c2c13.txt`` and the
vendor notes in that folder's README. This docstring is the wire contract the
adapter (``adapter.py``; answers read in ``decode.py``, bodies written in
``encode.py``, error answers mapped in ``errors.py``, the token kept in
``auth.py``, records in ``models.py``) and the sandbox (``sandbox/``) are each
written against, with every choice made where the docs are silent. They share
no parsing or serialising code.

Transport and authentication
----------------------------
- Resource paths under ``{base_url}/ResourceServer/api/v8/`` (``Account/``,
  ``Account/Paged``, ``Account/{id}/Contact`` ...), JSON bodies, camelCase.
- Login: ``POST {base_url}/AuthorizationServer/api/v8/Access/Login``,
  ``application/x-www-form-urlencoded`` with ``username``, ``password``,
  ``grant_type=password`` and ``client_id``. Answer: ``access_token`` (a JWT),
  ``refresh_token``, ``token_type`` ``bearer``, ``expires_in`` (seconds, 1800
  at most; the sandbox's lifetime is configurable), ``.issued``, ``.expires``.
  Refresh: the same URL with ``grant_type=refresh_token``, ``refresh_token``
  and ``client_id``. Bad credentials or refresh token: HTTP 400
  ``{"error": "invalid_grant", "error_description": "..."}``.
- Every resource call sends ``Authorization: Bearer <access_token>``; a
  missing, malformed or expired token is HTTP 401 with the error body below.
  The adapter refreshes before expiry and, on a 401, logs in again and sends
  once more (a 401 means the call was not carried out).
- Every answer carries ``trackingId`` (a UUID).

Errors
------
``{"trackingId": "...", "type": "error", "errors": [{"code": "...", "message": "..."}]}``
with HTTP 400 (validation: every problem at once), 401, 404 (no such
account, contact or note). Codes: ``Required``, ``InvalidValue``,
``OutOfRange``, ``TooLong``, ``InvalidReference`` (an id that names no
record), ``NotFound``, ``Unauthorized``, ``InvalidPagination``,
``InvalidPatch``. Each message that concerns one property names it first, in
single quotes: ``"'billDay' must be between 1 and 28."``; the adapter takes the
field from there (and ``None`` when a message names none).

Paging
------
Paged endpoints (``Account/Paged``, ``Account/Paged/Detail``,
``Account/{id}/Contact/Paged``, ``Account/{id}/Note/Paged``) read the page
from a request header ``pagination`` holding JSON
``{"pageNumber": 1, "pageSize": 20, "excludeTotalCount": false}`` (all keys
optional; defaults shown; ``pageNumber`` >= 1, ``pageSize`` 1..1000). The
answer echoes it as ``pagination`` beside ``pagedResults`` ``{totalCount,
items}``; with ``excludeTotalCount`` true, ``totalCount`` is null. Records
come in ascending ``identity``. A bad header is HTTP 400 ``InvalidPagination``.

Endpoints (all documented ones)
-------------------------------
- ``GET Account/`` (``totalCount``, ``items``), ``GET Account/Paged``,
  ``GET Account/Paged/Detail`` (each item with ``details``), ``GET
  Account/{id}`` (``instance``), ``GET Account/{id}/Detail`` (``instance``
  with ``details``: ``parent``, ``contacts`` (each with ``details.contactPoints``
  and ``details.address``), ``currentRatePlan``, ``currentPricePlan``,
  ``accountSummary`` {balance, balanceDue}, ``priceBookRegions``,
  ``accountTaxExemptions``, ``taxAddresses``). Notes are not in ``details``.
- ``GET Account/{id}/Contact`` and ``.../Note``: ``instance`` {identity (the
  account), details {totalCount, items}}; ``.../Contact/Paged`` and
  ``.../Note/Paged``: ``instance.details`` {pagination, pagedResults};
  ``.../Contact/{contactId}`` and ``.../Note/{noteId}``: the same shape with
  the one item. ``GET Account/{id}/Contact/{contactId}/Detail``: as the docs'
  sample shows, the account's deep detail, its ``details.contacts`` holding
  only that contact. ``GET Account/{id}/TaxAddress``: the account instance
  with ``details.taxAddresses`` (its own); ``.../TaxAddress/AvailableFor``:
  the same with the addresses it may use (its own and its invoicer's shared
  ones).
- ``POST Account/``, ``POST Account/{id}/Contact``, ``POST Account/{id}/Note``:
  ``{trackingId, type: "create", results: {totalCount, items: [record]}}``.
- ``PUT Account/{id}`` (as the docs say of PATCH, "just like a put": only
  the properties sent change), ``PUT Account/{id}/Contact`` and
  ``PUT Account/{id}/Note`` (the child's ``identity`` in the body):
  ``type: "update"``, the record after the change.
- ``DELETE Account/{id}``, ``DELETE Account/{id}/Contact`` / ``.../Note``
  (body ``{"details": {"items": [{"identity": N}]}}``),
  ``DELETE Account/{id}/Contact/{contactId}`` / ``.../Note/{noteId}``:
  ``type: "delete"``, ``results.items`` recording every object deleted
  (``identity``, ``action: "deleted"``, ``dtoTypeKey``: ``account``,
  ``contact``, ``note``, ``contactPoint``, ``address``), children included.
- ``PATCH Account/{id}`` and ``POST Account/{id}/Patch``: body with
  collections ``accounts``, ``contacts``, ``notes``, each ``{"items": [...]}``;
  each item has ``patchType`` (``create``, ``update``, ``delete``), an
  optional ``patchClientId`` echoed back, and the record's fields
  (``identity`` for update and delete; an ``accounts`` update item without
  ``identity`` targets ``{id}``; contacts and notes belong to ``{id}``). All
  items are validated first and applied together or not at all. Answer:
  ``type: "patch"``, ``results.items`` of {identity, action (``created``,
  ``updated``, ``deleted``), dtoTypeKey, patchClientId, instance}.

Records and validation (docs silent; LogiSense conventions)
-----------------------------------------------------------
Account fields as the docs list them; ``isReadOnlyBillDay`` and
``isReadOnlyUsageBillDay`` follow the invoicer links (the docs'
"inherited from another invoicer account") until a write sets them (the docs
do not mark them read-only and every write sample sends them); ids are numbers (the docs' samples
show strings in ``invoicerAccountId`` and ``pendingBillDay``; their types say
Number, which both sides follow). An account that invoices itself has
``invoicerAccountId`` equal to its own ``identity``. Read-only properties in a
write body are ignored, unknown properties too. ``name`` required, at most
255 characters; ``billDay``, ``usageBillDay``, ``pendingBillDay``,
``pendingUsageBillDay`` 1..28; ``currencyId``, ``accountStatusTypeId``,
``accountTypeId``, ``billGroupId``, ``invoiceDeliveryId``,
``accountsReceivableTermsId``, ``accountTaxCategoryId``, ``taxCodeId``,
``defaultPaymentGatewayId`` must name a known lookup (``InvalidReference``);
``invoicerAccountId``, ``usageInvoicerAccountId``, ``taxSettingAccountId``
must name an existing account. A property sent as ``null`` is cleared where
the record can be without it (``effectiveCancel``, ``displayName``, the
pending bill days, ``taxCodeId`` ...; an invoicer link then names the account
itself, a read-only flag follows the links again); ``null`` for ``name``, a
bill day, ``lifeline``, ``zeroInclusiveTaxWhenExempt`` or a lookup an account
must have (currency, status, bill group, invoice delivery, AR terms, account
type) is refused like a missing value (``Required``; ``InvalidValue`` for the
flags). Contact: ``contactTypeId`` known, at least one
of ``firstName``/``lastName``, ``title`` at most 20 characters. Note:
``subject`` required (at most 255), ``text`` required, ``noteTypeId`` known.
``externalAccountIdentifier`` holds the linked prepaid account's
``AccountId`` in decimal (see ``upstreams.sandboxing.world``).

Rate limit: none published; the sandbox's ``rate_limit`` switch applies
20 calls/s with bursts of 40.

Operations
----------
``BillingAdapter`` (``adapter.py``) method against the endpoint it calls; the
documented endpoints the graph has no use for are served by the sandbox only:

- ``accounts_page(page_number, page_size, exclude_total_count)``: ``GET Account/Paged``
- ``accounts_detail_page(..., reads)``: ``GET Account/Paged/Detail``; with ``reads``, only
  what it names is read at once, the rest on first use (``projection.py``)
- ``get_account(id)``: ``GET Account/{id}``
- ``get_account_detail(id)``: ``GET Account/{id}/Detail``
- ``get_available_tax_addresses(id)``: ``GET Account/{id}/TaxAddress/AvailableFor``
- ``create_account(input)``: ``POST Account/``
- ``update_account(id, input)``: ``PUT Account/{id}``
- ``patch_account(id, items)``: ``PATCH Account/{id}``; with ``via_post=True``:
  ``POST Account/{id}/Patch``
- ``delete_account(id)``: ``DELETE Account/{id}``
- ``create_contact(id, input)``: ``POST Account/{id}/Contact``
- ``update_contact(id, contact_id, input)``: ``PUT Account/{id}/Contact``
- ``delete_contact(id, contact_id)``: ``DELETE Account/{id}/Contact/{contactId}``
- ``notes_page(id, ...)``: ``GET Account/{id}/Note/Paged``
- ``get_note(id, note_id)``: ``GET Account/{id}/Note/{noteId}``
- ``create_note(id, input)``: ``POST Account/{id}/Note``
- ``update_note(id, note_id, input)``: ``PUT Account/{id}/Note``
- ``delete_note(id, note_id)``: ``DELETE Account/{id}/Note/{noteId}``
- (token) ``POST AuthorizationServer/api/v8/Access/Login``: password grant on
  first use and after a 401, refresh grant before expiry (``auth.py``).
"""
