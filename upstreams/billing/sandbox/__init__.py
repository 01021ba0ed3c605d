"""A local stand-in for the billing REST API v8 (LogiSense), seeded from ``World``.

``create_app(SandboxConfig(...))`` serves the authorization server's
``POST /AuthorizationServer/api/v8/Access/Login`` and every documented
``/ResourceServer/api/v8/Account...`` endpoint, in the shapes of the docs'
samples and the rules of the wire contract (``upstreams/billing/__init__.py``).

The sandbox's own choices, where docs and contract are silent:

Authentication
- The login takes only ``application/x-www-form-urlencoded``. Refusals are
  HTTP 400 with ``error``: ``invalid_request`` (not a form),
  ``unsupported_grant_type``, ``invalid_client`` (wrong ``client_id``),
  ``invalid_grant`` (wrong user or password, unknown/used/expired refresh
  token). The answer has ``access_token``, ``token_type``, ``expires_in``,
  ``refresh_token``, ``.issued`` and ``.expires`` (RFC 1123 dates), and no
  ``trackingId``: that is a resource-server convention.
- Access tokens are HS256 JWTs signed with a secret made fresh per app, with
  ``exp`` = issue second + ``token_lifetime_seconds`` (0 gives a token that is
  already expired). Refresh tokens are opaque, live 14 days and are
  single-use: a refresh returns a new pair and retires the old refresh token.
- A missing, malformed, forged or expired bearer token is 401 with code
  ``Unauthorized`` and ``WWW-Authenticate: Bearer`` (``error="invalid_token"``
  when a token was sent). It comes before any record is looked up, so an
  unknown account is 401, not 404, without a token.

Paths, counting, errors
- Call-count keys are ``METHOD /template`` relative to the server's ``api/v8``
  base, as the docs write them: ``GET /Account/``, ``GET /Account/{id}``,
  ``POST /Account/{id}/Patch``, ``POST /Access/Login``. ``Account`` counts as
  ``Account/``. Paths are case-sensitive.
- An ``{id}`` that is not a positive whole number is a 404 like an unknown id.
  Unknown paths are 404 ``NotFound`` and wrong methods 405
  ``MethodNotAllowed``, both in the API's error shape with a ``trackingId``.

Records
- Lookup tables (``lookups``): currencies 1-5 (USD, CAD, EUR, GBP, AUD),
  status types, account types, bill groups, invoice deliveries, AR terms,
  tax categories, tax codes, payment gateways, contact types, contact point
  types, note types, tax types, users, owners, countries (US, CA) and states.
- Writes are recorded as made by user 2 (``api-user``) unless the body names a
  user; new accounts belong to owner 1.
- ``details.parent`` follows ``invoicerAccountId``: ``parentAccountId`` is the
  invoicer (``null`` for an account that invoices itself) and ``topAccountId``
  the top of that chain. ``isReadOnlyBillDay`` / ``isReadOnlyUsageBillDay`` are
  true when the (usage) invoicer is another account, until a write sets them
  (``null`` returns them to that).
  A new account invoiced through another takes its bill days unless the body
  sets them.
- ``id`` (undocumented beyond "Number") is a second, writable number that
  starts equal to ``identity``.
- Account text properties other than ``name`` allow 255 characters too; note
  ``text`` has no limit.
- ``GET Account/{id}/TaxAddress`` answers the account with ``details`` holding
  only ``taxAddresses``; ``.../AvailableFor`` adds the shared tax addresses of
  the account that invoices it.

Writes
- Only ``name`` is required of a new account; the rest default to currency 1,
  status 1 (Active), type 2 (Business), bill group 1, invoice delivery 1, AR
  terms 3 (Net 30), tax category 1, bill days 1, no tax code or payment
  gateway, and invoicing itself. A new contact defaults to contact type 1
  (Primary), a new note to note type 1 (General). Contact points and
  addresses are read-only: the docs show no way to write them.
- ``PUT`` changes only the properties the body carries (the docs: a PATCH
  item is "just like a put"); a full record works the same. A ``PUT
  Account/{id}`` body whose ``identity`` differs from ``{id}`` is refused.
- Numbers may come as JSON numbers or digit strings (the docs' samples send
  ``"15"``); answers always carry numbers. ``null`` in ``invoicerAccountId``,
  ``usageInvoicerAccountId`` or ``taxSettingAccountId`` means the account itself.
- An account that others name as invoicer, usage invoicer or tax setting
  account cannot be deleted: 400 ``InvalidValue`` listing them.
- Delete records list the deleted object first, then its children, with
  ``dtoTypeKey`` ``account``, ``contact``, ``contactPoint``, ``address``,
  ``note`` and ``taxAddress``. ``DELETE .../Contact`` and ``.../Note`` with a
  body delete every listed child or, if any is missing, none (404 naming each
  missing one). ``DELETE .../Contact/{contactId}`` ignores any body.
- PATCH: see ``patch``. An empty PATCH is 400 ``InvalidPatch``. Answer items
  carry ``identity``, ``action``, ``dtoTypeKey``, ``patchClientId`` and
  ``instance`` (for a delete, the record as it was); children deleted along
  with a record follow it with ``patchClientId`` null.
- Problems in a PATCH name their item after the message:
  ``'billDay' must be between 1 and 28 (accounts.items[0]).``
"""

from upstreams.billing.sandbox.app import VENDOR_LIMIT, create_app
from upstreams.billing.sandbox.config import SandboxConfig

__all__ = ["VENDOR_LIMIT", "SandboxConfig", "create_app"]
