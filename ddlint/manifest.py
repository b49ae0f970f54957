"""What a pyproject.toml document declares, read the same way by the project stage and the
pyproject parser."""

from __future__ import annotations

from typing import Any, Optional


def table(value: Any) -> dict[str, Any]:
    """``value`` when it is a table; a manifest may hold anything where a table belongs."""
    return value if isinstance(value, dict) else {}


def requires_python(document: dict[str, Any]) -> Optional[str]:
    """``[project] requires-python``, else Poetry's ``python`` dependency in PEP 440 words;
    None when neither is there or Poetry's cannot be translated (the parser reports that)."""
    declared = table(document.get("project")).get("requires-python")
    if isinstance(declared, str):
        return declared
    poetry = table(table(table(document.get("tool")).get("poetry")).get("dependencies"))
    constraint = poetry.get("python")
    if isinstance(constraint, str):
        from ddlint.poetry_constraints import to_pep440

        try:
            return to_pep440(constraint)
        except ValueError:
            return None  # reported with the dependencies
    return None


def python_as_written(document: dict[str, Any]) -> Optional[tuple[str, str]]:
    """The key and text of the declaration ``requires_python`` reads, as the file says them
    (Poetry's ``python = "^3.8"``, not its PEP 440 translation), for messages to quote."""
    declared = table(document.get("project")).get("requires-python")
    if isinstance(declared, str):
        return "requires-python", declared
    poetry = table(table(table(document.get("tool")).get("poetry")).get("dependencies"))
    constraint = poetry.get("python")
    if isinstance(constraint, str):
        return "python", constraint
    return None
