"""Saasu ledger accounts: contract, adapter, sandbox.

Source of truth: ``shared/upstream-docs/002_4bcfe0f2378c52fa.txt`` (GET
Account/{id}), ``004_7609af9fa12e9df1.txt`` (PUT Account/{id}) and the vendor
notes in that folder's README. This docstring is the wire contract the adapter
(``adapter.py``) and the sandbox (``sandbox/``) are each written against, with
every choice made where the docs are silent. They share no parsing or
serialising code.

Transport and authentication
----------------------------
- ``GET {base_url}/Account/{id}``, ``PUT {base_url}/Account/{id}``,
  ``GET {base_url}/Accounts``; every call carries the ``FileId`` query
  parameter. Query parameter names are matched case-insensitively, as the
  API's ASP.NET host does (``wsaccesskey`` = ``WsAccessKey``).
- Legacy auth: ``WsAccessKey`` query parameter. Current auth: ``POST
  {base_url}/authorisation/token`` with a JSON body ``{"grant_type":
  "password", "username", "password", "scope": "full"}`` answers
  ``{"access_token", "refresh_token", "token_type": "Bearer", "expires_in",
  "scope"}``; ``POST {base_url}/authorisation/refresh`` with ``{"grant_type":
  "refresh_token", "refresh_token"}`` answers the same. Bad credentials or
  refresh token: HTTP 400 ``{"error": "invalid_grant", "error_description"}``.
  Calls then send ``Authorization: Bearer <access_token>``.
- Format by content negotiation: ``Accept: application/json`` (default) or
  ``application/xml``; a PUT body as ``application/json`` or
  ``application/xml`` (``Content-Type``). The adapter's format is configured.
- XML follows the docs' samples: root ``AccountDetail`` (GET and PUT body),
  ``UpdateAccountResult`` (PUT answer), ``xmlns:xsi`` with ``xsi:nil="true"``
  for nulls, ``_links`` of ``Link`` (rel, href, method, title?).

Endpoints
---------
- ``GET Account/{id}``: ``AccountDetail`` with every documented field and
  ``_links`` (self, list, update, delete, and ``related`` with title
  ``HeaderAccount`` when there is a header account).
- ``PUT Account/{id}``: the whole ``AccountDetail`` (``_links`` ignored) with
  the current ``LastUpdatedId``; answers ``UpdateAccountResult``
  {UpdatedAccountId, LastUpdatedId (new), UtcLastModified, _links}.
  ``LastUpdatedId`` is opaque: the Base64 of an 8-byte row version that
  changes on every update.
- ``GET Accounts``: ``Page`` from 1 (default 1), ``PageSize`` 1..100 (default
  25); filters ``IsActive``, ``IsBankAccount``, ``AccountType``,
  ``IncludeBuiltIn`` (default true), ``HeaderAccountId``, ``AccountLevel``.
  No filter by many ids. Answer: JSON ``{"Accounts": [AccountDetail
  fields + _links ...], "_links": [...]}``; XML ``<AccountListResponse>
  <Accounts><Account>...</Account>...</Accounts><_links/></AccountListResponse>``.
  No total count; ordered by ``Id``. A page past the end is empty.

Errors (ASP.NET Web API style)
------------------------------
JSON ``{"Message": "..."}``; XML ``<Error><Message>...</Message></Error>``.
Validation (HTTP 400) adds every problem at once: JSON ``"ModelState":
{"<Property>": ["message", ...]}``; XML ``<ModelState><Error
Property="<Property>">message</Error>...</ModelState>`` inside ``Error``.
- 400: missing or bad ``FileId``, bad paging or filter values, body not
  parseable, validation.
- 401: no or bad ``WsAccessKey`` / bearer token (expired included).
- 403: valid credentials without access to that ``FileId``.
- 404: no such account.
- 409: ``LastUpdatedId`` is not the latest (a concurrency conflict); the
  account is unchanged. A missing ``LastUpdatedId`` is a 400.
- 429 with ``Retry-After``: over the rate limit or the daily cap.

Validation on PUT (docs silent; Saasu conventions): ``Name`` required, at
most 75 characters; ``AccountType`` one of Income, Expense, Asset, Equity,
Liability, OtherIncome, OtherExpense, CostOfSales; ``AccountLevel`` Header or
Detail; ``HeaderAccountId`` must name a Header account (and only a Detail
account may have one); ``ExchangeAccountId`` must name an existing bank
account; ``Currency`` three upper-case letters; ``Id`` in the body, when
present, must equal the URL's id; ``IsBuiltIn`` is read-only (a change is a
400); bank fields (``BSB``, ``Number``, ``BankAccountName``, ...) only when
``IsBankAccount`` is true; ``BSB`` six digits.

Rate limit (vendor note): about one call a second and a daily cap; exceeding
the cap blocks for a day. With the ``rate_limit`` switch the sandbox applies
1 call/s with bursts of 2 and a configurable daily cap (default 5000); the
adapter paces itself to its configured rate so it never collects 429s, and
counts its calls against its configured daily cap, refusing them itself once
it is spent. The docs give no figure for the cap, nor when its day turns:
the gateway defaults to 3,000 calls (the smallest cap Saasu's plans
publish) and to a day turning at 00:00 UTC, both configurable.

Operations
----------
Each adapter method (``adapter.SaasuAdapter``) against the doc it follows:
- ``get_account(id)``: ``GET Account/{id}``, ``002_4bcfe0f2378c52fa.txt``.
- ``update_account(id, update)``: ``PUT Account/{id}``,
  ``004_7609af9fa12e9df1.txt``; sent once, never retried.
- ``list_accounts(page=, page_size=, is_active=, is_bank_account=,
  account_type=, include_built_in=, header_account_id=, account_level=)``:
  ``GET Accounts``, the README's vendor notes (no doc file).
- Internal (``auth.TokenAuth``): ``POST authorisation/token`` and ``POST
  authorisation/refresh``, the README's vendor notes.
The gateway's configuration defaults Saasu's ``rate_per_second`` to 1 and its
``daily_cap`` to ``adapter.DAILY_CAP`` (``adapter.default_client_settings``),
so pacing and counting, not 429s, keep it in limits.
"""
