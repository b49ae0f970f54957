"""Issue 21 (hostile input, round two): what ddlint writes, reads and prints stays inside the
repository and the log, whatever a pull request commits. One test (or a few) per numbered item;
every case runs in a scratch ``git init`` folder with a folder ``outside`` beside it that
stands for the rest of the CI machine."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TODAY

EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 1, 2, 3
FAILING = "ddtrace==4.16.0\ndjango==1.7.11\n"


def repository(tmp_path: Path, files: dict[str, str]) -> tuple[Path, Path]:
    """(a new git work tree ``repo`` holding ``files``, the folder ``outside`` beside it with
    a file ``victim`` that no run may change)."""
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir(parents=True)
    outside.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (outside / "victim").write_text("precious\n", encoding="utf-8")
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return repo, outside


def outside_untouched(outside: Path) -> None:
    assert sorted(p.name for p in outside.iterdir()) == ["victim"]
    assert (outside / "victim").read_text(encoding="utf-8") == "precious\n"


# ---------------------------------------------------------------- 2: --output, --write-baseline

LINKS = {
    "to-a-file-outside": ("report", "../outside/victim", "report"),
    "dangling-to-outside": ("report", "../outside/new", "report"),
    "folder-to-outside": ("reports", "../outside", "reports/report"),
    "into-git": ("report", ".git/config", "report"),
    "to-a-device": ("report", os.devnull, "report"),
}


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
@pytest.mark.parametrize("shape", sorted(LINKS))
def test_item2_no_write_through_a_committed_link(tmp_path: Path, ddlint: Any, option: str,
                                                 shape: str) -> None:
    repo, outside = repository(tmp_path, {"requirements.txt": FAILING})
    link, target, named = LINKS[shape]
    (repo / link).symlink_to(target)
    git_config = (repo / ".git" / "config").read_bytes()
    result = ddlint("requirements.txt", "--format", "json", option, named, cwd=repo)
    assert result.code == EXIT_USAGE, result.err
    assert f"ddlint: error: {option} {named} is (or lies in) a symlink" in result.err
    outside_untouched(outside)
    assert (repo / ".git" / "config").read_bytes() == git_config
    assert (repo / link).is_symlink()


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_item2_a_link_inside_the_repository_is_followed(tmp_path: Path, ddlint: Any,
                                                       option: str) -> None:
    repo, outside = repository(tmp_path, {"requirements.txt": FAILING,
                                          "out/real.json": '{"version": 1, "findings": []}'})
    (repo / "report").symlink_to("out/real.json")
    result = ddlint("requirements.txt", "--format", "json", option, "report", cwd=repo)
    assert result.code in (0, EXIT_FINDINGS), result.err
    assert (repo / "report").is_symlink()
    assert "DDL301" in (repo / "out" / "real.json").read_text(encoding="utf-8")
    outside_untouched(outside)


def test_item2_a_place_the_user_names_outside_is_written(tmp_path: Path, ddlint: Any) -> None:
    repo, outside = repository(tmp_path, {"requirements.txt": FAILING})
    result = ddlint("requirements.txt", "--format", "json", "--output", "../outside/r.json",
                    cwd=repo)
    assert result.code == EXIT_FINDINGS, result.err
    assert json.loads((outside / "r.json").read_text(encoding="utf-8"))["diagnostics"]


def _action_env(repo: Path, runner: Path, **inputs: str) -> dict[str, str]:
    runner.mkdir(exist_ok=True)
    (runner / "output").write_text("", encoding="utf-8")
    env = {"RUNNER_TEMP": str(runner), "GITHUB_OUTPUT": str(runner / "output"),
           "DDLINT_ARGS": f"--today {TODAY}", "DDLINT_UPLOAD": "false"}
    env.update({f"DDLINT_{key.upper()}": value for key, value in inputs.items()})
    return env


@pytest.mark.parametrize("shape", ["folder-to-outside", "to-a-file-outside",
                                   "dangling-to-outside"])
def test_item2_the_actions_sarif_file_through_a_committed_link(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        shape: str) -> None:
    from ddlint import github_action

    repo, outside = repository(tmp_path, {"requirements.txt": FAILING})
    link, target, named = LINKS[shape]
    (repo / link).symlink_to(target)
    monkeypatch.chdir(repo)
    # a folder below the link, which a mkdir would make outside
    sarif = "reports/new/ddlint.sarif" if link == "reports" else named
    status = github_action.main(_action_env(repo, tmp_path / "runner", sarif=sarif))
    out = capsys.readouterr().out
    assert status == EXIT_USAGE
    assert "::error title=ddlint::sarif-file: " in out and "symlink outside" in out
    outside_untouched(outside)


# ---------------------------------------------------------------- 12: the Action's lint step

def test_item12_an_internal_error_in_the_actions_lint_step(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ddlint import engine, github_action

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom\n::warning::injected")

    repo, _ = repository(tmp_path, {"requirements.txt": FAILING})
    monkeypatch.chdir(repo)
    monkeypatch.setattr(engine, "lint", broken)
    status = github_action.main(_action_env(repo, tmp_path / "runner"))
    captured = capsys.readouterr()
    assert status == EXIT_INTERNAL  # not 1, which reads as "findings"
    assert "Traceback" not in captured.out + captured.err
    [line] = captured.out.splitlines()
    assert line.startswith("::error title=ddlint::internal error (RuntimeError: ")
    assert "please report it" in line
    written = (tmp_path / "runner" / "output").read_text(encoding="utf-8")
    assert "exit-code<<" in written and "\n3\n" in written
    assert "upload<<" in written and "\nfalse\n" in written


# ---------------------------------------------------------------- 3: the baseline's bound

def baseline_of(*entries: dict[str, str]) -> str:
    """A baseline file, one entry a line as ddlint writes it."""
    lines = ",\n".join(f"    {json.dumps(entry)}" for entry in entries)
    return f'{{\n  "version": 1,\n  "findings": [\n{lines}\n  ]\n}}\n'


ACCEPTS_DJANGO = baseline_of({"rule": "DDL301", "file": "requirements.txt", "package": "django"})


def _config(baseline: str) -> str:
    return f"baseline = {json.dumps(baseline)}\n"


@pytest.mark.parametrize("named", ["absolute", "../outside/b.json", "sub/../../outside/b.json"])
def test_item3_a_configured_baseline_outside_the_repository(tmp_path: Path, ddlint: Any,
                                                            named: str) -> None:
    repo, outside = repository(tmp_path, {"requirements.txt": FAILING})
    (outside / "b.json").write_text(ACCEPTS_DJANGO, encoding="utf-8")
    value = str(outside / "b.json") if named == "absolute" else named
    (repo / "ddlint.toml").write_text(_config(value), encoding="utf-8")
    result = ddlint("requirements.txt", "--format", "json", cwd=repo)
    assert result.code == EXIT_USAGE, result.out
    assert result.err.startswith("ddlint: error: ddlint.toml:1: baseline: ")
    assert "lies outside the repository" in result.err


@pytest.mark.parametrize("how", ["configured", "--baseline"])
def test_item3_a_baseline_linked_outside_the_repository(tmp_path: Path, ddlint: Any,
                                                        how: str) -> None:
    repo, outside = repository(tmp_path, {"requirements.txt": FAILING})
    (outside / "b.json").write_text(ACCEPTS_DJANGO, encoding="utf-8")
    (repo / "baseline.json").symlink_to("../outside/b.json")
    args = ["--baseline", "baseline.json"] if how == "--baseline" else []
    if how == "configured":
        (repo / "ddlint.toml").write_text(_config("baseline.json"), encoding="utf-8")
    result = ddlint("requirements.txt", "--format", "json", *args, cwd=repo)
    assert result.code == EXIT_USAGE, result.out
    assert "baseline.json: the baseline is a symlink to outside the repository" in result.err


def test_item3_a_baseline_inside_the_repository_is_read(tmp_path: Path, ddlint: Any) -> None:
    """The control: the same baseline, in the repository, suppresses the finding."""
    repo, _ = repository(tmp_path, {"requirements.txt": FAILING, "ci/b.json": ACCEPTS_DJANGO,
                                    "ddlint.toml": _config("ci/b.json")})
    result = ddlint("requirements.txt", "--format", "json", "--select", "DDL301", cwd=repo)
    assert result.code == 0, result.err
    assert result.codes() == []


@pytest.mark.parametrize("file", ["../outside/victim", "/etc/passwd", "C:/Windows/win.ini",
                                  "ok/../../outside/victim"])
def test_item3_an_entry_naming_a_file_outside(tmp_path: Path, ddlint: Any, file: str) -> None:
    repo, _ = repository(tmp_path, {"requirements.txt": FAILING, "b.json": baseline_of(
        {"rule": "DDL301", "file": "requirements.txt", "package": "django"},
        {"rule": "DDL301", "file": file, "package": "x"})})
    for option in ("--baseline", "--write-baseline"):
        result = ddlint("requirements.txt", option, "b.json", cwd=repo)
        assert result.code == EXIT_USAGE, (option, result.out)
        assert result.err.startswith('ddlint: error: b.json:5: the entry\'s "file" '), result.err


def _fixed(result: Any) -> list[dict[str, str]]:
    fixed: list[dict[str, str]] = result.json()["baseline"]["fixed"]
    return fixed


def test_item3_entries_do_not_tell_which_outside_files_exist(tmp_path: Path,
                                                             ddlint: Any) -> None:
    """Through a committed link to outside, an existing file and a missing one are alike."""
    repo, _ = repository(tmp_path, {"requirements.txt": FAILING, "b.json": baseline_of(
        {"rule": "DDL301", "file": "out/victim", "package": "x"},
        {"rule": "DDL301", "file": "out/missing", "package": "x"})})
    (repo / "out").symlink_to("../outside")
    result = ddlint("requirements.txt", "--format", "json", "--baseline", "b.json", cwd=repo)
    assert result.code == EXIT_FINDINGS, result.err
    assert sorted(entry["file"] for entry in _fixed(result)) == ["out/missing", "out/victim"]
    written = ddlint("requirements.txt", "--write-baseline", "b.json", cwd=repo)
    assert written.code == 0, written.err
    assert "out/" not in (repo / "b.json").read_text(encoding="utf-8")  # both pruned


# ---------------------------------------------------------------- 10: a bad baseline entry

def test_item10_an_entry_longer_than_the_system_allows(tmp_path: Path, ddlint: Any) -> None:
    long_name = "a" * 300 + "/requirements.txt"
    repo, _ = repository(tmp_path, {"requirements.txt": FAILING, "b.json": baseline_of(
        {"rule": "DDL301", "file": "requirements.txt", "package": "django"},
        {"rule": "DDL301", "file": long_name, "package": "x"})})
    before = (repo / "b.json").read_bytes()
    for option in ("--baseline", "--write-baseline"):
        result = ddlint("requirements.txt", option, "b.json", cwd=repo)
        assert result.code == EXIT_USAGE, (option, result.err)
        [line] = result.err.splitlines()
        assert line.startswith('ddlint: error: b.json:5: the entry\'s "file" \'aaaa'), line
        assert line.endswith("is longer than the file system allows"), line
        assert "internal error" not in line and "cannot write" not in line
        assert (repo / "b.json").read_bytes() == before


# ---------------------------------------------------------------- 11: a closed standard output

def _closed_stdout(cwd: Path, *argv: str) -> tuple[int, str]:
    """Run ``python -c`` calling a console entry with standard output a pipe whose reader is
    closed before ddlint writes (``ddlint ... | head`` once head has its lines)."""
    import sys

    process = subprocess.Popen([sys.executable, *argv], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode("utf-8", "replace")
    return process.wait(timeout=60), err


@pytest.mark.parametrize("entry", ["ddlint", "hook"])
@pytest.mark.parametrize("format_", ["text", "json"])
def test_item11_a_closed_stdout_is_quiet(tmp_path: Path, entry: str, format_: str) -> None:
    many = "ddtrace==4.16.0\n" + "".join(f"django==1.7.{n}\n" for n in range(300))
    repo, _ = repository(tmp_path, {"requirements.txt": many})
    command = ["-m", "ddlint"] if entry == "ddlint" else [
        "-c", "from ddlint.cli import pre_commit_console; pre_commit_console()"]
    status, err = _closed_stdout(repo, *command, "requirements.txt", "--format", format_,
                                 "--today", TODAY)
    assert err == ""  # no traceback, no "internal error", nothing to read
    assert status == 141  # what a shell gives a program SIGPIPE ended: not 1 ("findings")


# ---------------------------------------------------------------- 16: pre-commit's args

# The user's policy: info findings fail. requirements.txt has only info findings, so a hook
# that lost the option passes silently.
POLICY = 'fail-on = "info"\n'
INFO_ONLY = "ddtrace==4.16.0\n"


def _hook(ddlint: Any, repo: Path, args: list[str], passed: list[str]) -> Any:
    """The hook as pre-commit runs it: entry, ``args:``, then the names in git's order."""
    return ddlint("--pre-commit", f"--today={TODAY}", *args, *sorted(passed), cwd=repo,
                  today=False)


