"""Edits: applied exactly (back to front, overlaps refused), positions that count CRLF and LF
lines alike, a BOM kept, and the unified diff ``--diff`` prints."""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ddlint.fixing.edits import (
    Edit,
    EditError,
    apply_edits,
    apply_to_bytes,
    line_starts,
    position,
    render_diff,
    span_edit,
)

PATH = PurePath("requirements.in")


def test_edits_apply_back_to_front() -> None:
    text = "django>=1.5\naiopg>=0.12  # db\n"
    edits = [Edit(PATH, 1, 7, 1, 12, ">=1.8"), Edit(PATH, 2, 12, 2, 12, ",<=0.16")]
    assert apply_edits(text, edits) == "django>=1.8\naiopg>=0.12,<=0.16  # db\n"
    assert apply_edits(text, list(reversed(edits))) == apply_edits(text, edits)


def test_an_edit_across_lines_and_at_the_end() -> None:
    text = "a\nbc\nd"
    assert apply_edits(text, [Edit(PATH, 1, 2, 3, 1, "-")]) == "a-d"
    assert apply_edits(text, [Edit(PATH, 3, 2, 3, 2, "!")]) == "a\nbc\nd!"


@pytest.mark.parametrize("edits", [
    [Edit(PATH, 1, 1, 1, 4, "x"), Edit(PATH, 1, 3, 1, 5, "y")],
    [Edit(PATH, 1, 2, 1, 2, "x"), Edit(PATH, 1, 2, 1, 2, "y")],
    [Edit(PATH, 1, 2, 1, 2, "x"), Edit(PATH, 1, 2, 1, 4, "y")],
])
def test_overlapping_edits_are_refused(edits: list[Edit]) -> None:
    with pytest.raises(EditError, match="overlapping"):
        apply_edits("abcdef\n", edits)


def test_adjacent_edits_are_not_overlapping() -> None:
    edits = [Edit(PATH, 1, 1, 1, 3, "X"), Edit(PATH, 1, 3, 1, 5, "Y")]
    assert apply_edits("abcdef", edits) == "XYef"


@pytest.mark.parametrize("edit", [
    Edit(PATH, 3, 1, 3, 1, "x"), Edit(PATH, 1, 9, 1, 9, "x"), Edit(PATH, 1, 3, 1, 2, "x"),
    Edit(PATH, 0, 1, 1, 1, "x"),
])
def test_edits_outside_the_text_are_refused(edit: Edit) -> None:
    with pytest.raises(EditError):
        apply_edits("abc\nd", [edit])


def test_crlf_lines_count_columns_as_lf_lines() -> None:
    crlf, lf = "x = 1\r\ny = 2\r\n", "x = 1\ny = 2\n"
    edit = Edit(PATH, 2, 5, 2, 6, "3")
    assert apply_edits(crlf, [edit]) == "x = 1\r\ny = 3\r\n"
    assert apply_edits(lf, [edit]) == "x = 1\ny = 3\n"


def test_a_bom_is_kept_and_not_counted() -> None:
    data = "\ufeffdjango>=1.5\r\n".encode()
    assert apply_to_bytes(data, [Edit(PATH, 1, 7, 1, 12, ">=1.8")]) == \
        "\ufeffdjango>=1.8\r\n".encode()


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text(alphabet="ab\n\r#", max_size=40), st.data())
def test_span_edits_round_trip_through_line_and_column(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    content = data.draw(st.text(alphabet="xy\n", max_size=5))
    edit = span_edit(PATH, text, start, end, content)
    assert apply_edits(text, [edit]) == text[:start] + content + text[end:]
    assert position(line_starts(text), start) == (edit.line, edit.column)


def test_the_diff_is_a_git_style_unified_diff() -> None:
    before = "[project]\ndependencies = [\n  'django>=1.5',\n]\n"
    after = before.replace(">=1.5", ">=1.8")
    assert render_diff("pyproject.toml", before, after) == (
        "--- a/pyproject.toml\n"
        "+++ b/pyproject.toml\n"
        "@@ -1,4 +1,4 @@\n"
        " [project]\n"
        " dependencies = [\n"
        "-  'django>=1.5',\n"
        "+  'django>=1.8',\n"
        " ]\n")
    assert render_diff("pyproject.toml", before, before) == ""


def test_the_diff_marks_a_missing_final_newline_and_keeps_crlf() -> None:
    diff = render_diff("r.in", "a\r\ndjango>=1.5", "a\r\ndjango>=1.8")
    assert diff.splitlines(keepends=True)[-4:] == [
        "-django>=1.5\n", "\\ No newline at end of file\n",
        "+django>=1.8\n", "\\ No newline at end of file\n"]
    assert " a\r\n" in diff
    # Form feeds are no line ends (str.splitlines would split there).
    assert render_diff("r.in", "a\x0cb\n", "a\x0cc\n").count("\n-") == 1


def test_git_applies_the_diff(tmp_path: Path) -> None:
    before = "".join(f"line {n}\r\n" for n in range(20)) + "end"
    after = before.replace("line 3\r\n", "line three\r\n").replace("line 17\r\n", "")
    after = after.replace("end", "end!")
    diff = render_diff("f.txt", before, after)
    assert diff.count("@@ -") == 2
    (tmp_path / "f.txt").write_bytes(before.encode())
    (tmp_path / "fix.diff").write_bytes(diff.encode())
    subprocess.run(["git", "apply", "--unsafe-paths", "fix.diff"], cwd=tmp_path, check=True)
    assert (tmp_path / "f.txt").read_bytes() == after.encode()
