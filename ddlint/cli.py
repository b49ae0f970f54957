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
    from types import SimpleNamespace
    from typing import Any, Callable, NoReturn, Optional, Union

    Arguments = Union[argparse.Namespace, SimpleNamespace]

    from ddlint.autofix import Plan
    from ddlint.engine import Report

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
# An error inside ddlint itself: never 1, which scripts and the Action read as "findings".
EXIT_INTERNAL = 3
# A closed standard output (`ddlint | head`): quiet, with the status a shell gives a program
# that SIGPIPE ended (128 + 13), as `grep`, `cat` or `git log` end there. Not 0 (the report
# was not delivered whole), not 1 ("findings"), not 3 (no bug of ddlint). Others differ: ruff
# exits 0 quietly (its PR 13485), pip prints "Pipe to stdout was broken" and exits 1 (120 when
# Python's own last flush fails), flake8 7 prints a traceback (its issue 1943). Python's
# documentation ("Note on SIGPIPE") points stdout at devnull, as ``closed_output`` does.
EXIT_BROKEN_PIPE = 141
# The first word of the pre-commit hook's entry (`ddlint --pre-commit`); see hook_words.
HOOK_MODE = "--pre-commit"
# The sub-commands: name -> (module, one line for --help). The module has
# ``arguments(parser, name)``, which adds its own arguments and help to a parser already holding
# the SHARED options, and ``run(args, overrides) -> int`` (``overrides``: the shared options as
# settings, what ``engine.lint`` and ``loader.load_project`` take; ``args.config`` the
# --config file). The shared options and the paths go before or after the name.
SUBCOMMANDS = {
    "rules": ("ddlint.explain", "list the rules ('--format json' for tools)"),
    "rule": ("ddlint.explain", "explain one rule: 'ddlint rule DDL301'"),
    "constraints": ("ddlint.constraints", "print the supported ranges as constraints "
                                          "('--format uv' for [tool.uv])"),
    "facts": ("ddlint.about_facts", "the sources of ddlint's facts, their dates and age; "
                                    "'ddlint facts update' refreshes the ddtrace release list "
                                    "(the one command that uses the network)"),
    "deployment": ("ddlint.deployment.command", "list the Agent, Lambda Extension, Lambda "
                                                "layer and tracer versions read from the "
                                                "deployment files ('--format json' for tools)"),
}
# The options every sub-command takes (what the project runs on, its facts, its configuration).
SHARED = ("--python", "--platform", "--tracer-version", "--agent-version",
          "--lambda-extension-version", "--serverless", "--today", "--facts", "--facts-file",
          "--config")


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



