"""TOML dependency files read once, with positions: tomllib gives the values, a scan of the same
text gives the line and column of each lockfile entry or manifest string."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional, Union

from ddlint.model import Diagnostic, Location
from ddlint.parsers.base import invalid_file, read_text
from ddlint.records import dataclass, field

# tomllib (Python <= 3.13) and tomli put the position only in the message.
_ERROR_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)\s*$")
_ERROR_END = re.compile(r"\(at end of document\)\s*$")

Key = tuple[Union[str, int], ...]


@dataclass(frozen=True)
class Source:
    """A TOML file's text and document; ``document`` is None when it could not be parsed."""

    path: Path
    text: str
    document: Optional[dict[str, Any]]
    diagnostics: tuple[Diagnostic, ...]


def load(path: Path, unread: tuple[str, ...] = ()) -> Source:
    """Read and parse ``path``; a malformed file gives DDL001 at the position tomllib reports.
    Keys in ``unread`` are left out of the document where ``without`` can tell they are valid.
    """
    from ddlint import toml

    text, problem = read_text(path)
    found = (problem,) if problem is not None else ()
    if text is None:
        return Source(path, "", None, found)
    try:
        document = toml.loads(without(text, unread) if unread else text)
    except toml.TOMLDecodeError as error:
        line, column = error_position(error, text)
        message = _ERROR_POSITION.sub("", str(error)).strip()
        message = _ERROR_END.sub("", message).strip()
        return Source(path, text, None, (*found, invalid_file(
            Location(path, line, column), f"invalid TOML: {message}"
        )))
    return Source(path, text, document, found)


# A one-line inline table of plain strings and integers, as lock writers put a file's URL, hash,
# size and upload time: valid TOML by its shape alone (no escapes or control characters in the
# strings, no leading zeros in the integers).
_FLAT_VALUE = r'(?:"[^"\\\x00-\x1f\x7f]*"|-?(?:0|[1-9][0-9]{0,17}))'
_FLAT_TABLE = rf"\{{ ?[A-Za-z0-9_-]+ = {_FLAT_VALUE}(?:, [A-Za-z0-9_-]+ = {_FLAT_VALUE})* ?\}}"


@functools.lru_cache(maxsize=8)
def _assignments(keys: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(key) for key in keys)
    return re.compile(
        rf"^(?:{names}) = (?:{_FLAT_TABLE}|\[\n(?:[ \t]*{_FLAT_TABLE},\n)*\])$", re.MULTILINE
    )


def without(text: str, keys: tuple[str, ...]) -> str:
    """``text`` with each assignment of ``keys`` to a flat inline table, or to an array of them
    one per line, blanked (its lines kept empty, so positions do not move).

    tomllib spends most of a uv.lock's parse on its ``sdist`` and ``wheels`` lines (85% of the
    bytes; a 300-package lock parses in 26 ms instead of 150), which no rule reads. Only text
    that is valid TOML by its shape is blanked, so every syntax error is still reported; what
    is lost is a conflict involving them (``wheels`` twice in a table, a key twice in one of
    their inline tables).
    """
    return _assignments(keys).sub(lambda match: "\n" * match.group(0).count("\n"), text)


def error_position(error: Exception, text: str) -> tuple[int, int]:
    """The 1-based position of a TOML decoding error."""
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    if isinstance(line, int) and isinstance(column, int):
        return line, column
    match = _ERROR_POSITION.search(str(error))
    if match:
        return int(match.group(1)), int(match.group(2))
    if _ERROR_END.search(str(error)):
        lines = text.split("\n")
        return len(lines), len(lines[-1]) + 1
    return 1, 1


def entry_positions(text: str, array: str) -> list[tuple[str, int, int]]:
    """For each ``[[array]]`` table in order: its ``name = "..."`` value and the 1-based line
    and column of ``name`` (the header's position, and "" as the name, when it has none).

    Lock writers put ``name`` first under each header: the headers are found with
    ``str.find`` and the name matched right after each, so a 20 MB lockfile costs a few
    milliseconds. Any other layout takes the general scan, ``entry_positions_scan``.
    """
    header = f"[[{array}]]"
    found: list[tuple[str, int, int]] = []
    line, offset = 1, 0
    start = 0 if text.startswith(header) else _next_header(text, header, 0)
    while start >= 0:
        line += text.count("\n", offset, start)
        offset = start
        end = start + len(header)
        match = _NAME_AFTER_HEADER.match(text, end)
        if match is None:
            return entry_positions_scan(text, array)
        name = _name_value(match)
        name_line = line + text.count("\n", end, match.start("indent"))
        found.append((name, name_line, len(match.group("indent")) + 1))
        start = _next_header(text, header, end)
    return found


