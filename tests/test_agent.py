"""The Redis note: DDL401 (Agent 7.76.1) and DDL402 (Lambda Extension v28.0.0)."""

from __future__ import annotations

from typing import Any

import pytest

from ddlint.facts.agent import redis_note
from tests.conftest import GIT, diagnostics, run_case

TRACED_REDIS = "ddtrace==4.16.0\nredis==5.0.8\n"


def _run(write, ddlint, requirements: str, *args: str, **files: str) -> Any:
    return run_case(write, ddlint, "DDL4", requirements, *args, **files)


def _found(result: Any) -> list[tuple[str, str, int]]:
    return [(d["code"], d["package"], d["line"]) for d in diagnostics(result)]


def test_redis_clients_are_the_page_rows_and_the_tracers_other_clients() -> None:
    note = redis_note()
    assert note.clients == {"redis", "redis-py-cluster", "valkey", "aredis", "yaaredis",
                            "aioredis"}
    # hiredis is a reply parser, not a client; aioredis is traced by ddtrace < 4 only
    assert "hiredis" not in note.clients
    assert note.client_tracers == {"valkey": ">=3", "aioredis": "<4"}
    assert (note.agent_minimum, note.extension_minimum) == ("7.76.1", "28.0.0")
    assert note.extension_layer == 93


@pytest.mark.parametrize(("agent", "expected"), [
    (None, "version is unknown"), ("7.76.0", "is 7.76.0"), ("7.76.1", None), ("7.77.0", None),
])
def test_agent_boundary(write, ddlint, agent: str | None, expected: str | None) -> None:
    args = ("--agent-version", agent) if agent else ()
    result = _run(write, ddlint, TRACED_REDIS, *args)
    if expected is None:
        assert _found(result) == [] and result.code == 0
        return
    assert _found(result) == [("DDL401", "redis", 2)]
    found = next(diagnostics(result))
    assert f"Datadog Agent {expected}" in found["message"]
    assert "HELLO, MIGRATE, ACL SETUSER" in found["message"]
    assert found["severity"] == "warning" and result.code == 1


def test_unknown_and_too_old_are_different_messages(write, ddlint) -> None:
    unknown = next(diagnostics(_run(write, ddlint, TRACED_REDIS)))["message"]
    too_old = next(diagnostics(_run(write, ddlint, TRACED_REDIS, "--agent-version", "7.75")))
    assert unknown != too_old["message"] and "unknown" not in too_old["message"]


def test_configured_agent_silences(write, ddlint) -> None:
    result = _run(write, ddlint, TRACED_REDIS, **{"ddlint.toml": 'agent-version = "7.76.1"\n'})
    assert _found(result) == []
    result = _run(write, ddlint, TRACED_REDIS, **{"ddlint.toml": 'agent-version = "7.76.0"\n'})
    assert _found(result) == [("DDL401", "redis", 2)]


@pytest.mark.parametrize(("requirements", "expected"), [
    ("ddtrace==4.16.0\nredis-py-cluster==2.1.3\n", [("DDL401", "redis-py-cluster", 2)]),
    ("redis==5.0.8\n", []),  # no tracer: nothing is traced
    ("ddtrace>=4\nredis==5.0.8\n", [("DDL401", "redis", 2)]),  # a tracer, even unpinned
    ("ddtrace==4.16.0\nredis>=5\n", []),  # not locked or pinned
    ('ddtrace==4.16.0\nredis==5.0.8; python_version < "3.0"\n', []),  # installed nowhere
    # valkey: not on the page's Redis rows, but instrumented by default like redis-py
    ("ddtrace==4.16.0\nvalkey==6.1.1\n", [("DDL401", "valkey", 2)]),
    ("ddtrace==2.21.12\nvalkey==6.1.1\n", []),  # the 2.x line has no valkey integration
    ("ddtrace==3.19.9\naioredis==2.0.1\n", [("DDL401", "aioredis", 2)]),
    ("ddtrace==4.16.0\naioredis==2.0.1\n", []),  # 4.x removed the aioredis integration
    ("ddtrace==4.16.0\nhiredis==3.2.1\n", []),  # a parser, traced through its client
])
def test_what_counts_as_a_traced_redis_client(write, ddlint, requirements: str,
                                              expected: list[tuple[str, str, int]]) -> None:
    assert _found(_run(write, ddlint, requirements, "--python", "3.12")) == expected


def test_injected_tracer_counts(write, ddlint) -> None:
    result = _run(write, ddlint, "redis==5.0.8\n", "--tracer-version", "4.16.0")
    assert _found(result) == [("DDL401", "redis", 1)]


