"""Issue 15 items 10-15, the pieces: the one rendering of values (``model.shown``), the hook
mode's split of pre-commit's words (``cli.hook_words``) and where ``--output`` writes
(``ddlint.output_file``). The end-to-end reproductions are in tests/test_hostile_inputs.py."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ddlint.cli import AmbiguousHookWords, hook_words
from ddlint.formatters import json_text
from ddlint.formatters.fingerprint import name_text
from ddlint.model import quoted, shown
from tests.conftest import EXIT_FINDINGS, EXIT_USAGE

REPORT_INPUT = {"requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n"}


# -- model.shown -------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "rendered"), [
    ("requirements.txt", "requirements.txt"),  # nothing to escape: unchanged
    ("café/ü.txt", "café/ü.txt"),  # printable Unicode stays
    ("a\nb\rc\td", "a\\nb\\rc\\td"),
    ("\x1b[2J\x07\x00", "\\x1b[2J\\x07\\x00"),
    ("\x7f\x85\x9b", "\\x7f\\x85\\x9b"),
    ("\u202eevil\u2066\u2069\u200f\u061c", "\\u202eevil\\u2066\\u2069\\u200f\\u061c"),
    ("line\u2028break", "line\\u2028break"),
    ("caf\udce9", "caf\\xe9"),  # a byte that is not UTF-8 (surrogateescape)
    ("x##[command]y ###[z", "x##\\x5bcommand]y ###\\x5bz"),
    ("::error::x", "\\x3a:error::x"),  # a workflow command cannot start the value
    ("a::b", "a::b"),
])
def test_shown_escapes_what_a_log_acts_on(value: str, rendered: str) -> None:
    assert shown(value) == rendered
    assert shown(rendered) == rendered  # rendering twice changes nothing more


def test_shown_caps_the_length_before_escaping() -> None:
    assert shown("\n" * 1000, 3) == "\\n\\n\\n..."
    assert len(shown("x" * 10_000_000, 200)) == 203


def test_quoted_is_repr_made_safe() -> None:
    assert quoted("django") == "'django'"
    assert quoted("a\x1b##[b") == "'a\\x1b##\\x5bb'"
    assert quoted("x" * 100) == repr("x" * 40 + "...")


def test_name_text_is_shown() -> None:
    assert name_text("caf\udce9/\x1b") == shown("caf\udce9/\x1b") == "caf\\xe9/\\x1b"


def test_json_text_is_lossless_and_safe() -> None:
    document = {"v": "5.0.8##[command]\x1b\x9b\u202e\n::set-env\udce9", "k\x7f": [1, "\u2066"]}
    text = json_text(document)
    assert json.loads(text) == document
    assert "##[" not in text
    assert not [c for c in text if c != "\n" and (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0
                                                  or c in "\u202e\u2066")]
    text.encode("utf-8")  # no lone surrogate left raw


# -- cli.hook_words ----------------------------------------------------------------------------

def test_hook_words_take_the_existing_names_at_the_end(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("requirements.txt", "--output=requirements.txt", "3.12", "-r.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    passed = ["requirements.txt", "--output=requirements.txt", "-r.txt"]
    assert hook_words(["--format", "text", *passed]) == (["--format", "text"], passed)
    # A '--' ends the options, also when a name after it looks like one.
    hostile_first = sorted(passed)  # as pre-commit passes them: git's order
    assert hook_words(["--python", "3.12", "--", *hostile_first]) == (
        ["--python", "3.12"], hostile_first)
    # A value naming an existing file that pre-commit never passes (no dependency file) stays
    # the option's value.
    assert hook_words(["--python", "3.12", *passed]) == (["--python", "3.12"], passed)
    assert hook_words(passed) == ([], passed)
    assert hook_words(["--format", "json"]) == (["--format", "json"], [])
    # A word that is a complete option and a name pre-commit could pass: never guessed.
    with pytest.raises(AmbiguousHookWords, match=r"--output=requirements\.txt: an option"):
        hook_words(["--format", "text", *hostile_first])


def test_hook_mode_options_and_names(write: Any, ddlint: Any) -> None:
    root = write(REPORT_INPUT)
    result = ddlint("--pre-commit", "--format", "json", "--today", "2026-11-25", "--",
                    "requirements.txt", cwd=root, today=False)
    assert result.code == EXIT_FINDINGS
    assert "DDL301" in {d["code"] for d in result.json()["diagnostics"]}


@pytest.mark.parametrize("spelling", [["--config", "cfg.toml"], ["--config=cfg.toml"],
                                      ["--config", "cfg.toml", "--"]])
def test_hook_mode_a_value_that_names_a_file(write: Any, ddlint: Any,
                                            spelling: list[str]) -> None:
    root = write({**REPORT_INPUT, "cfg.toml": "ignore = ['DDL1', 'DDL2']\n"})
    result = ddlint("--pre-commit", "--format", "json", "--today", "2026-11-25", *spelling,
                    "requirements.txt", cwd=root, today=False)
    assert result.code == EXIT_FINDINGS, result.err
    assert result.codes() == ["DDL301"]  # the configuration was read


def test_hook_mode_without_names_checks_nothing(write: Any, ddlint: Any) -> None:
    root = write(REPORT_INPUT)
    result = ddlint("--pre-commit", "--format", "json", cwd=root, today=False)
    assert (result.code, result.out) == (0, "")


def test_pre_commit_must_come_first(write: Any, ddlint: Any) -> None:
    root = write(REPORT_INPUT)
    result = ddlint("requirements.txt", "--pre-commit", cwd=root)
    assert result.code == EXIT_USAGE and "--pre-commit must be the first word" in result.err


def test_no_abbreviated_options(write: Any, ddlint: Any) -> None:
    root = write(REPORT_INPUT)
    result = ddlint("requirements.txt", "--out", "x.json", cwd=root)
    assert result.code == EXIT_USAGE
    assert not (root / "x.json").exists()


# -- --output ------------------------------------------------------------------------------------

def test_output_through_a_link_to_a_file_replaces_the_file(write: Any, ddlint: Any) -> None:
    root = write({**REPORT_INPUT, "reports/old.json": "old"})
    (root / "report.json").symlink_to("reports/old.json")
    result = ddlint("requirements.txt", "--format", "json", "--output", "report.json", cwd=root)
    assert result.code == EXIT_FINDINGS
    assert (root / "report.json").is_symlink()
    assert json.loads((root / "reports/old.json").read_text(encoding="utf-8"))["summary"]


def test_output_to_a_dangling_link_is_refused(write: Any, ddlint: Any, tmp_path: Path) -> None:
    root = write(REPORT_INPUT)
    elsewhere = tmp_path / "elsewhere" / "created.txt"
    elsewhere.parent.mkdir()
    (root / "report.json").symlink_to(elsewhere)
    result = ddlint("requirements.txt", "--output", "report.json", cwd=root)
    assert result.code == EXIT_USAGE and "symlink to nothing" in result.err
    assert not os.path.lexists(elsewhere)


def test_output_to_a_folder_is_refused(write: Any, ddlint: Any) -> None:
    root = write({**REPORT_INPUT, "out/x": ""})
    result = ddlint("requirements.txt", "--output", "out", cwd=root)
    assert result.code == EXIT_USAGE and "is a folder" in result.err


def test_output_never_replaces_an_included_file(write: Any, ddlint: Any) -> None:
    root = write({"requirements.txt": "-r base.txt\n",
                  "base.txt": REPORT_INPUT["requirements.txt"]})
    result = ddlint("requirements.txt", "--output", "base.txt", cwd=root)
    assert result.code == EXIT_USAGE
    assert (root / "base.txt").read_text(encoding="utf-8") == REPORT_INPUT["requirements.txt"]
