"""Strings that XML 1.0 cannot hold, refused before they reach an upstream that stores XML.

XML 1.0 has no way at all to write NUL, the other C0 control characters
(tab, LF and CR aside), U+FFFE, U+FFFF or a lone surrogate: not as text and
not as a character reference. An upstream that answers in XML and is sent
such a value stores it, then fails every answer that carries the record, and
each of those failures looks like an outage. So every string a mutation sends
to such an upstream is checked here first and refused as a user error on its
own field: the prepaid API (XML only), and Saasu and InvoiceXpress, which
serve every record in XML as well as JSON to whoever asks, whichever format
the gateway itself is configured to write.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from resolvers.errors import UserError
from resolvers.user_error_codes import UserErrorCode

CODE = UserErrorCode.INVALID_CHARACTER

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unwritable(value: str) -> str | None:
    """Where ``value`` first holds a character XML cannot carry (``U+0000 at character 3``)."""
    found = _NOT_XML.search(value)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X} at character {found.start() + 1}"


def xml_text_errors(fields: Iterable[tuple[list[str], object]]) -> list[UserError]:
    """A user error for each ``(path, value)`` whose string value XML cannot carry.

    Values that are not strings (unset, null, numbers) pass: only text is written as text.
    """
    errors = []
    for path, value in fields:
        where = unwritable(value) if isinstance(value, str) else None
        if where is not None:
            message = (
                f"{path[-1]} holds a character the upstream cannot store ({where}); "
                "control characters other than tab and line breaks are not allowed."
            )
            errors.append(UserError(field=path, message=message, code=CODE))
    return errors