@pytest.mark.parametrize("hostile", [False, True], ids=["control", "committed-name"])
def test_item16_a_committed_path_spelled_like_the_users_option(tmp_path: Path, ddlint: Any,
                                                               hostile: bool) -> None:
    repo, _ = repository(tmp_path, {"requirements.txt": INFO_ONLY, "ci/ddlint.toml": POLICY})
    if hostile:  # a folder "--config=ci" holding ddlint.toml: pre-commit never passes it
        (repo / "--config=ci").mkdir()
        (repo / "--config=ci" / "ddlint.toml").write_text("", encoding="utf-8")
    result = _hook(ddlint, repo, ["--config=ci/ddlint.toml"], ["requirements.txt"])
    assert result.code == EXIT_FINDINGS, result.err  # the option kept: the policy fails it
    assert "DDL103" in result.out and result.err == ""


@pytest.mark.parametrize("passed", [False, True], ids=["on-disk", "passed-by-pre-commit"])
def test_item16_a_name_that_could_be_either_fails_loudly(tmp_path: Path, ddlint: Any,
                                                         passed: bool) -> None:
    """``--config=ci/pyproject.toml`` is the user's option, or a pyproject.toml pre-commit
    passed (it matches the hook's files): the hook stops, it never passes."""
    repo, _ = repository(tmp_path, {"requirements.txt": INFO_ONLY,
                                    "ci/pyproject.toml": "[tool.ddlint]\n" + POLICY,
                                    "--config=ci/pyproject.toml": "[tool.ddlint]\n"})
    names = ["requirements.txt", *(["--config=ci/pyproject.toml"] if passed else [])]
    result = _hook(ddlint, repo, ["--config=ci/pyproject.toml"], names)
    assert result.code == EXIT_USAGE, result.out
    assert result.err.startswith("ddlint: error: pre-commit hook mode: "
                                 "--config=ci/pyproject.toml: an option of the hook's `args:`, "
                                 "or a file pre-commit passed?")
    assert "end `args:` with `--`" in result.err
    # The way out the message names: `--` ends the options.
    ended = _hook(ddlint, repo, ["--config=ci/pyproject.toml", "--"], names)
    assert ended.code == EXIT_FINDINGS, ended.err
    assert "DDL103" in ended.out