def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil: $COLUMNS, else the
    terminal of standard output, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _options() -> tuple[tuple[Optional[str], str, dict[str, Any]], ...]:
    """Every option but ``--help`` and ``--version``: (its --help group, its flag, the keywords
    of ``add_argument``, ``type`` the plain check). ``build_parser`` gives them to argparse;
    ``_simple_args`` reads the command lines a hook and a CI job write without it."""
    from pathlib import Path

    from ddlint import config, formatters
    from ddlint.model import Severity

    output, fixing = "output", "fixing"
    target, rules = "what the project runs on", "rule selection"
    adopt = "baseline (adopting ddlint: fail only on new findings)"
    return (
        (output, "--format", {"choices": tuple(formatters.FORMATS), "default": formatters.DEFAULT,
                              "help": f"output format (default: {formatters.DEFAULT})"}),
        (output, "--output", {"type": Path, "metavar": "FILE",
                              "help": "write the report to FILE; the terminal still gets the "
                                      "text summary"}),
        (output, "--statistics", {"action": "store_true",
                                  "help": "show how many findings each rule reported"}),
        (output, "--quiet", {"action": "store_true", "aliases": ("-q",),
                             "help": "the findings only: no notes, no summary line, nothing "
                                     "said of fixes or a baseline written"}),
        (output, "--show-settings", {"action": "store_true",
                                     "help": "print what each dependency file is checked "
                                             "with (its project, configuration, settings, "
                                             "targets, tracer) and exit 0"}),
        (output, "--stdin-filename", {"type": Path, "metavar": "NAME",
                                      "help": "read one dependency file from standard input, "
                                              "checked as if it were at NAME (an editor's "
                                              "unsaved buffer); no other path"}),
        (fixing, "--fix", {"action": "store_true",
                           "help": "apply the safe fixes to pyproject.toml and hand-written "
                                   "requirements files (never a lockfile), then report what "
                                   "remains"}),
        (fixing, "--unsafe-fixes", {"action": "store_true",
                                    "help": "with --fix or --diff, also apply the unsafe fixes "
                                            "(an exact pin replaced, another tracer release "
                                            "line, requires-python raised)"}),
        (fixing, "--diff", {"action": "store_true",
                            "help": "print the unified diff of what --fix would write, write "
                                    "nothing; exit 1 when there is a change"}),
        (target, "--python", {"action": "append", "type": config.check_python, "metavar": "X.Y",
                              "help": "a targeted CPython version; X.Yt: its free-threaded "
                                      "build (repeatable)"}),
        (target, "--platform", {"action": "append", "type": config.check_platform,
                                "metavar": "NAME",
                                "help": "a targeted platform, e.g. linux-x86_64 (repeatable)"}),
        (target, "--tracer-version", {"type": config.check_version, "metavar": "V",
                                      "help": "the ddtrace release in use when it is not in the "
                                              "files (e.g. injected by single-step "
                                              "instrumentation)"}),
        (target, "--agent-version", {"type": config.check_version, "metavar": "V",
                                     "help": "the Datadog Agent version deployed"}),
        (target, "--lambda-extension-version", {"type": config.check_version, "metavar": "V",
                                                "help": "the Datadog Lambda Extension version "
                                                        "deployed"}),
        (target, "--serverless", {"action": "store_true", "default": None,
                                  "help": "the project runs on AWS Lambda"}),
        (target, "--today", {"type": _date, "metavar": "YYYY-MM-DD",
                             "help": "the as-of date for release lifecycle rules (default: "
                                     "today)"}),
        (rules, "--select", {"action": "append", "type": _codes, "metavar": "CODES",
                             "help": "only these codes or prefixes, comma-separated"}),
        (rules, "--ignore", {"action": "append", "type": _codes, "metavar": "CODES",
                             "help": "skip these codes or prefixes, comma-separated"}),
        (rules, "--fail-on", {"type": Severity.parse, "metavar": "LEVEL",
                              "help": "lowest severity that fails the run: error, warning "
                                      "(default), info"}),
        (rules, "--facts", {"action": "append", "type": config.check_fact_source,
                            "metavar": "{page,tracer}",
                            "help": "a source of facts (repeatable; default both): 'page' "
                                    "alone leaves out the tracer's own data (DDL5xx and the "
                                    "clauses quoting it)"}),
        (rules, "--facts-file", {"type": Path, "metavar": "FILE",
                                 "help": "read the ddtrace release facts from FILE (`ddlint "
                                         "facts update --output FILE` writes one) instead of "
                                         "the cache and the shipped snapshot"}),
        (rules, "--exit-zero", {"action": "store_true",
                                "help": "exit 0 even when there are findings"}),
        (adopt, "--baseline", {"type": Path, "metavar": "FILE",
                               "help": "findings listed in FILE count as suppressed; entries "
                                       "that no longer match are reported as fixed"}),
        (adopt, "--write-baseline", {"type": Path, "metavar": "FILE",
                                     "help": "write the current findings to FILE (pruning "
                                             "fixed entries) and exit 0"}),
        (None, "--config", {"type": Path, "metavar": "FILE",
                            "help": "use this configuration file instead of the nearest one"}),
        (None, HOOK_MODE, {"action": "store_true",
                           "help": "as the first word only: pre-commit's hook mode, where the "
                                   "file names pre-commit appends are never read as options "
                                   "(README: pre-commit)"}),
    )


