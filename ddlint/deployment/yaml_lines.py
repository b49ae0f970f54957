"""YAML read line by line, keeping line numbers: each ``key: value`` with the path of keys above
it. Real deployment YAML is often a template (``{{ }}``), several documents, or invalid as
YAML until a tool renders it; a line reader reads what it can of all of them and never fails.
Flow collections, anchors and multi-line scalars are not followed (their lines are skipped).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ddlint.patterns import lazy
from ddlint.records import dataclass

_KEY = lazy(r"""^(?P<key>"[^"]*"|'[^']*'|[^\s"'#:{}\[\],&*!|>-][^#:]*?|-[^\s#:][^#:]*?)"""
            r"""\s*:(?:\s+(?P<value>.*?)|)\s*$""")
_COMMENT = lazy(r"""(?:^|\s)#.*$""")


@dataclass(frozen=True)
class Entry:
    """One ``key: value`` line (``key`` "" for a list item's scalar), with the keys above it,
    the document it is in and the mapping it belongs to (entries of one mapping share
    ``mapping``)."""

    line: int
    path: tuple[str, ...]  # the keys above, outermost first
    key: str
    value: str  # unquoted; "" for a key that opens a block
    document: int
    mapping: int


def unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def entries(text: str) -> Iterator[Entry]:
    # frames: (indent, key or None for a list item, the id of the mapping its children form)
    stack: list[tuple[int, Optional[str], int]] = []
    document = 0
    mappings = 0
    top = 0  # the id of the document's top-level mapping
    for number, raw in enumerate(text.splitlines(), 1):
        if raw[:3] in ("---", "...") and raw[3:4] in ("", " ", "\t"):
            document += 1
            stack.clear()
            mappings += 1
            top = mappings
            continue
        content = raw.rstrip()
        stripped = content.lstrip(" ")
        if not stripped or stripped.startswith("#") or stripped.startswith("\t"):
            continue
        indent = len(content) - len(stripped)
        while stripped.startswith("- ") or stripped == "-":
            # a list item: it closes the items at or right of its dash, and keys right of it
            while stack and (stack[-1][0] > indent
                             or (stack[-1][0] == indent and stack[-1][1] is None)):
                stack.pop()
            mappings += 1
            stack.append((indent, None, mappings))
            indent += 2
            stripped = stripped[2:].lstrip(" ") if stripped != "-" else ""
        if not stripped:
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        current = stack[-1][2] if stack else top
        path = tuple(frame[1] for frame in stack if frame[1] is not None)
        match = _KEY.match(stripped)
        if match is None:
            yield Entry(number, path, "", _scalar(stripped), document, current)
            continue
        key = unquote(match.group("key"))
        value = _scalar(match.group("value") or "")
        yield Entry(number, path, key, value, document, current)
        if not value or value in ("|", ">", "|-", ">-"):
            mappings += 1
            stack.append((indent, key, mappings))


def _scalar(text: str) -> str:
    """A value without its comment and quotes."""
    text = text.strip()
    if text[:1] in ("'", '"'):
        end = text.find(text[0], 1)
        return text[1:end] if end > 0 else text[1:]
    return _COMMENT.sub("", text).strip()