# ---------------------------------------------------------------- 14, 15: --diff and --fix print

def raw_hazards(text: str) -> list[str]:
    """What a terminal or a CI log would act on, left raw in ``text``: control characters (a
    line's own ``\\n`` or ``\\r\\n`` aside), bidi controls, ``##[``, a workflow command."""
    found = []
    for line in text.split("\n"):
        line = line.removesuffix("\r")
        found += [repr(c) for c in line if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0
                  or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069]
        if "##[" in line:
            found.append("##[")
        if line.lstrip().startswith("::"):
            found.append(line)
    return found


HAZARDOUS_REQUIREMENTS = ("ddtrace==4.16.0\n# \x1b]0;title\x07 \x1b[31mred\rcr \u202e bidi\n"
                          "# ##[group]g\ndjango>=1.5\n")
HAZARDOUS_PYPROJECT = ('[project]\nname = "x"\nversion = "1"\ndescription = """\n'
                       '  ::error::injected\n\t::warning::too\n"""\n'
                       'dependencies = ["ddtrace==4.16.0", "django>=1.5"]\n')


@pytest.mark.parametrize(("name", "text"), [("requirements.txt", HAZARDOUS_REQUIREMENTS),
                                            ("pyproject.toml", HAZARDOUS_PYPROJECT)])