def _simple_args(words: Sequence[str]) -> Optional[SimpleNamespace]:
    """The options of a well-formed command line as argparse would give them, read without
    importing or building argparse (a fifth of a hook's run on a small file); None for
    anything else (``--help``, an unknown or abbreviated option, a value argparse would refuse),
    which argparse then reads and reports.

    The same table as argparse's (``_options``): a flag sets True; a value option takes the
    next word (or ``--flag=value``) through the same check, the last one winning or, for a
    repeatable one, appended; the paths are the words not starting with ``-``, wherever they
    are (argparse's ``parse_intermixed_args``).
    ``tests/test_cli.py`` compares it with argparse on many command lines.
    """
    from pathlib import Path
    from types import SimpleNamespace

    table, long_of = _option_table()
    if not all(map(_simply_read, table.values())):
        return None  # an option it cannot read changes even the lines that do not use it
    values: dict[str, Any] = {"paths": []}
    for flag, keywords in table.items():
        default = False if keywords.get("action") == "store_true" else None
        values[_dest(flag)] = keywords.get("default", default)
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if not word.startswith("-"):
            values["paths"].append(Path(word))
            continue
        flag, equals, value = word.partition("=")
        flag = long_of.get(flag, flag)
        spec = table.get(flag)
        if spec is None or flag == HOOK_MODE:
            return None
        action = spec.get("action")
        if action == "store_true":
            if equals:
                return None
            values[_dest(flag)] = True
            continue
        if not equals:
            if index == len(words) or words[index].startswith("-"):
                return None
            value = words[index]
            index += 1
        if "choices" in spec and value not in spec["choices"]:
            return None
        try:
            converted = spec["type"](value) if "type" in spec else value
        except ValueError:
            return None
        if action == "append":
            values[_dest(flag)] = [*(values[_dest(flag)] or []), converted]
        else:
            values[_dest(flag)] = converted
    args = SimpleNamespace(**values)
    return None if _values_problem(args) is not None else args


# What ``_simple_args`` reads of an option's ``add_argument`` keywords: a flag
# (``store_true``), or one value (no action) or a repeatable one (``append``), through
# ``type`` and ``choices``, and the table's own ``aliases`` (short spellings). Any other keyword
# (``nargs``, ``const``, ``dest``, ``required``, ...) or action (``count``, ``store_const``,
# ``extend``, a class, ...) sends every command line to argparse; ``tests/test_cli.py`` fails
# for such an option in the table.
_SIMPLE_KEYWORDS = frozenset({"action", "type", "choices", "default", "metavar", "help",
                              "aliases"})
_SIMPLE_ACTIONS = (None, "store_true", "append")


def _simply_read(keywords: dict[str, Any]) -> bool:
    """Whether ``_simple_args`` reads an option with these keywords as argparse does."""
    return keywords.keys() <= _SIMPLE_KEYWORDS and keywords.get("action") in _SIMPLE_ACTIONS


def _option_table() -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """``_options`` by flag, and the long flag of each short spelling (``-q``: ``--quiet``)."""
    table = {flag: keywords for _, flag, keywords in _options()}
    long_of = {alias: flag for flag, keywords in table.items()
               for alias in keywords.get("aliases", ())}
    return table, long_of


def _dest(flag: str) -> str:
    return flag[2:].replace("-", "_")


def new_parser(**kwargs: Any) -> argparse.ArgumentParser:
    """An argparse parser as every ddlint command uses it: no abbreviated option (``--out`` is
    not ``--output``), usage errors (which repeat the words given) rendered by
    ``model.shown``, and the help as wide as argparse would make it."""
    import argparse

    from ddlint.model import shown

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            super().error(shown(message, 300))

    class _Formatter(argparse.HelpFormatter):
        """argparse's formatter, given the width argparse would compute: argparse asks
        ``shutil.get_terminal_size`` for it, and importing shutil (with zlib, bz2 and lzma)
        costs a hook run more than building the whole parser."""

        def __init__(self, prog: str, **kwargs: Any) -> None:
            if kwargs.get("width") is None:
                kwargs["width"] = _terminal_columns() - 2  # as argparse does
            super().__init__(prog, **kwargs)

    return _Parser(allow_abbrev=False, formatter_class=_Formatter, **kwargs)


