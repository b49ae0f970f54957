"""Edits as JSON and SARIF carry them (1-based line and column, end exclusive), applied to a
file's text exactly, and rendered as the unified diff ``--diff`` prints."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Literal, Optional

from ddlint.model import Edit, shown
from ddlint.records import dataclass

# Edit is model data (a Diagnostic carries its fix's edits); this module is where fixing uses it.
__all__ = ["BOM", "Applicability", "Edit", "EditError", "Fix", "NoFix", "apply_edits",
           "apply_to_bytes", "decode", "encode", "line_starts", "offset", "position",
           "render_diff", "span_edit"]

Applicability = Literal["safe", "unsafe"]

BOM = "\ufeff"


class EditError(ValueError):
    """Edits that cannot be applied: overlapping, or outside the text."""


@dataclass(frozen=True)
class Fix:
    """A fix for one finding: its edits, what it does, and why it is unsafe when it is."""

    applicability: Applicability
    edits: tuple[Edit, ...]
    description: str
    why_unsafe: Optional[str] = None


@dataclass(frozen=True)
class NoFix:
    """Why no fix is offered. ``satisfied`` when the declaration already is what a fix would
    make it (the second ``--fix`` run), otherwise no automatic fix can be made."""

    reason: str
    satisfied: bool = False


def line_starts(text: str) -> list[int]:
    """Offsets where each line begins (lines end at ``\\n``; a ``\\r`` before it belongs to the
    line's end, so CRLF and LF files count columns alike)."""
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def position(starts: Sequence[int], offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of a 0-based offset."""
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low + 1, offset - starts[low] + 1


def offset(starts: Sequence[int], text_length: int, line: int, column: int) -> int:
    """The 0-based offset of a 1-based (line, column); raises EditError outside the text."""
    if not 1 <= line <= len(starts) or column < 1:
        raise EditError(f"position {line}:{column} is outside the text")
    end = starts[line] if line < len(starts) else text_length + 1
    found = starts[line - 1] + column - 1
    if found >= end:  # a column past the line's end (the newline itself is allowed)
        raise EditError(f"position {line}:{column} is outside the text")
    return found


def span_edit(path: PurePath, text: str, start: int, end: int, content: str, *,
              starts: Optional[Sequence[int]] = None) -> Edit:
    """An Edit replacing ``text[start:end]`` with ``content`` (``starts``: the text's
    ``line_starts``, computed when not given)."""
    if starts is None:
        starts = line_starts(text)
    line, column = position(starts, start)
    end_line, end_column = position(starts, end)
    return Edit(path, line, column, end_line, end_column, content)


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` applied, back to front; raises EditError when two edits overlap
    (two edits starting at the same place overlap too: their order would be a guess)."""
    starts = line_starts(text)
    spans = []
    for edit in edits:
        start = offset(starts, len(text), edit.line, edit.column)
        end = offset(starts, len(text), edit.end_line, edit.end_column)
        if end < start:
            raise EditError(f"edit ends before it starts at {edit.line}:{edit.column}")
        spans.append((start, end, edit.content))
    spans.sort(key=lambda span: (span[0], span[1]))
    for (start, end, _), (next_start, _, _) in zip(spans, spans[1:]):
        if next_start < end or next_start == start:
            raise EditError(f"overlapping edits at {position(starts, next_start)}")
    pieces, done = [], 0
    for start, end, content in spans:  # one pass: linear in the text and the edits
        pieces += [text[done:start], content]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def decode(data: bytes) -> tuple[str, bool]:
    """A file's bytes as text (UTF-8) and whether it began with a BOM; raises
    UnicodeDecodeError. Line endings are kept as they are."""
    text = data.decode("utf-8")
    if text.startswith(BOM):
        return text[1:], True
    return text, False


def encode(text: str, bom: bool) -> bytes:
    return ((BOM if bom else "") + text).encode("utf-8")


def apply_to_bytes(data: bytes, edits: Sequence[Edit]) -> bytes:
    """``apply_edits`` on a file's bytes: the BOM and every byte outside the edits kept."""
    text, bom = decode(data)
    return encode(apply_edits(text, edits), bom)


def render_diff(path: str, before: str, after: str) -> str:
    """A unified diff (3 lines of context) from ``a/path`` to ``b/path`` as git shows it; empty
    when nothing changed. ``path`` is the one the report shows (relative, ``/`` separators).
    Each line is rendered by ``model.shown``, as every value from a file is: an ESC, a CR
    inside a line, ``##[`` or a ``::`` workflow command (after white space too) in the file
    never reaches the terminal or the CI log (such a line no longer applies as a patch); a
    line's own end, ``\\n`` or ``\\r\\n``, is kept."""
    import difflib

    if before == after:
        return ""
    old, new = _lines(before), _lines(after)
    lines = []
    for line in difflib.unified_diff(old, new, f"a/{path}", f"b/{path}"):
        end = "\r\n" if line.endswith("\r\n") else "\n" if line.endswith("\n") else ""
        body = shown(line[:len(line) - len(end)])
        lines.append(body + (end or "\n\\ No newline at end of file\n"))
    return "".join(lines)


def _lines(text: str) -> list[str]:
    """Lines with their ends, split at ``\n`` only (str.splitlines also splits at form feeds
    and other separators that are no line end in these files)."""
    lines = text.split("\n")
    with_ends = [line + "\n" for line in lines[:-1]]
    return [*with_ends, lines[-1]] if lines[-1] else with_ends
