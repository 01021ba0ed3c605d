"""A local prepaid Web API (OnSIP's): every action of the contract, over seeded data.

``create_app(SandboxConfig(...))`` serves ``/api`` (GET query string or POST
form, UTF-8; XML, or JSON with ``Output=json``), the Relax NG schemas at
``/rng/<Name>.rng``, and, besides the kit's ``/_sandbox/switches`` and
``/_sandbox/calls``, the charge ledger at ``GET /_sandbox/charges``
(``{"count": n, "charges": [...]}``; history, never reset). Calls to ``/api``
are counted by ``Action`` (``unknown`` when missing or not an action);
schema fetches as ``GET /rng/{name}``.

Choices of this sandbox where the docs and the contract are silent:

- Users: ``username`` (user id 1, role ``Account Admin``) and
  ``viewer_username`` (user id 2, role ``User`` only: every account action is
  refused with ``Authorization``; it may open and end sessions).
- Order of checks: every parameter first (all errors at once), then the
  session (``Authentication``), the role (``Authorization``), the record
  (``NotFound``), the card (``Declined``). ``SessionId`` missing is
  ``Required``; unknown or idle past ``session_idle_seconds`` is
  ``Authentication`` with ``Session/IsEstablished`` false. Any call naming a
  live session refreshes it, even an invalid one, and shows it in ``Context``.
- Parameters: a repeated name keeps its last value; POST form fields come
  after (so override) the query string; values are trimmed. Integers are
  ASCII digits with an optional sign; below the range (0 or less for an id)
  is ``TooSmall``, above ``TooBig``, anything else ``Invalid``. Booleans are
  ``true``/``false`` in any case. ``OrderBy`` matches ignoring case and
  spacing. ``Output`` other than ``json`` means XML. All parameters are
  echoed in order, ``Password`` as ``******``.
- ``CountryId``: a positive integer naming one of the countries in
  ``places.COUNTRIES`` (1 United States, 2 Canada, 3..8 others); another id is
  ``Invalid``. ``State`` is checked as two letters only, not against the
  country's list.
- ``AccountEditRecharge`` does not require the threshold to be below the level.
- ``AccountInvoiceBrowse`` with an ``AccountId`` of no account is
  ``NotFound`` (as in every other action), not an empty page.
- Top-up: refused ``Declined`` when no card is on file, the card expired
  (good through its expiration month, by today's UTC date) or its issuer
  declines it (about 3% of seeded cards; ``CreditCard.issuer_declines``).
  A refused top-up charges nothing. Balance may go up without limit.
- The preliminary invoice covers the month after the last stored invoice
  (after the month the account was opened, if none) and holds the recurring
  charges only (number rental, E911 fee, regulatory fee; no usage yet),
  taxed at the contact's current state's rate; ``Created`` is now.
- An internal fault (``SandboxConfig.faulty_account_ids``) answers the
  ``Exception`` document, code ``InternalError``, and changes nothing.
- Text parameters are stored as received: the docs set no rule on their
  characters. A stored value XML 1.0 cannot hold (NUL, another C0 control
  character but tab, LF and CR, U+FFFE, U+FFFF) cannot be written into an
  answer, so every answer that would carry it is the ``Exception`` document
  (HTTP 200, like any internal fault): the edit's own answer (it echoes its
  parameters), after the edit is stored, and every later action that
  answers that account.

Seeded data (``world.seed``, deterministic, no dependence on today): an
account per ``world.prepaid_ids()`` with a US contact (about 8% Canadian;
an account a billing account links has that billing customer as its contact,
``upstreams.sandboxing.customers``), a card on file for about 88% (about
10% of those expired), balances, credit limits and recharge settings within
the documented ranges; monthly invoices for whole months before 2026-11-01,
at least ``world.min_invoices`` in all, numbered from 100001 in billing-run
order (by month, then account); about 3% of accounts opened in November 2026
and have none yet.
"""

from upstreams.prepaid.sandbox.app import create_app
from upstreams.prepaid.sandbox.config import SandboxConfig

__all__ = ["SandboxConfig", "create_app"]
