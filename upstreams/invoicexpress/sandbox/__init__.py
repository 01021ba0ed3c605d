"""A local InvoiceXpress: read and update the organisation's account, as the contract says.

``create_app(SandboxConfig(...))`` serves, besides the kit's
``/_sandbox/switches`` and ``/_sandbox/calls``:

- ``GET /api/accounts/{account-id}/get.json`` and ``get.xml``;
- ``PUT /api/accounts/{account-id}/update.json`` and ``update.xml``.

Calls are counted under their route templates, one key per suffix:
``GET /api/accounts/{account_id}/get.json``, ``GET .../get.xml``,
``PUT /api/accounts/{account_id}/update.json``, ``PUT .../update.xml``.
With the ``rate_limit`` switch on, the vendor's limit holds: 100 calls a
minute, bursts of 10.

Choices of this sandbox where the docs and the contract are silent:

- Checks run in order: the ``api_key`` (401 "Access denied"), the account
  (404 "Account not found"; an id that is not ASCII digits names none), the
  body (422). The key is compared in constant time; the host is not checked.
- A body is read in the path's format only: ``update.json`` wants
  ``Content-Type: application/json``, ``update.xml`` ``application/xml`` or
  ``text/xml`` (parameters such as ``charset`` aside). Another or no content
  type, a body that does not parse, one with no ``account`` object (or root
  element), a DOCTYPE, a repeated element, elements where text belongs, a
  JSON value that is neither a string nor an integer, or text XML cannot
  carry (control characters) is 422 "Request body is invalid", alone.
- JSON integers count as their decimal text (the docs send ``"terms": 1``);
  JSON ``null`` and XML ``nil="true"`` leave a member out; unknown members
  are ignored; text is taken as sent, never trimmed.
- An empty ``first_name``, ``last_name``, ``phone``, ``address`` or
  ``city`` clears it. An empty account ``password`` changes nothing (as
  Rails' ``has_secure_password``); any other is kept as a salted digest.
- Fiscal id: any text (the docs give no form or message for it, so no check
  digit is checked). A blank one on an account without any sets nothing.
  Sending a different one to an account that has one, and one another
  account holds, are each reported, both at once when both apply.
- Credentials: sending them replaces them whole (username and password are
  required each time; ``type``/``context`` default to ``AT``/``Sequences``
  when left out, while an empty one is invalid); they cannot be removed.
  ``Username is not valid.`` is a blank one (whitespace only counts as
  blank), otherwise ``^\\d{9}/`` (ASCII digits) must match its start. The
  password must be strict standard Base64 (padded, no whitespace) of at
  least one byte. The username need not name the account's fiscal id.
- Other checks: email ``local@domain.tld`` with no spaces; ``tax_country``
  one of the codes the docs name (1 Portugal, 2 Ireland, 3 UK; their
  appendix is not in our files); ``language`` pt, en or es; ``terms`` only
  ``1``; ``marketing`` ``0`` or ``1``; a blank ``organization_name`` is
  refused. 422 lists problems in field order (organisation name, email,
  fiscal id, tax country, language, terms, marketing, postal code, then the
  credentials' username, password, type, context); nothing changes.
- Answers: the account as the contract lists it, ``id`` a JSON number, every
  other member text (``tax_country``, ``terms``, ``marketing`` too, as the
  docs type them) or ``null``; in XML an unset member is an empty element and
  no type attributes are written. Success on update is 200 with the account.

Seeded data (from ``world.seed``, deterministic): ``world.invoicing_accounts``
Portuguese organisations, ids from 11001, in Lisbon and Porto by turns
(``DDDD-DDD`` postal codes of the city), each with a company NIF (50x/51x,
mod-11 check digit; distinct), an email on its own ``.pt`` domain, a contact
person and phone, ``tax_country`` 1, language pt (every third from the
second: en), terms accepted and credentials ``{NIF}/{n}``; except the one
before last, which has no credentials yet, and the last, newly signed up,
with neither a fiscal id nor credentials.
"""

from upstreams.invoicexpress.sandbox.app import create_app
from upstreams.invoicexpress.sandbox.config import SandboxConfig

__all__ = ["SandboxConfig", "create_app"]