def _add_options(parser: argparse.ArgumentParser, flags: Optional[Sequence[str]] = None,
                 group_of: Optional[Callable[[Optional[str]], Optional[str]]] = None) -> None:
    """The options of ``_options`` (those of ``flags``, else all) added to ``parser``, each in
    its --help group (renamed by ``group_of``)."""
    from pathlib import Path

    groups: dict[Optional[str], Any] = {None: parser}
    for group, flag, keywords in _options():
        if flags is not None and flag not in flags:
            continue
        group = group_of(group) if group_of is not None else group
        if group not in groups:
            groups[group] = parser.add_argument_group(group)
        keywords = dict(keywords)
        aliases = keywords.pop("aliases", ())
        check = keywords.get("type")
        if check is not None and check is not Path:
            keywords["type"] = _typed(check)
        groups[group].add_argument(flag, *aliases, **keywords)
        if flag == "--config" and flags is None:
            parser.add_argument("--version", action="version", version=f"ddlint {__version__}")


def build_parser() -> argparse.ArgumentParser:
    from pathlib import Path

    from ddlint import file_formats

    parser = new_parser(
        prog="ddlint",
        description=(
            f"Check Python dependency files ({file_formats.described()}) against Datadog's "
            "compatibility requirements for the ddtrace tracer."
        ),
        epilog="Sub-commands (each with --help; the options of 'what the project runs on', "
               "--facts and --config go before or after the name): " + "; ".join(
                   f"'ddlint {name}': {said}" for name, (_, said) in SUBCOMMANDS.items()),
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="dependency files or folders to check (default: the current folder)")
    _add_options(parser)
    return parser


def _subcommand(words: Sequence[str]) -> Optional[tuple[str, list[str]]]:
    """The sub-command a command line names, with the other words: its name is the first word
    that is neither an option nor an option's value (``ddlint --today 2026-11-25
    constraints``); None when that word is a path (``ddlint a rules`` checks a folder named
    rules, as ``ddlint ./rules`` does) or there is none."""
    if not any(word in SUBCOMMANDS for word in words):
        return None
    takes_value = {flag for _, flag, keywords in _options()
                   if keywords.get("action") not in ("store_true", "version")}
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--":
            return None
        if word == "-" or not word.startswith("-"):
            if word in SUBCOMMANDS:
                return word, [*words[:index], *words[index + 1:]]
            return None
        index += 2 if word in takes_value else 1
    return None


def _run_subcommand(name: str, words: Sequence[str]) -> int:
    import importlib

    module = importlib.import_module(SUBCOMMANDS[name][0])
    parser = new_parser(prog=f"ddlint {name}")
    module.arguments(parser, name)
    _add_options(parser, SHARED, group_of=lambda group: "shared options" if group else group)
    try:
        args = parser.parse_intermixed_args(list(words))
        _check_values(parser, args)
    except SystemExit as exit_:  # argparse has printed the usage error or --help
        return int(exit_.code or 0)
    status: int = module.run(args, _overrides(args))
    return status


def _overrides(args: Arguments) -> dict[str, Any]:
    """The command line's settings, which win over configuration files."""
    from pathlib import Path
    from types import SimpleNamespace

    from ddlint import config

    def flat(groups: Optional[list[list[str]]]) -> Optional[tuple[str, ...]]:
        return tuple(code for group in groups for code in group) if groups else None

    if not hasattr(args, "select"):  # a sub-command's: the SHARED options only
        args = SimpleNamespace(**{**{_dest(flag): None for _, flag, _ in _options()},
                                  **vars(args)})
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
        "facts_file": Path(os.path.abspath(args.facts_file)) if args.facts_file else None,
    }


def console_main() -> NoReturn:
    """The ``ddlint`` command (and ``python -m ddlint``): :func:`main`, in a process that ends
    with it. See :func:`_run_and_end`."""
    _run_and_end(main)


def pre_commit_console() -> NoReturn:
    """The ``ddlint-pre-commit`` command: :func:`pre_commit_main`, as :func:`console_main`
    (with :func:`main`'s handlers)."""
    _run_and_end(lambda: _handled(pre_commit_main, None))