def _next_header(text: str, header: str, start: int) -> int:
    """The offset of the next line that starts with ``header``, or -1."""
    found = text.find("\n" + header, start)
    return found + 1 if found >= 0 else -1


_NAME_AFTER_HEADER = re.compile(
    r"[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*"
    r"(?P<indent>[ \t]*)name[ \t]*=[ \t]*(?:\"(?P<basic>(?:[^\"\\\n]|\\.)*)\""
    r"|'(?P<literal>[^'\n]*)')"
)


def _name_value(match: re.Match[str]) -> str:
    basic: Optional[str] = match.group("basic")
    if basic is None:
        return match.group("literal") or ""
    return _unescape(basic) if "\\" in basic else basic


def entry_positions_scan(text: str, array: str) -> list[tuple[str, int, int]]:
    """``entry_positions`` for any layout: one regex pass over every line start. An entry's
    keys come before its sub-tables, so the first ``name =`` after a header is the entry's."""
    pattern = _entry_pattern(array)
    found: list[tuple[str, int, int]] = []
    line, offset = 1, 0
    awaiting = False  # inside an entry whose name has not been seen yet
    for match in pattern.finditer(text):
        start = match.start()
        line += text.count("\n", offset, start)
        offset = start
        if match.group("entry") is not None:
            found.append(("", line, 1))
            awaiting = True
        elif match.group("other") is not None:
            awaiting = False
        elif awaiting:
            found[-1] = (_name_value(match), line, len(match.group("indent") or "") + 1)
            awaiting = False
    return found


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _entry_pattern(array: str) -> re.Pattern[str]:
    if array not in _PATTERNS:
        _PATTERNS[array] = re.compile(
            rf"^(?:(?P<entry>\[\[[ \t]*{re.escape(array)}[ \t]*\]\])|(?P<other>\[)"
            r"|(?P<indent>[ \t]*)name[ \t]*=[ \t]*(?:\"(?P<basic>(?:[^\"\\\n]|\\.)*)\""
            r"|'(?P<literal>[^'\n]*)'))",
            re.MULTILINE,
        )
    return _PATTERNS[array]


def _unescape(text: str) -> str:
    from ddlint import toml

    value = toml.loads(f'v = "{text}"')["v"]
    return str(value)


def located_entries(
    source: Source, array: str, entries: list[Any]
) -> Iterator[tuple[Any, Location]]:
    """Pair each parsed ``[[array]]`` entry with the location of its ``name`` line.

    When the scan and the parse disagree (an unusual layout), an entry falls back to the
    first unused ``name =`` line with its name, else to line 1.
    """
    positions = entry_positions(source.text, array)
    path = source.path
    names = [e.get("name") if isinstance(e, dict) else None for e in entries]
    if len(positions) == len(entries) and all(
        p[0] == n or not isinstance(n, str) for p, n in zip(positions, names)
    ):
        for entry, (_, line, column) in zip(entries, positions):
            yield entry, Location(path, line, column)
        return
    spare: dict[str, list[tuple[int, int]]] = {}
    for scanned, line, column in positions:
        spare.setdefault(scanned, []).append((line, column))
    for entry, name in zip(entries, names):
        queue = spare.get(name) if isinstance(name, str) else None
        if queue:
            line, column = queue.pop(0)
            yield entry, Location(path, line, column)
        else:
            yield entry, Location(path, 1, 1)


# --- manifests: the position of every key and string value -------------------------------