def test_item14_the_diff_escapes_the_files_lines(tmp_path: Path, ddlint: Any, name: str,
                                                 text: str) -> None:
    repo, _ = repository(tmp_path, {name: text})
    result = ddlint(name, "--diff", cwd=repo)
    assert result.code == EXIT_FINDINGS, result.err
    assert "+django>=2.2.8" in result.out or '"django>=2.2.8"' in result.out  # the fix is shown
    assert raw_hazards(result.out) == []
    assert (repo / name).read_bytes() == text.encode("utf-8")


def test_item14_a_workflow_command_after_white_space_is_escaped() -> None:
    from ddlint.model import shown

    assert shown("  ::error::x") == "  \\x3a:error::x"
    assert shown(" \u3000::x") == " \u3000\\x3a:x"  # any white space the runner trims
    assert shown("a ::b") == "a ::b"  # only at the start


def test_item15_a_refused_file_is_not_said_fixed(tmp_path: Path, ddlint: Any) -> None:
    """requirements.txt links to a file named uv.lock: --fix refuses to write it."""
    repo, _ = repository(tmp_path, {"reqs/uv.lock": "ddtrace==4.16.0\ndjango>=1.5\n"})
    (repo / "requirements.txt").symlink_to("reqs/uv.lock")
    result = ddlint("requirements.txt", "--fix", "--select", "DDL305", cwd=repo)
    assert "fixed 1 finding" not in result.out
    assert "not fixed: " in result.out and "links to a lockfile" in result.out
    assert (repo / "reqs" / "uv.lock").read_text(encoding="utf-8").endswith("django>=1.5\n")


