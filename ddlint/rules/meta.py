"""Rules reported by the stages around the rule families: the parsers and the filter."""

from __future__ import annotations

from ddlint.model import Rule, Severity

INVALID_FILE = Rule(
    code="DDL001",
    name="invalid-file",
    severity=Severity.ERROR,
    summary="A dependency file that cannot be read or parsed.",
    why=(
        "A file ddlint cannot read is a file it cannot check: a malformed lockfile, a broken "
        "include or bytes that are not UTF-8 would otherwise hide every other finding in it. "
        "The finding points at the position the problem was found; the rest of the input is "
        "still checked."
    ),
    example="requirements.txt:\n\n    -r missing.txt\n    django==4.2.16\n",
    fix=(
        "Repair the file at the position given: fix the syntax, create the missing include, "
        "break the include cycle, or re-create the lockfile with the tool that wrote it."
    ),
    source="ddlint",
    tags=("correctness",),
)
IGNORE_EXPIRED = Rule(
    code="DDL901",
    name="ignore-expired",
    severity=Severity.WARNING,
    summary="A configured ignore whose expiry date has passed.",
    why=(
        "An accepted finding should be looked at again when its time is up. After the "
        "`expires` date the ignore stops applying, the finding it hid is reported again, "
        "and this rule points at the ignore in the configuration."
    ),
    example=(
        "pyproject.toml:\n\n    [[tool.ddlint.ignores]]\n    code = \"DDL301\"\n"
        "    package = \"django\"\n    reason = \"upgrade planned\"\n    expires = 2026-01-31\n"
    ),
    fix="Fix the finding, or extend `expires` with a reason that still holds.",
    source="ddlint",
    tags=("maintainability",),
)
IGNORE_UNUSED = Rule(
    code="DDL902",
    name="ignore-unused",
    severity=Severity.INFO,
    summary="A suppression that suppressed nothing.",
    why="An ignore that matches no finding is dead configuration and may hide a future one.",
    example="requirements.txt:\n\n    flask==3.0.3  # ddlint: ignore[DDL301]\n",
    fix="Remove the ignore.",
    source="ddlint",
    tags=("maintainability",),
)

RULES = (INVALID_FILE, IGNORE_EXPIRED, IGNORE_UNUSED)