SERVERLESS = "ddtrace==4.16.0\ndatadog-lambda==8.118.0\nredis==5.0.8\n"


@pytest.mark.parametrize(("extension", "expected"), [
    (None, "version is unknown"), ("92", "is v92"), ("v92", "is v92"), ("93", None),
    ("v93", None), ("v99", None),
    # the page's literal v28.0.0 is libdatadog's version: Extension v28 to v92 lack the fix
    ("28.0.0", "is v28.0.0"), ("v28", "is v28"), ("27", "is v27"),
])
def test_lambda_extension_judged_as_a_layer_number(write, ddlint, extension: str | None,
                                                   expected: str | None) -> None:
    args = ("--lambda-extension-version", extension) if extension else ()
    result = _run(write, ddlint, SERVERLESS, *args)
    # on serverless the Extension, not an Agent, handles traces: no DDL401 without agent-version
    if expected is None:
        assert _found(result) == []
        return
    assert _found(result) == [("DDL402", "redis", 3)]
    found = next(diagnostics(result))
    message = found["message"]
    assert f"Datadog Lambda Extension {expected}" in message
    # the message says why layer 93, keeping the page's wording
    assert "layer 93" in message and "v28.0.0" in message and "libdatadog" in message
    assert 'lambda-extension-version = "93"' in found["fix"]


@pytest.mark.parametrize(("extension", "expected"), [
    (None, "version is unknown"), ("27.9.0", "is v27.9.0"), ("28.0.0", None), ("v28.0.0", None),
    ("v27", "is v27"), ("92", None),
])
def test_lambda_extension_literal_with_the_page_facts_only(
        write, ddlint, extension: str | None, expected: str | None) -> None:
    args = ("--lambda-extension-version", extension) if extension else ()
    result = _run(write, ddlint, SERVERLESS, "--facts", "page", *args)
    if expected is None:
        assert _found(result) == []
        return
    assert _found(result) == [("DDL402", "redis", 3)]
    message = next(diagnostics(result))["message"]
    assert f"Datadog Lambda Extension {expected}" in message and "v28.0.0" in message
    assert "layer 93" not in message


def test_lambda_extension_layer_in_the_configuration(write, ddlint) -> None:
    for value, expected in (('"93"', []), ('"v93"', []), ('"92"', [("DDL402", "redis", 3)])):
        config = {"ddlint.toml": f"lambda-extension-version = {value}\n"}
        assert _found(_run(write, ddlint, SERVERLESS, **config)) == expected, value


def test_serverless_from_configuration(write, ddlint) -> None:
    result = _run(write, ddlint, TRACED_REDIS, **{"ddlint.toml": "serverless = true\n"})
    assert _found(result) == [("DDL402", "redis", 2)]
    result = _run(write, ddlint, TRACED_REDIS, "--serverless", "--agent-version", "7.70.0",
                  "--lambda-extension-version", "93")
    assert _found(result) == [("DDL401", "redis", 2)]  # an Agent declared is judged too


def test_lockfile_entries_win_over_manifest_pins(write, ddlint) -> None:
    """One finding per client: the locked entry, not also the manifest's pin."""
    from pathlib import Path

    from ddlint.model import Dependency, DependencyFile, FileKind, Location
    from ddlint.project import Project
    from ddlint.rules import Context
    from ddlint.rules.agent import check
    from ddlint.settings import Settings
    from ddlint.targets import resolve

    root = Path("project")
    manifest = DependencyFile(root / "requirements.txt", FileKind.REQUIREMENTS, (
        Dependency("ddtrace", Location(root / "requirements.txt", 1), version="4.16.0"),
        Dependency("redis", Location(root / "requirements.txt", 2), version="5.0.8"),
    ))
    lock = DependencyFile(root / "uv.lock", FileKind.UV_LOCK, (
        Dependency("redis", Location(root / "uv.lock", 40), version="5.0.8", locked=True),
    ))
    project = Project(root, Settings())
    context = Context(project, (manifest, lock), resolve(project, (manifest, lock)))
    assert [(d.code, d.location.line) for d in check(context)] == [("DDL401", 40)]


def test_one_finding_per_client_across_requirements_files(write, ddlint) -> None:
    """A requirements.in and its compiled requirements.txt pin the same client: told once."""
    root = write({**GIT, "requirements.in": "ddtrace==4.16.0\nredis==5.0.8\n",
                  "requirements.txt": "ddtrace==4.16.0\nhiredis==3.0.0\nredis==5.0.8\n"})
    result = ddlint(".", "--format", "json", "--select", "DDL4", cwd=root)
    assert [(d["path"], d["line"]) for d in diagnostics(result)] == [("requirements.in", 2)]