def test_item15_the_relock_command_from_a_header_is_escaped(tmp_path: Path,
                                                            ddlint: Any) -> None:
    header = ("#\n# This file is autogenerated by pip-compile with Python 3.12\n"
              "# by the following command:\n#\n"
              "#    pip-compile requirements.in \x1b]0;pwned\x07 ##[group]x \u202e\n#\n")
    repo, _ = repository(tmp_path, {
        "requirements.in": "ddtrace==4.16.0\ndjango>=1.5\n",
        "requirements.txt": header + "ddtrace==4.16.0\n    # via -r requirements.in\n"
                                     "django==1.8.19\n    # via -r requirements.in\n"})
    result = ddlint("requirements.in", "--fix", "--select", "DDL305", cwd=repo)
    assert "fixed 1 finding in requirements.in" in result.out, result.out + result.err
    [relock] = [line for line in result.out.splitlines() if line.startswith("re-lock: ")]
    assert relock.startswith("re-lock: run `pip-compile requirements.in \\x1b]0;pwned\\x07 ")
    assert raw_hazards(result.out + result.err) == []


# ---------------------------------------------------------------- 13: the summary's counts

BASE = "ddtrace==4.16.0\ndjango==4.2.16\n"


@pytest.mark.parametrize(("files", "args"), [
    ({"requirements.txt": "-r requirements-base.txt\nflask==3.0.3\nrequests==2.32.3\n",
      "requirements-base.txt": BASE}, ["."]),
    ({"requirements.txt": "-r base.txt\nflask==3.0.3\nrequests==2.32.3\n", "base.txt": BASE},
     ["requirements.txt", "base.txt"]),
    ({"requirements.txt": "-r base.txt\nflask==3.0.3\n",
      "requirements-dev.txt": "-r base.txt\nrequests==2.32.3\n", "base.txt": BASE}, ["."]),
    ({"requirements.txt": "-r base.txt\n-r ./base.txt\nflask==3.0.3\nrequests==2.32.3\n",
      "base.txt": BASE}, ["requirements.txt"]),
], ids=["discovered", "named", "included-by-two", "included-twice"])
def test_item13_an_included_file_is_counted_once(tmp_path: Path, ddlint: Any,
                                                 files: dict[str, str], args: list[str]) -> None:
    repo, _ = repository(tmp_path, files)
    summary = ddlint(*args, "--format", "json", cwd=repo).json()["summary"]
    assert (summary["files"], summary["dependencies"]) == (len(files), 4)


