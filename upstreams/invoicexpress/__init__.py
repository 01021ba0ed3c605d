"""InvoiceXpress: the invoicing organisation's own account; contract, adapter, sandbox.

Source of truth: ``shared/upstream-docs/003_499ba79c52278c1e.txt``
(accounts.update) and the vendor notes in that folder's README. This docstring
is the wire contract the adapter (``adapter.py``) and the sandbox
(``sandbox/``) are each written against, with every choice made where the
docs are silent. They share no parsing or serialising code.

Transport and authentication
----------------------------
- ``https://{account-name}.app.invoicexpress.com``: the configured base URL
  holds the account name; the sandbox answers on any host.
- ``api_key`` query parameter on every call; missing or wrong: HTTP 401.
- The path suffix chooses the format: ``.json`` (``Content-Type:
  application/json; charset=utf-8``) or ``.xml`` (``application/xml;
  charset=utf-8``). The adapter's format is configured.

Endpoints
---------
- ``PUT /api/accounts/{account-id}/update.json|xml`` (documented): body
  ``{"account": {...}}`` or ``<account>...</account>`` with any of
  ``first_name``, ``last_name``, ``organization_name``, ``phone``, ``email``,
  ``password``, ``fiscal_id``, ``tax_country``, ``language``, ``terms``,
  ``marketing``, ``address``, ``postal_code``, ``city`` and ``credentials``
  {``username``, ``password``, ``type``, ``context``}. Fields left out keep
  their values (an update); a field sent must be valid. An empty
  ``first_name``, ``last_name``, ``phone``, ``address`` or ``city`` clears it;
  the other fields cannot be cleared. Success: HTTP 200
  with the account as it now is (choice: the docs give only the status).
- ``GET /api/accounts/{account-id}/get.json|xml`` (choice, following the
  API's resource conventions, so the graph can read what it shows): HTTP 200
  with the account.
- The account representation: ``{"account": {"id", "organization_name",
  "first_name", "last_name", "email", "phone", "fiscal_id", "tax_country",
  "language", "address", "postal_code", "city", "terms", "marketing",
  "credentials": {"username", "type", "context"} or null}}``, the same
  elements under ``<account>`` in XML (``<credentials/>`` empty when none).
  Passwords (the account's and the credentials') are never sent back.

Errors
------
JSON ``{"errors": [{"error": "message"}, ...]}``; XML
``<errors><error>message</error>...</errors>``.
- 401: "Access denied" (missing or wrong ``api_key``).
- 404: "Account not found" (no such ``account-id``).
- 422: every problem at once, with the documented messages:
  "Postal Code must have the following format DDDD-DDD" (``^\\d{4}-\\d{3}$``),
  "Vat Number can't be changed" (the account has a fiscal id and another is
  sent), "Vat Number is already used in another account", "Username is not
  valid." (blank), "Username doesn't match required format." (not
  ``^\\d{9}/``), "Password is not valid." (blank or not Base64),
  "Credential type is invalid." (not ``AT``), "Credential context is
  invalid." (not ``Sequences``); and, where the docs give no text, in the same
  style: "Organization name can't be blank", "Email is invalid",
  "Terms must be accepted" (``terms`` other than ``1``), "Tax country is
  invalid" (not a known country code), "Language is invalid" (not pt, en,
  es), "Marketing is invalid" (not 0 or 1), "Request body is invalid" (not
  parseable, or no ``account`` object). ``credentials.type`` and ``context``
  default to ``AT`` and ``Sequences`` when left out.
- 406 (document in an invalid state) is never produced by these endpoints.
- 429 with ``Retry-After`` past the rate limit.

The adapter maps each 422 message to a field (``postal_code``, ``fiscal_id``,
``credentials.username`` ...) by its known text, ``None`` when unknown.

Rate limit: with the sandbox's ``rate_limit`` switch, 100 calls a minute
(about 1.67/s) with bursts of 10.

Operations
----------
``InvoiceXpressAdapter`` (``adapter.py``) against
``shared/upstream-docs/003_499ba79c52278c1e.txt``:

- ``get_account(account_id) -> InvoicingAccount``: ``GET
  /api/accounts/{account-id}/get.json|xml`` (the contract's read; the doc
  file documents no read).
- ``update_account(account_id, AccountUpdate) -> InvoicingAccount``:
  ``PUT /api/accounts/{account-id}/update.json|xml`` (accounts.update); sent
  once, never retried. 401 ``Unauthenticated``, 404 ``NotFound``, 422
  ``InvalidInput`` (one ``Problem`` per message, field from its text), 406
  ``InvalidInput`` (no field), 429 ``RateLimited``.
"""