def _run_and_end(entry: Callable[[], int]) -> NoReturn:
    """Run ``entry`` and end the process with its status, cheaply: a pre-commit hook's run is
    mostly start-up and shut-down (``benchmarks/bench.py``).

    - The collector's young generation is made larger: importing and parsing allocate many
      objects and almost no cyclic garbage, and the default threshold (700) collected hundreds
      of times for nothing. Memory stays bounded: the collector still runs.
    - Once the output is flushed the process ends with ``os._exit``, as mypy does: tearing down
      some 130 modules and their objects is work nobody waits for. Every file ddlint writes
      (``--fix``, ``--output``, a baseline) is closed and renamed into place before ``entry``
      returns, and ddlint registers no exit handler.
    """
    import gc

    gc.set_threshold(100_000, 50, 100)
    try:
        status = entry()
    except SystemExit as exit_:  # argparse's --help and usage errors
        if exit_.code is None or isinstance(exit_.code, int):
            status = exit_.code or 0
        else:
            print(exit_.code, file=sys.stderr)
            status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipeError:  # the end of the report, in the buffer, could not be written
            status = EXIT_BROKEN_PIPE
        except (OSError, ValueError):  # a closed stream
            status = status or 1
    os._exit(status)


def main(argv: Optional[Sequence[str]] = None) -> int:
    return _handled(_main, argv)


def _handled(entry: Callable[[Optional[Sequence[str]]], int],
             argv: Optional[Sequence[str]]) -> int:
    """``entry(argv)``, with a closed standard output and an error inside ddlint turned into
    their exit codes."""
    try:
        return entry(argv)
    except BrokenPipeError:  # `ddlint | head`: the reader has what it wanted
        return closed_output()
    except Exception as error:  # a bug of ddlint: its own exit code, one line, no traceback
        return internal_error(error)


def closed_output() -> int:
    """Standard output's reader went away: what is still buffered for it goes to devnull, so
    that the final flush neither fails nor prints, and the status is ``EXIT_BROKEN_PIPE``."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    except (AttributeError, OSError, ValueError):  # no stdout, or one without a descriptor
        pass
    return EXIT_BROKEN_PIPE


def internal_error(error: Exception) -> int:
    """Report an error inside ddlint on one line of stderr (the traceback with
    ``DDLINT_DEBUG=1``) and give its exit code, 3."""
    if os.environ.get("DDLINT_DEBUG"):
        import traceback

        traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
    print(f"ddlint: {internal_error_message(error)}", file=sys.stderr)
    return EXIT_INTERNAL


def internal_error_message(error: Exception) -> str:
    """What an error inside ddlint is reported as (the CLI's stderr, the Action's annotation)."""
    from ddlint.model import quoted

    return (f"internal error ({type(error).__name__}: {quoted(str(error), 80)}); this is a bug "
            f"in ddlint {__version__}, please report it with the command that caused it "
            "(DDLINT_DEBUG=1 shows the traceback)")


def _main(argv: Optional[Sequence[str]]) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # what argparse prints, without importing it
        sys.stdout.write(f"ddlint {__version__}\n")
        return EXIT_OK
    if argv and argv[0] == HOOK_MODE:
        return pre_commit_main(argv[1:])
    named = _subcommand(argv)
    if named is not None:
        return _run_subcommand(*named)
    simple = _simple_args(argv)
    if simple is not None:
        return run(simple)
    parser = build_parser()
    try:
        args = parser.parse_intermixed_args(argv)
        if args.pre_commit:
            parser.error(f"{HOOK_MODE} must be the first word")
        _check_values(parser, args)
    except SystemExit as exit_:  # argparse has printed the usage error or --help/--version
        return int(exit_.code or 0)
    return run(args)


def _check_values(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """What argparse cannot say of one option alone (exits through ``parser.error``)."""
    problem = _values_problem(args)
    if problem is not None:
        parser.error(problem)


def _values_problem(args: Arguments) -> Optional[str]:
    """What is wrong with the options together, or None (``_simple_args`` leaves such a
    command line to argparse, ``_check_values`` reports it)."""
    if args.facts and "page" not in args.facts:
        return ("argument --facts: the compatibility page is always a source: "
                "use --facts page, or both")
    return None


class AmbiguousHookWords(ValueError):
    """The hook's command line cannot be split into options and file names with certainty."""