def _with_the_real_pre_commit(tmp_path: Path, repo: Path, args: list[str]) -> tuple[int, str]:
    """``pre-commit run --all-files`` in ``repo`` with the manifest's ddlint hook as a local
    hook (language system: this checkout's ddlint on PATH) and ``args``: pre-commit builds the
    command line (entry, args, file names) as for the published hook."""
    import sys

    from pre_commit.clientlib import load_manifest

    manifest = Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml"
    hook = next(h for h in load_manifest(str(manifest)) if h["id"] == "ddlint")
    local = {key: hook[key] for key in ("id", "name", "entry", "files", "types",
                                        "pass_filenames", "require_serial")}
    local.update(language="system", args=args)
    (repo / ".pre-commit-config.yaml").write_text(
        json.dumps({"repos": [{"repo": "local", "hooks": [local]}]}), encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "PYTHONPATH"}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "home"), NO_COLOR="1",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]))
    done = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.precommit
def test_item16_with_the_real_pre_commit(tmp_path: Path) -> None:
    repo, _ = repository(tmp_path / "kept", {"requirements.txt": INFO_ONLY,
                                             "ci/ddlint.toml": POLICY,
                                             "--config=ci/ddlint.toml": ""})
    code, log = _with_the_real_pre_commit(
        tmp_path, repo, [f"--today={TODAY}", "--config=ci/ddlint.toml"])
    assert code == 1 and "DDL103" in log, log  # the option kept: the policy fails the hook
    repo, _ = repository(tmp_path / "either", {"requirements.txt": INFO_ONLY,
                                               "ci/pyproject.toml": "[tool.ddlint]\n" + POLICY,
                                               "--config=ci/pyproject.toml": "[tool.ddlint]\n"})
    code, log = _with_the_real_pre_commit(
        tmp_path, repo, [f"--today={TODAY}", "--config=ci/pyproject.toml"])
    assert code == 1 and "or a file pre-commit passed?" in log, log  # loudly, never a pass
    code, log = _with_the_real_pre_commit(
        tmp_path, repo, [f"--today={TODAY}", "--config=ci/pyproject.toml", "--"])
    assert code == 1 and "DDL103" in log, log


def test_item12_the_hook_commands_internal_error(tmp_path: Path) -> None:
    """``ddlint-pre-commit`` (pre-commit's other spelling of the hook mode) has main's
    handler: an error inside ddlint is exit 3 and one line, never a traceback."""
    import sys

    repo, _ = repository(tmp_path, {"requirements.txt": FAILING})
    code = ("import ddlint.engine\n"
            "def lint(*args, **kwargs):\n    raise RuntimeError('boom')\n"
            "ddlint.engine.lint = lint\n"
            "from ddlint.cli import pre_commit_console\npre_commit_console()\n")
    done = subprocess.run([sys.executable, "-c", code, "requirements.txt"], cwd=repo,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == EXIT_INTERNAL, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("ddlint: internal error (RuntimeError: 'boom')")
