"""The GitHub Action's lint step (action.yml, via scripts/action-step.sh): ddlint runs once,
and that one report gives the SARIF file, the log in the chosen format, the job summary and
the step's outputs.

Inputs arrive in ``DDLINT_*`` environment variables (never expanded into a script). Every value
that reaches a workflow command is escaped, every output is written in ``$GITHUB_OUTPUT``'s
multi-line form, and the SARIF goes below ``$RUNNER_TEMP``, where a pull request cannot put a
file or folder of its own.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ddlint.formatters.github import escape_data
from ddlint.model import quoted, shown

if TYPE_CHECKING:
    from ddlint.engine import Report

FORMATS = ("github", "text", "json")
FAIL_LEVELS = ("error", "warning", "info", "never")
EXIT_USAGE = 2
# Events whose token cannot write code scanning alerts when the pull request comes from a fork.
_PULL_REQUEST_EVENTS = ("pull_request", "pull_request_review", "pull_request_review_comment")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SUMMARY_ROWS = 200


def error(message: str) -> None:
    """A workflow error annotation; the message is escaped, so no value can end it early or
    start a command of its own."""
    print(f"::error title=ddlint::{escape_data(message)}", flush=True)


def notice(message: str) -> None:
    print(f"::notice title=ddlint::{escape_data(message)}", flush=True)


def write_outputs(path: Path, values: Mapping[str, str]) -> None:
    """Append ``values`` to ``$GITHUB_OUTPUT`` in the delimiter form (``name<<DELIM``), with a
    random delimiter that the value does not contain: no value can add an output."""
    with path.open("a", encoding="utf-8", newline="\n") as out:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            while delimiter in value:  # not expected with 128 random bits
                delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            out.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def markdown(value: str, limit: int = 200) -> str:
    """A value from a file name or finding as Markdown table text: rendered by ``name_text``
    (``model.shown``: control and bidi characters escaped, the bytes of a name that is not
    UTF-8 as ``\\xNN``), Markdown punctuation (``|`` included) escaped, length capped."""
    from ddlint.formatters.fingerprint import name_text

    value = _CONTROL.sub("", name_text(value))
    if len(value) > limit:
        value = value[:limit] + "…"
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def summary_markdown(report: Report) -> str:
    """The job summary: a table of the active findings per file and rule."""
    from ddlint.formatters import repository_path, repository_root, summary
    from ddlint.rules import all_rules

    names = {entry.code: entry.name for entry in all_rules()}
    root = repository_root()
    counts: Counter[tuple[str, str, str]] = Counter(
        (repository_path(d.location.path, root), d.code, d.severity.label)
        for d in report.active)
    totals = summary(report)
    out = ["## ddlint", ""]
    out.append(f"{totals['files']} files, {totals['dependencies']} dependencies checked: "
               f"{totals['errors']} errors, {totals['warnings']} warnings, "
               f"{totals['infos']} info, {totals['suppressed']} suppressed.")
    out.append("")
    if counts:
        out += ["| file | rule | severity | findings |", "| --- | --- | --- | ---: |"]
        rows = sorted(counts.items())
        for (path, code, severity), count in rows[:_SUMMARY_ROWS]:
            rule = f"{code} {names.get(code, '')}".rstrip()
            out.append(f"| {markdown(path)} | {markdown(rule)} | {severity} | {count} |")
        if len(rows) > _SUMMARY_ROWS:
            out += ["", f"{len(rows) - _SUMMARY_ROWS} more rows are in the log and the SARIF."]
        out.append("")
    else:
        out += ["No findings.", ""]
    return "\n".join(out) + "\n"


def code_scanning_refusal(env: Mapping[str, str]) -> Optional[str]:
    """Why an upload to code scanning cannot work in this run, or None: a pull request from a
    fork gets a token that cannot write security events."""
    if env.get("GITHUB_EVENT_NAME", "") not in _PULL_REQUEST_EVENTS:
        return None
    try:
        event = json.loads(Path(env["GITHUB_EVENT_PATH"]).read_text(encoding="utf-8"))
        head = event["pull_request"]["head"]["repo"]
        head_name = head["full_name"] if head else None
    except (KeyError, OSError, TypeError, ValueError):
        return None  # no event to judge by: let the upload step try
    if head_name != env.get("GITHUB_REPOSITORY"):
        return ("this pull request comes from a fork, whose token cannot upload to code "
                "scanning")
    return None


def default_category(paths: Sequence[str]) -> str:
    if list(paths) == ["."]:
        return "ddlint"
    return "ddlint/" + re.sub(r"[^A-Za-z0-9._-]", "-", " ".join(paths))


def _sarif_path(env: Mapping[str, str]) -> Path:
    given = env.get("DDLINT_SARIF", "")
    if given:
        return Path(given)
    # A folder of our own below the runner's temp folder: nothing in the checkout can be in
    # the way (a pull request adding a folder named like the file), and two runs in a job
    # do not overwrite each other.
    base = env.get("RUNNER_TEMP") or None
    return Path(tempfile.mkdtemp(prefix="ddlint-", dir=base)) / "ddlint.sarif"


def _lint(argv: list[str]) -> Report | int:
    """Parse ``argv`` as ``ddlint`` does and lint once; the exit code where ddlint's command
    line stops before linting (the same checks as ``ddlint.cli.run``)."""
    from ddlint import cli, config
    from ddlint.engine import lint
    from ddlint.settings import Settings

    parser = cli.build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) or EXIT_USAGE
    if args.config is not None and not args.config.is_file():
        error(f"configuration file not found: {args.config}")
        return EXIT_USAGE
    paths = args.paths or [Path()]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            error(f"no such file or folder: {path}")
        return EXIT_USAGE
    try:
        report = lint(paths, Settings(), cli._overrides(args), args.config)
    except config.ConfigError as problem:
        error(str(problem))
        return EXIT_USAGE
    if not report.files:
        error("no dependency files found in " + ", ".join(p.as_posix() for p in paths)
              + ", so nothing was checked")
        return EXIT_USAGE
    return report


def main(env: Optional[Mapping[str, str]] = None) -> int:
    """The lint step; its exit code is 0 (the findings are in the outputs), 2 for a bad input
    or a file it cannot write, 3 for an error inside ddlint (never 1, never a traceback)."""
    env = os.environ if env is None else env
    try:
        return _main(env)
    except Exception as problem:  # a bug of ddlint: one annotation, the outputs still set
        return _internal_error(env, problem)


def _internal_error(env: Mapping[str, str], problem: Exception) -> int:
    from ddlint import cli

    if env.get("DDLINT_DEBUG"):
        import traceback

        traceback.print_exception(type(problem), problem, problem.__traceback__,
                                  file=sys.stderr)
    error(cli.internal_error_message(problem))
    if env.get("GITHUB_OUTPUT"):
        outputs = {"sarif-file": "", "category": env.get("DDLINT_CATEGORY", ""),
                   "exit-code": str(cli.EXIT_INTERNAL), "findings": "", "errors": "",
                   "upload": "false"}
        with contextlib.suppress(OSError):  # the annotation and the exit code still say it
            write_outputs(Path(env["GITHUB_OUTPUT"]), outputs)
    return cli.EXIT_INTERNAL


def _main(env: Mapping[str, str]) -> int:
    log_format = env.get("DDLINT_FORMAT", "github")
    if log_format not in FORMATS:
        error(f"format must be github, text or json, not {quoted(log_format)}")
        return EXIT_USAGE
    fail_on = env.get("DDLINT_FAIL_ON", "warning")
    if fail_on not in FAIL_LEVELS:
        error(f"fail-on must be error, warning, info or never, not {quoted(fail_on)}")
        return EXIT_USAGE
    upload = env.get("DDLINT_UPLOAD", "true")
    if upload not in ("true", "false"):
        error(f"upload must be true or false, not {quoted(upload)}")
        return EXIT_USAGE
    # Separated by white space, as the input's description says; no shell ever sees them.
    paths = env.get("DDLINT_PATHS", "").split() or ["."]
    extra = env.get("DDLINT_ARGS", "").split()
    fail = ["--exit-zero"] if fail_on == "never" else ["--fail-on", fail_on]
    report = _lint([*paths, *extra, *fail])
    if isinstance(report, int):
        return report

    from ddlint.cli import exit_code
    from ddlint.formatters import renderer
    from ddlint.output_file import OutputRefused, refuse_outside, write_report

    sarif = _sarif_path(env)
    try:
        # Refused before a folder is made: a committed link on the way would make it outside.
        refuse_outside(sarif)
        sarif.parent.mkdir(parents=True, exist_ok=True)
        write_report(sarif, renderer("sarif")(report), report.files)  # "\n" line ends
    except OutputRefused as refused:
        error(f"sarif-file: {refused}")
        return EXIT_USAGE
    except OSError as problem:
        error(f"cannot write the SARIF file {shown(sarif)}: {problem.strerror}")
        return EXIT_USAGE
    sys.stdout.write(renderer(log_format)(report))
    sys.stdout.flush()
    status = exit_code(report, fail_on == "never")

    if upload == "true":
        refusal = code_scanning_refusal(env)
        if refusal:
            notice(f"upload to code scanning skipped: {refusal}; the findings are in the log "
                   "and the job summary")
            upload = "false"
    active = report.active
    outputs = {
        "sarif-file": str(sarif),
        "category": env.get("DDLINT_CATEGORY", "") or default_category(paths),
        "exit-code": str(status),
        "findings": str(len(active)),
        "errors": str(sum(1 for d in active if d.severity.label == "error")),
        "upload": upload,
    }
    if env.get("GITHUB_OUTPUT"):
        write_outputs(Path(env["GITHUB_OUTPUT"]), outputs)
    if env.get("GITHUB_STEP_SUMMARY"):
        with Path(env["GITHUB_STEP_SUMMARY"]).open("a", encoding="utf-8") as out:
            out.write(summary_markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