def hook_words(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """pre-commit's command line after the entry (the hook's ``args:``, then the file names it
    appends, with no ``--`` between them) -> (options, file names).

    The first ``--`` ends the options (pre-commit never passes a file of that name: it
    matches no name the hook's ``files`` takes). Without one, the file names are the run of
    words at the end that name something that exists (every name pre-commit passes does), so
    no name pre-commit passes is read as an option (a file named ``--output=requirements.txt``)
    and, where that run reaches into the options ``args:`` begins with (a committed
    ``--config=ci/ddlint.toml`` beside the user's option of that spelling), no option is
    dropped: a word that is a complete option there and could not be a name pre-commit
    passes (not a file, or not one of the dependency files the hook's ``files`` names) stays
    an option. When a word could be either, ``AmbiguousHookWords``: the hook stops (exit 2)
    rather than run with an option fewer or obey a committed file name.
    """
    if "--" in words:
        end = words.index("--")
        return list(words[:end]), list(words[end + 1:])
    start = len(words)
    while start > 0 and _exists(words[start - 1]):
        start -= 1
    bounds = _option_bounds(words)
    last = bounds[-1]
    if last <= start:
        return list(words[:start]), list(words[start:])
    possible = [bound for bound in bounds
                if bound >= start and all(_passable(word) for word in words[bound:last])]
    if len(possible) > 1:
        from ddlint.model import shown

        either = " ".join(shown(word, 100) for word in dict.fromkeys(words[possible[0]:last]))
        raise AmbiguousHookWords(
            f"{either}: an option of the hook's `args:`, or a file pre-commit passed? ddlint "
            "cannot tell, and will neither drop an option nor obey a file name; end `args:` "
            "with `--` (README: pre-commit)")
    return list(words[:last]), list(words[last:])


def _option_bounds(words: Sequence[str]) -> list[int]:
    """0 and the end of each complete option (``--flag``, ``--option=value``, ``--option
    value``) the words begin with, up to the first word that is none (the option table of
    ``_options``)."""
    table, long_of = _option_table()
    bounds, index = [0], 0
    while index < len(words):
        flag, equals, _ = words[index].partition("=")
        flag = long_of.get(flag, flag)
        spec = table.get(flag)
        if spec is None or flag == HOOK_MODE:
            break
        width = 1 if equals or spec.get("action") == "store_true" else 2
        if index + width > len(words) or (equals and spec.get("action") == "store_true"):
            break
        index += width
        bounds.append(index)
    return bounds


def _passable(name: str) -> bool:
    """Whether pre-commit could pass ``name`` to the hook: a file its ``files`` pattern takes
    (one of the names ddlint reads)."""
    from pathlib import Path

    from ddlint.discovery import explicit_kind

    try:
        return os.path.isfile(name) and explicit_kind(Path(name)) is not None
    except (OSError, ValueError):
        return False


def _exists(name: str) -> bool:
    try:
        return os.path.lexists(name)
    except (OSError, ValueError):  # ValueError: a NUL byte
        return False


def pre_commit_main(argv: Optional[Sequence[str]] = None) -> int:
    """The hook mode (``ddlint --pre-commit``, or the ``ddlint-pre-commit`` command): options
    from ``args:``, then the file names pre-commit passes, split by ``hook_words``."""
    from pathlib import Path

    try:
        options, names = hook_words(list(sys.argv[1:] if argv is None else argv))
    except AmbiguousHookWords as ambiguous:
        print(f"ddlint: error: pre-commit hook mode: {ambiguous}", file=sys.stderr)
        return EXIT_USAGE
    args: Optional[Arguments] = _simple_args(options)
    if args is None:
        parser = build_parser()
        try:
            args = parser.parse_intermixed_args(options)
            _check_values(parser, args)
        except SystemExit as exit_:
            if exit_.code:
                print("ddlint: note: in pre-commit, `args:` holds options only; end it with "
                      "`--` when its last option's value is an existing file", file=sys.stderr)
            return int(exit_.code or 0)
    args.paths = [*args.paths, *(Path(name) for name in names)]
    if not args.paths:
        return EXIT_OK  # pre-commit passed no file: nothing changed that ddlint reads
    return run(args)


def run(args: Arguments) -> int:
    from pathlib import Path

    from ddlint import config, file_formats
    from ddlint.engine import lint
    from ddlint.model import shown
    from ddlint.settings import Settings

    if args.config is not None and not _safely(args.config.is_file):
        print(f"ddlint: error: configuration file not found: {shown(args.config)}",
              file=sys.stderr)
        return EXIT_USAGE
    stdin = args.stdin_filename
    if stdin is not None:
        refused = _stdin_problem(args)
        if refused is not None:
            print(f"ddlint: error: --stdin-filename {refused}", file=sys.stderr)
            return EXIT_USAGE
    paths = [stdin] if stdin is not None else args.paths or [Path()]
    missing = [p for p in paths if p != stdin and not _safely(p.exists)]
    if missing:
        for path in missing:
            print(f"ddlint: error: no such file or folder: {shown(path)}", file=sys.stderr)
        return EXIT_USAGE
    from ddlint.discovery import explicit_kind, governs

    if any(not _safely(p.is_dir) and explicit_kind(p) is None for p in paths):
        from ddlint.deployment import checked_for

        # A deployment file stands for the dependency files it applies to (the hook passes
        # the changed ones); one that declares nothing has nothing to check.
        given = len(paths)
        paths = checked_for(paths)
        if given and not paths:
            return EXIT_OK
    # A file named explicitly in a format ddlint does not read (setup.cfg, setup.py, ...) is
    # told, not parsed as something else; the hook's `files` pattern never passes one. A
    # .python-version or a configuration stands for the files it governs.
    unread = [p for p in paths
              if not _safely(p.is_dir) and explicit_kind(p) is None and not governs(p)]
    for path in unread:
        level = "error" if len(unread) == len(paths) else "warning"
        print(f"ddlint: {level}: {shown(path.as_posix())} "
              f"is not a dependency file ddlint reads (ddlint reads {file_formats.shown()}); "
              f"not checked", file=sys.stderr)
    if unread and len(unread) == len(paths):
        return EXIT_USAGE
    paths = [p for p in paths if p not in unread]
    if args.facts_file is not None:
        problem = config.facts_file_problem(args.facts_file)
        if problem is not None:
            print(f"ddlint: error: --facts-file: {problem}", file=sys.stderr)
            return EXIT_USAGE
    from ddlint import reading

    # One session: the fixes are computed from the bytes the run judged (each file read once),
    # and the report shows the lines it judged (an editor's buffer read from stdin).
    with reading.session():
        if stdin is not None:
            try:
                reading.provide(stdin, sys.stdin.buffer.read(reading.MAX_BYTES + 1))
            except OSError as error:
                print(f"ddlint: error: --stdin-filename {shown(stdin)}: {error.strerror}",
                      file=sys.stderr)
                return EXIT_USAGE
            except (AttributeError, ValueError):  # no standard input, or a closed one
                print("ddlint: error: --stdin-filename: standard input cannot be read",
                      file=sys.stderr)
                return EXIT_USAGE
        if args.show_settings:
            from ddlint import show_settings

            try:
                sys.stdout.write(show_settings.render(paths, _overrides(args), args.config))
            except config.ConfigError as error:
                print(f"ddlint: error: {error}", file=sys.stderr)
                return EXIT_USAGE
            return EXIT_OK
        try:
            report = lint(paths, Settings(), _overrides(args), args.config)
        except config.ConfigError as error:
            print(f"ddlint: error: {error}", file=sys.stderr)
            return EXIT_USAGE
        plan = None
        if report.files and any(d.fix_request is not None for d in report.diagnostics):
            from ddlint import autofix

            report = autofix.attach(report)
            # --fix and --diff work from the bytes the run judged: nothing is read again
            if args.fix or args.diff:
                plan = autofix.plan(report, args.unsafe_fixes)
        if not args.fix:  # --fix lints again after writing: outside this session's bytes
            return _reported(args, paths, report, plan)
    return _reported(args, paths, report, plan)


def _stdin_problem(args: Arguments) -> Optional[str]:
    """Why --stdin-filename cannot be used with the other options given, or None."""
    if args.paths and [os.fspath(p) for p in args.paths] != ["-"]:
        return "reads one file from standard input: give no other path (or '-')"
    for flag in ("fix", "diff", "write_baseline"):
        if getattr(args, flag) not in (None, False):
            return f"cannot be used with --{flag.replace('_', '-')}: it writes nothing"
    return None


def _reported(args: Arguments, paths: list[Path], report: Report,
              plan: Optional[Plan] = None) -> int:
    """The report written where it was asked for, and the exit code (``plan``: what --fix
    and --diff change, made in the run's reading session)."""
    from ddlint import file_formats, formatters
    from ddlint.model import shown

    if not report.files:
        where = ", ".join(shown(p.as_posix()) for p in paths)
        # An error, not "no findings": a CI job in the wrong folder must not pass green.
        print(f"ddlint: error: no dependency files found in {where}, so nothing was checked "
              f"(ddlint reads {file_formats.shown()})", file=sys.stderr)
        return EXIT_USAGE

    if args.write_baseline is not None:
        return _write_baseline(args.write_baseline, report, args.quiet)

    if args.fix or args.diff:
        fixed = _fix(args, paths, report, plan)
        if isinstance(fixed, int):
            return fixed
        report = fixed
    from ddlint.formatters.text import use_colour

    terminal = formatters.RenderOptions(colour=use_colour(sys.stdout), statistics=args.statistics,
                                        quiet=args.quiet)
    if args.output is None:
        sys.stdout.write(formatters.render(args.format, report, terminal))
        return exit_code(report, args.exit_zero)
    rendered = formatters.render(args.format, report)
    from ddlint.output_file import OutputRefused, write_report

    try:
        write_report(args.output, rendered, report.files)
    except OutputRefused as refused:
        print(f"ddlint: error: --output {refused}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"ddlint: error: cannot write {shown(args.output)}: {error.strerror}",
              file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:  # quiet: the findings are in the file
        sys.stdout.write(formatters.render(formatters.TERMINAL, report, terminal))
    return exit_code(report, args.exit_zero)


def _fix(args: Arguments, paths: list[Path], report: Report,
         plan: Optional[Plan]) -> Report | int:
    """--diff: the diff and its exit code. --fix: writes the fixes (``plan``, made in the
    run's reading session; None: nothing to fix), says what it did and returns the report of
    a new run (what remains)."""
    from ddlint import autofix, config, formatters
    from ddlint.engine import lint
    from ddlint.settings import Settings

    if plan is None:
        plan = autofix.Plan(())
    if args.diff:
        sys.stdout.write(autofix.diff(plan.changes))
        hidden = 0 if args.unsafe_fixes else sum(
            1 for d in report.active if d.edits and d.applicability != "safe")
        if hidden and not args.quiet:  # as ruff says it: the diff is not all there is
            shown_ = "no safe fix to show" if not plan.changes else "the diff shows safe fixes"
            print(f"ddlint: {shown_}; {hidden} unsafe fix{'es' if hidden != 1 else ''} "
                  "available: --diff --unsafe-fixes shows them", file=sys.stderr)
        return EXIT_FINDINGS if plan.changes else EXIT_OK
    problems = autofix.write(plan.changes)
    said = [] if args.quiet else autofix.messages(plan, problems, args.unsafe_fixes,
                                                  report.parsed)
    stream = sys.stdout if args.format in formatters.TEXT_VIEWS and args.output is None else \
        sys.stderr
    for line in said:
        print(line, file=stream)
    if not plan.changes:
        return report
    try:
        return autofix.attach(lint(paths, Settings(), _overrides(args), args.config))
    except config.ConfigError as error:
        print(f"ddlint: error: {error}", file=sys.stderr)
        return EXIT_USAGE


def _write_baseline(path: Path, report: Report, quiet: bool = False) -> int:
    from ddlint import baseline
    from ddlint.model import shown
    from ddlint.output_file import OutputRefused, refuse_outside, write_report

    try:
        refuse_outside(path)  # before the baseline there is read
        written = baseline.write(path, report.diagnostics, report.files, report.lines)
        write_report(path, written.text, report.files)
    except (baseline.BaselineError, OutputRefused) as error:
        print(f"ddlint: error: --write-baseline {error}" if isinstance(error, OutputRefused)
              else f"ddlint: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"ddlint: error: cannot write {shown(path)}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    if quiet:
        return EXIT_OK
    pruned = f", {written.pruned} fixed pruned" if written.pruned else ""
    entries = f"{written.entries} finding{'s' if written.entries != 1 else ''}"
    print(f"ddlint: wrote {entries} to the baseline {shown(path.as_posix())}{pruned}")
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