_TOKEN = re.compile(
    r"""
    (?P<newline>\n)
    | (?P<space>[ \t\r]+)
    | (?P<comment>\#[^\n]*)
    | (?P<mlbasic>\"\"\"(?:\\[\s\S]|[^\\])*?\"{3,5})
    | (?P<mlliteral>'''[\s\S]*?'{3,5})
    | (?P<basic>"(?:[^"\\\n]|\\.)*")
    | (?P<literal>'[^'\n]*')
    | (?P<punct>\[\[|\]\]|[\[\]{}=,.])
    | (?P<bare>[^\s\[\]{}=,\#"'.]+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    line: int
    column: int
    offset: int  # where it starts in the text (0-based)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    line, line_start = 1, 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "bare"
        value = match.group()
        if kind != "space":
            tokens.append(_Token(kind, value, line, match.start() - line_start + 1,
                                 match.start()))
        newlines = value.count("\n")
        if newlines:
            line += newlines
            line_start = match.start() + value.rindex("\n") + 1
    return tokens


@dataclass(frozen=True)
class Positions:
    """Where each key and value of a (valid) TOML document starts.

    Keys are paths as tomllib would index them: ``("project", "dependencies", 0)`` is the
    first string of ``[project] dependencies``; ``("tool", "poetry", "dependencies", "django")``
    the key ``django`` (or the header ``[tool.poetry.dependencies.django]``).
    """

    keys: dict[Key, tuple[int, int]]
    values: dict[Key, tuple[int, int]]
    comments: dict[int, str]  # line -> the comment on it
    # Each string value: its offset in the text and its text as written, quotes included
    # (the spans ``--fix`` edits, ``parsers.pyproject.declarations``).
    strings: dict[Key, tuple[int, str]] = field(default_factory=dict)

    def key(self, path: Location | Path, *key: Union[str, int]) -> Optional[Location]:
        return self._find(self.keys, path, key)

    def value(self, path: Location | Path, *key: Union[str, int]) -> Optional[Location]:
        return self._find(self.values, path, key)

    @staticmethod
    def _find(
        table: dict[Key, tuple[int, int]], path: Location | Path, key: Key
    ) -> Optional[Location]:
        where = table.get(key)
        if where is None:
            return None
        file = path.path if isinstance(path, Location) else path
        return Location(file, where[0], where[1])


_STRINGS = frozenset({"basic", "literal", "mlbasic", "mlliteral"})


def positions(text: str) -> Positions:
    """Scan a TOML text that tomllib accepted and note where every key and value starts (once
    per text and run: the parse and the fixes' spans share it)."""
    from ddlint import reading, toml

    if len(text) > toml.REMEMBERED_CHARS:
        return _positions(text)
    return reading.remembered(("toml positions", text), lambda: _positions(text))


def _positions(text: str) -> Positions:
    scanner = _Scanner(_tokens(text))
    scanner.document()
    return Positions(scanner.keys, scanner.values, scanner.comments, scanner.strings)


def _key_text(token: _Token) -> str:
    if token.kind in ("basic", "literal"):
        from ddlint import toml

        value = toml.loads(f"v = {token.text}")["v"]
        return str(value)
    return token.text


class _Scanner:
    """A recursive descent over the tokens of a valid TOML document."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.keys: dict[Key, tuple[int, int]] = {}
        self.values: dict[Key, tuple[int, int]] = {}
        self.comments: dict[int, str] = {}
        self.strings: dict[Key, tuple[int, str]] = {}
        self.array_tables: dict[Key, int] = {}

    def _peek(self) -> Optional[_Token]:
        while self.index < len(self.tokens):
            token = self.tokens[self.index]
            if token.kind == "comment":
                self.comments[token.line] = token.text
                self.index += 1
            elif token.kind == "newline":
                self.index += 1
            else:
                return token
        return None

    def _next(self) -> Optional[_Token]:
        token = self._peek()
        if token is not None:
            self.index += 1
        return token

    def document(self) -> None:
        table: Key = ()
        while (token := self._peek()) is not None:
            if token.text in ("[", "[["):
                self._next()
                name = self._dotted_key()
                self._next()  # "]" or "]]"
                if token.text == "[[":
                    count = self.array_tables.get(name, -1) + 1
                    self.array_tables[name] = count
                    table = (*name, count)
                else:
                    table = self._resolve(name)
                self.keys.setdefault(table, (token.line, token.column))
            else:
                self._key_value(table)

    def _resolve(self, name: Key) -> Key:
        """``[a.b]`` after ``[[a]]`` is a table inside a's last element."""
        resolved: list[Union[str, int]] = []
        for part in name:
            resolved.append(part)
            count = self.array_tables.get(tuple(resolved))
            if count is not None:
                resolved.append(count)
        return tuple(resolved)

    def _dotted_key(self) -> Key:
        parts: list[Union[str, int]] = []
        while True:
            token = self._next()
            if token is None:
                break
            parts.append(_key_text(token))
            following = self._peek()
            if following is None or following.text != ".":
                break
            self._next()
        return tuple(parts)

    def _key_value(self, table: Key) -> None:
        start = self._peek()
        key = self._dotted_key()
        full = (*table, *key)
        if start is not None:
            self.keys.setdefault(full, (start.line, start.column))
        self._next()  # "="
        self._value(full)

    def _value(self, path: Key) -> None:
        token = self._next()
        if token is None:
            return
        self.values.setdefault(path, (token.line, token.column))
        if token.kind in _STRINGS:
            self.strings.setdefault(path, (token.offset, token.text))
        if token.text == "[":
            index = 0
            while (item := self._peek()) is not None and item.text != "]":
                if item.text == ",":
                    self._next()
                    continue
                self._value((*path, index))
                index += 1
            self._next()
        elif token.text == "{":
            while (item := self._peek()) is not None and item.text != "}":
                if item.text == ",":
                    self._next()
                    continue
                self._key_value(path)
            self._next()
        elif token.kind == "bare":
            # A float, date or time is split by the tokenizer at "." (and ":" stays inside);
            # swallow the rest of it.
            while (more := self._peek()) is not None and (
                more.text == "." or (more.kind == "bare" and more.line == token.line)
            ):
                self._next()
                if more.text == ".":
                    self._next()
