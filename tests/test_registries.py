"""The format registries: one row per dependency-file format and per output format, each
naming a module that exists and does its job."""

from __future__ import annotations

import importlib
from pathlib import Path

from ddlint import file_formats, formatters, parsers
from ddlint.model import FileKind


def test_one_row_per_file_kind_with_its_parser() -> None:
    assert [row.kind for row in file_formats.FORMATS] == list(FileKind)
    for row in file_formats.FORMATS:
        assert callable(importlib.import_module(row.parser).parse), row.parser
        for name in row.names:
            assert parsers.detect(Path(name)) is row.kind


def test_the_lock_tools_commands_are_worded_from_the_rows() -> None:
    from ddlint import fixes
    from ddlint.model import DependencyFile

    for row in file_formats.FORMATS:
        if row.upgrade is None:
            continue
        file = DependencyFile(path=Path(row.names[0]), kind=row.kind)
        assert row.upgrade.format(name="django") in fixes.upgrade(file, "django", "django>=1.8")
        assert f"`{row.relock}`" in fixes.constrain(file, "aiopg", "aiopg<=0.16")


def test_help_names_every_file_format() -> None:
    from ddlint.cli import build_parser

    parser = build_parser()
    for row in file_formats.FORMATS:
        assert row.title in " ".join((parser.description or "").split())


def test_format_choices_come_from_the_output_registry() -> None:
    from ddlint.cli import build_parser

    action = next(a for a in build_parser()._actions if "--format" in a.option_strings)
    assert tuple(action.choices or ()) == tuple(row.name for row in formatters.OUTPUT_FORMATS)
    for row in formatters.OUTPUT_FORMATS:
        assert callable(importlib.import_module(row.module).render), row.module
