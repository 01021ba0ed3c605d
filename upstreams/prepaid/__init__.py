"""The prepaid Web API (OnSIP's, once Junction Networks): contract, adapter, sandbox.

Source of truth: ``shared/upstream-docs/000_9908b5119fa76254.txt`` and the
vendor notes in that folder's README. This docstring is the wire contract both
the adapter (``adapter.py``) and the sandbox (``sandbox/``) are written
against; it records every choice made where the docs are silent. The two
share no parsing or serialising code; they share only the Relax NG schemas in
``rng/``, which are the published contract (the real API links them from its
docs at ``/rng/<Name>.rng``; the sandbox serves them there too).

Transport
---------
- One endpoint: ``{base_url}/api``. ``Action`` and the other parameters go as
  query string (GET) or ``application/x-www-form-urlencoded`` fields (POST),
  UTF-8. The adapter reads with GET and changes state with POST.
- Every call but ``SessionCreate`` carries ``SessionId``.
- XML is the default answer (``Content-Type: text/xml; charset=UTF-8``).
  ``Output=json`` asks for the same document as JSON (the sandbox supports
  it; the adapter always uses XML, which it validates against ``rng/``).
- Every answer of the API itself is HTTP 200, errors included. Non-200
  answers only come from the network or the sandbox's fault switches.

Envelope (every element in namespace ``http://www.jnctn.net/ns/rest/2006-01``)
-----------------------------------------------------------------------------
::

    <Response>
      <Context>
        <Action>
          <IsCompleted>true|false</IsCompleted>
          <Errors><Error><Code/><Message/></Error>...</Errors>       refused action only
        </Action>
        <Request>
          <IsValid>true|false</IsValid>
          <DateTime>xsd:dateTime</DateTime>
          <Duration>milliseconds, integer</Duration>
          <Parameters>
            <Parameter><Name/><Value/></Parameter>...                echoed; Password as ******
          </Parameters>
          <Errors><Error><Parameter/><Code/><Message/></Error>...</Errors>   invalid request only
        </Request>
        <Session>
          <IsEstablished>true|false</IsEstablished>
          <SessionId/> <UserId/> <Roles><Role><Name/></Role>...</Roles>   when established
        </Session>
      </Context>
      <Result><ActionName>...</ActionName></Result>                  only when IsCompleted
    </Response>

An internal fault answers (HTTP 200) a separate document
``<Exception><Code/><Message/></Exception>`` in the same namespace.

Invalid request (``IsValid`` false, ``IsCompleted`` false, no ``Result``),
one ``Error`` per bad parameter, all at once. Codes:
``Required`` (missing or empty), ``Invalid`` (not an integer, not a boolean,
not in the allowed set, bad state code), ``TooSmall`` / ``TooBig`` (outside
the documented range), ``NotAllowed`` (a parameter that may not be combined:
``AccountInvoiceRead`` with both ``AccountId`` and ``AccountInvoiceId`` gives
``NotAllowed`` on ``AccountInvoiceId``; with neither gives ``Required`` on
``AccountId``). An unknown ``Action`` is ``Invalid`` on ``Action``.

Refused action (``IsValid`` true, ``IsCompleted`` false, no ``Result``). Codes:
``Authentication`` (bad username/password; or ``SessionId`` unknown or expired,
in which case ``Session/IsEstablished`` is false: a refused action did
nothing, so sending it again on a new session is safe), ``Authorization`` (the
session's user lacks the ``Account Admin`` role), ``NotFound`` (no such account
or invoice), ``Declined`` (a top-up whose card is missing, expired or declined:
no money moved).

Actions and their ``Result`` element
------------------------------------
- ``SessionCreate`` (``Username``, ``Password``; no session): ``<SessionCreate/>``;
  the session is in ``Context/Session``. Sessions expire after a configurable
  idle time (sandbox default 1800 s). ``SessionDestroy``: ``<SessionDestroy/>``.
- ``AccountRead``, ``AccountEditContact``, ``AccountEditCreditAdd``,
  ``AccountEditRecharge``: ``<ActionName><Account>...</Account></ActionName>``,
  the account as it is after the action.
- ``AccountInvoiceRead``: ``<AccountInvoiceRead><AccountInvoice>...``.
- ``AccountInvoiceBrowse``: ``<AccountInvoiceBrowse><AccountInvoices Limit=".."
  Offset=".." Found="..">`` then ``AccountInvoice`` elements. ``Found`` is
  present only when ``CalcFound`` is true. Choice where the docs are silent:
  like the vendor's other Browse actions, it takes an optional ``AccountId``
  filter (then only that account's invoices). ``Limit`` 1..1000 (default 20),
  ``Offset`` >= 0 (default 0), ``OrderBy`` one of ``AccountId``,
  ``AccountId Desc``, ``AccountInvoiceId``, ``AccountInvoiceId Desc``
  (default ``AccountInvoiceId``); ties under ``AccountId`` order by
  ``AccountInvoiceId`` ascending.

Validation (documented): ``AccountId``/``AccountInvoiceId`` positive integers;
top-up ``Amount`` integer 10..10000; ``Recharge`` true/false (also required),
``RechargeThreshold`` integer 5..5000, ``RechargeLevel`` integer 10..10000;
contact ``State`` two letters (A-Z, case-insensitive, stored upper case),
``CountryId`` positive integer; every contact parameter is required but
``Organization``, ``Address`` and ``Phone`` may be empty.

Text the answers cannot carry (docs silent; choice): no rule is published on
the characters of text parameters, and the API takes them as sent. But every
answer is XML, and XML 1.0 cannot hold NUL, the other C0 control characters
(tab, LF and CR aside), U+FFFE or U+FFFF; a record holding one can no longer
be written, so every answer carrying it is an internal fault (the
``Exception`` document), the edit's own answer included. The gateway never
sends such text (``resolvers.xml_text``); the sandbox stores it and faults.

Records
-------
``Account``: ``AccountId``; ``Contact`` (``Name``, ``Organization``,
``Address``, ``City``, ``State``, ``Zipcode``, ``CountryId``, ``Country`` (the
country's name), ``Phone``, ``Email``; text elements always present, possibly
empty); ``CreditCard`` (absent when no card is on file: ``Type`` one of
``Visa``, ``MasterCard``, ``AmericanExpress``, ``Discover``; ``Name``;
``LastFour``, four digits; ``ExpirationMonth`` 1..12; ``ExpirationYear``, four
digits; never the full number); ``Balance`` and ``CreditLimit`` (dollars,
decimal with two places, balance may be negative); ``Recharge`` (boolean);
``RechargeThreshold`` and ``RechargeLevel`` (whole dollars); ``Created`` and
``Modified`` (xsd:dateTime with offset). All amounts are US dollars.

``AccountInvoice``: ``AccountInvoiceId`` (absent on a preliminary invoice);
``AccountId``; ``Preliminary`` (boolean); ``PeriodStart``, ``PeriodEnd``
(xsd:date); ``Created`` (xsd:dateTime); ``Items`` holding ``Item`` elements
(``Description``, ``Quantity`` integer, ``UnitPrice`` decimal, ``Amount``
decimal with two places); ``Subtotal``, ``Tax``, ``Total`` (two places).
A preliminary invoice covers the next monthly period after the account's last
invoice and is computed, not stored.

Money: ``AccountEditCreditAdd`` charges the card on file once per call it
receives and adds ``Amount`` to ``Balance``. The API has no idempotency token
(vendor note), so the adapter never sends it twice on its own.

Rate limit: none published; the sandbox's ``rate_limit`` switch applies
10 calls/s with bursts of 20.

Operations
----------
How ``adapter.PrepaidAdapter`` covers the doc file (``000_9908b5119fa76254.txt``)
and the vendor notes; reads are GET, everything else POST:

- The shared session: vendor notes, ``Action=SessionCreate``, opened lazily by
  the first call and renewed before it idles out; it is left to expire.
- ``start_session()`` and ``end_session(session_id)``: vendor notes,
  ``Action=SessionCreate`` and ``Action=SessionDestroy``, for a session that
  carries one top-up only (see the adapter's docstring).
- ``read_account(account_id)``: "Account Read", ``Action=AccountRead``.
- ``edit_contact(account_id, contact)``: "Account Edit Contact",
  ``Action=AccountEditContact``.
- ``add_credit(account_id, amount, session)``: "Account Credit Add",
  ``Action=AccountEditCreditAdd`` (schema ``AccountEditAddCredit.rng``).
- ``edit_recharge(account_id, recharge=, threshold=, level=)``: "Account
  Recharge", ``Action=AccountEditRecharge``.
- ``read_invoice(account_invoice_id)``: "Account Invoice Read",
  ``Action=AccountInvoiceRead`` with ``AccountInvoiceId``.
- ``read_preliminary_invoice(account_id)``: "Account Invoice Read",
  ``Action=AccountInvoiceRead`` with ``AccountId``.
- ``browse_invoices(order_by=, limit=, offset=, calc_found=, account_id=)``:
  "Account Invoice Browse", ``Action=AccountInvoiceBrowse``.
"""
