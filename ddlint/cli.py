"""The command line: ``ddlint [PATH ...]``, ``ddlint rules``, ``ddlint rule CODE``."""

from __future__ import annotations

import os
import sys

from ddlint import __version__

# Not typing.TYPE_CHECKING: `ddlint --version` imports nothing it does not print (mypy reads
# any constant of this name as true). Every other import waits for the function that needs it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    import datetime
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any, Callable, Optional

    from ddlint.engine import Report

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _typed(check: Callable[[str], Any]) -> Callable[[str], Any]:
    import argparse

    def convert(value: str) -> Any:
        try:
            return check(value)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    convert.__name__ = check.__name__.replace("check_", "")
    return convert


def _codes(value: str) -> list[str]:
    from ddlint import config

    return [config.check_code(code) for code in value.split(",") if code.strip()]


def _date(value: str) -> datetime.date:
    from ddlint import config

    return config.check_date(value)


def build_parser() -> argparse.ArgumentParser:
    import argparse
    from pathlib import Path

    from ddlint import config, file_formats, formatters
    from ddlint.model import Severity

    parser = argparse.ArgumentParser(
        prog="ddlint",
        description=(
            f"Check Python dependency files ({file_formats.described()}) against Datadog's "
            "compatibility requirements for the ddtrace tracer."
        ),
        epilog="Also: 'ddlint rules' lists every rule; 'ddlint rule CODE' explains one.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="dependency files or folders to check (default: the current folder)")
    out = parser.add_argument_group("output")
    out.add_argument("--format", choices=tuple(formatters.FORMATS), default=formatters.DEFAULT,
                     help=f"output format (default: {formatters.DEFAULT})")
    out.add_argument("--output", type=Path, metavar="FILE",
                     help="write the report to FILE; the terminal still gets the text summary")
    out.add_argument("--statistics", action="store_true",
                     help="show how many findings each rule reported")
    target = parser.add_argument_group("what the project runs on")
    target.add_argument("--python", action="append", type=_typed(config.check_python),
                        metavar="X.Y", help="a targeted CPython version (repeatable)")
    target.add_argument("--platform", action="append", type=_typed(config.check_platform),
                        metavar="NAME", help="a targeted platform, e.g. linux-x86_64 (repeatable)")
    target.add_argument("--tracer-version", type=_typed(config.check_version), metavar="V",
                        help="the ddtrace release in use when it is not in the files "
                             "(e.g. injected by single-step instrumentation)")
    target.add_argument("--agent-version", type=_typed(config.check_version), metavar="V",
                        help="the Datadog Agent version deployed")
    target.add_argument("--lambda-extension-version", type=_typed(config.check_version),
                        metavar="V", help="the Datadog Lambda Extension version deployed")
    target.add_argument("--serverless", action="store_true", default=None,
                        help="the project runs on AWS Lambda")
    target.add_argument("--today", type=_typed(_date), metavar="YYYY-MM-DD",
                        help="the as-of date for release lifecycle rules (default: today)")
    rules = parser.add_argument_group("rule selection")
    rules.add_argument("--select", action="append", type=_typed(_codes), metavar="CODES",
                       help="only these codes or prefixes, comma-separated")
    rules.add_argument("--ignore", action="append", type=_typed(_codes), metavar="CODES",
                       help="skip these codes or prefixes, comma-separated")
    rules.add_argument("--fail-on", type=_typed(Severity.parse), metavar="LEVEL",
                       help="lowest severity that fails the run: error, warning (default), info")
    rules.add_argument("--facts", action="append", type=_typed(config.check_fact_source),
                       metavar="{page,tracer}",
                       help="a source of facts (repeatable; default both): 'page' alone "
                            "leaves out the tracer's own data (DDL5xx and the clauses "
                            "quoting it)")
    rules.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when there are findings")
    adopt = parser.add_argument_group("baseline (adopting ddlint: fail only on new findings)")
    adopt.add_argument("--baseline", type=Path, metavar="FILE",
                       help="findings listed in FILE count as suppressed; entries that no "
                            "longer match are reported as fixed")
    adopt.add_argument("--write-baseline", type=Path, metavar="FILE",
                       help="write the current findings to FILE (pruning fixed entries) and "
                            "exit 0")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="use this configuration file instead of the nearest one")
    parser.add_argument("--version", action="version", version=f"ddlint {__version__}")
    return parser


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The command line's settings, which win over configuration files."""
    from pathlib import Path

    from ddlint import config

    def flat(groups: Optional[list[list[str]]]) -> Optional[tuple[str, ...]]:
        return tuple(code for group in groups for code in group) if groups else None

    return {
        "today": args.today,
        "python_versions": tuple(args.python) if args.python else None,
        "python_source": "--python" if args.python else None,
        "platforms": tuple(args.platform) if args.platform else None,
        "tracer_version": args.tracer_version,
        "agent_version": args.agent_version,
        "lambda_extension_version": args.lambda_extension_version,
        "serverless": args.serverless,
        "select": flat(args.select),
        "ignore": flat(args.ignore),
        "fail_on": args.fail_on,
        "baseline": Path(os.path.abspath(args.baseline)) if args.baseline else None,
        # Writing one: what is found now, whatever a configured baseline holds.
        "use_baseline": False if args.write_baseline is not None else None,
        "facts": config.check_facts(tuple(args.facts)) if args.facts else None,
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # what argparse prints, without importing it
        sys.stdout.write(f"ddlint {__version__}\n")
        return EXIT_OK
    if argv and argv[0] in ("rule", "rules"):  # lint a folder of that name as ./rules
        from ddlint import explain

        return explain.main(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.facts and "page" not in args.facts:
            parser.error("argument --facts: the compatibility page is always a source: "
                         "use --facts page, or both")
    except SystemExit as exit_:  # argparse has printed the usage error or --help/--version
        return int(exit_.code or 0)
    return run(args)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ddlint import config, file_formats, formatters
    from ddlint.engine import lint
    from ddlint.settings import Settings

    if args.config is not None and not _safely(args.config.is_file):
        print(f"ddlint: error: configuration file not found: {args.config}", file=sys.stderr)
        return EXIT_USAGE
    paths = args.paths or [Path()]
    missing = [p for p in paths if not _safely(p.exists)]
    if missing:
        for path in missing:
            print(f"ddlint: error: no such file or folder: {path}", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = lint(paths, Settings(), _overrides(args), args.config)
    except config.ConfigError as error:
        print(f"ddlint: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not report.files:
        where = ", ".join(p.as_posix() for p in paths)
        # An error, not "no findings": a CI job in the wrong folder must not pass green.
        print(f"ddlint: error: no dependency files found in {where}, so nothing was checked "
              f"(ddlint reads {file_formats.shown()})", file=sys.stderr)
        return EXIT_USAGE

    if args.write_baseline is not None:
        return _write_baseline(args.write_baseline, report)

    from ddlint.formatters.text import use_colour

    terminal = formatters.RenderOptions(colour=use_colour(sys.stdout), statistics=args.statistics)
    if args.output is None:
        sys.stdout.write(formatters.render(args.format, report, terminal))
        return exit_code(report, args.exit_zero)
    rendered = formatters.render(args.format, report)
    try:
        _write_atomically(args.output, rendered)
    except OSError as error:
        print(f"ddlint: error: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(formatters.render(formatters.TERMINAL, report, terminal))
    return exit_code(report, args.exit_zero)


def _write_baseline(path: Path, report: Report) -> int:
    from ddlint import baseline

    try:
        written = baseline.write(path, report.diagnostics, report.files)
        _write_atomically(path, written.text)
    except baseline.BaselineError as error:
        print(f"ddlint: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"ddlint: error: cannot write {path}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    pruned = f", {written.pruned} fixed pruned" if written.pruned else ""
    entries = f"{written.entries} finding{'s' if written.entries != 1 else ''}"
    print(f"ddlint: wrote {entries} to the baseline {path.as_posix()}{pruned}")
    return EXIT_OK


def _safely(check: Callable[[], bool]) -> bool:
    """``check()``, False where the file system refuses the path (a name too long)."""
    try:
        return check()
    except OSError:
        return False


def exit_code(report: Report, exit_zero: bool) -> int:
    """1 when a finding that is not suppressed is at or above the fail level."""
    if exit_zero:
        return EXIT_OK
    failed = report.failed
    if failed is None:  # a Report built by hand; lint() always sets it
        failed = any(d.severity >= report.settings.fail_on for d in report.active)
    return EXIT_FINDINGS if failed else EXIT_OK


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_atomically(path: Path, content: str) -> None:
    import tempfile
    from pathlib import Path

    folder = path.parent if str(path.parent) else Path()

    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
        # mkstemp creates the file for its owner only; give the report the mode a plain
        # write would (the file's own when it is replaced, else from the umask).
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
