"""Inline suppression comments: ``# ddlint: ignore[DDL301,DDL304]`` or bare ``# ddlint: ignore``."""

from __future__ import annotations

import re
from typing import Optional

from ddlint.patterns import lazy

# "ignore" ends the word ("# ddlint: ignored ..." is prose, not a suppression of every rule).
_INLINE = lazy(r"#\s*ddlint:\s*ignore(?:\[([A-Za-z0-9,\s]*)\]|(?![\w-]))", re.IGNORECASE)


def parse_inline_ignore(comment: str) -> Optional[tuple[str, ...]]:
    """The codes an inline comment suppresses: () for all, None when it is no suppression."""
    if not comment or (comment.isascii() and "ddlint:" not in comment.lower()):
        return None  # (only ASCII: IGNORECASE also matches U+0131 to "i", U+212A to "k")
    match = _INLINE.search(comment)
    if match is None:
        return None
    if match.group(1) is None:
        return ()
    return tuple(code.strip().upper() for code in match.group(1).split(",") if code.strip())
