"""`ddlint facts`, `ddlint facts update` (against a local copy of the index's answer, served on
127.0.0.1: never the network) and `--facts-file` / `facts-file` (issue 24, item 5)."""

from __future__ import annotations

import copy
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ddlint.cli import main
from tests.conftest import GIT

PAGE = json.loads((Path(__file__).parent / "data" / "ddtrace-pep691.json").read_text(
    encoding="utf-8"))
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


def _with_5x(page: dict[str, Any]) -> dict[str, Any]:
    """The recorded page plus a 5.0.0 published 2027-01-15: made up here, as a release the
    shipped facts cannot know (a new line must need data, not code)."""
    later = copy.deepcopy(page)
    for tag in ("cp312-cp312-manylinux2014_x86_64.manylinux_2_17_x86_64", "cp313-cp313-win_amd64"):
        later["files"].append({"filename": f"ddtrace-5.0.0-{tag}.whl", "requires-python": ">=3.10",
                               "size": 1, "upload-time": "2027-01-15T10:00:00Z",
                               "url": "https://registry.invalid/ddtrace-5.0.0.whl",
                               "yanked": False})
    return later


@pytest.fixture
def index() -> Iterator[Any]:
    """A local index answering ``/ddtrace/`` with ``index.page`` as PEP 691 JSON."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.rstrip("/") != "/simple/ddtrace":
                self.send_error(404)
                return
            body = json.dumps(server.page).encode()  # type: ignore[attr-defined]
            self.send_response(200)
            self.send_header("Content-Type", SIMPLE_JSON)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.page = PAGE  # type: ignore[attr-defined]
    server.url = f"http://127.0.0.1:{server.server_address[1]}/simple"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from ddlint import facts

    folder = tmp_path / "cache"
    monkeypatch.setenv("DDLINT_CACHE_DIR", str(folder))
    yield folder
    facts.use_release_facts(None, None)  # the next test reads the shipped snapshot


def _lint(write: Any, ddlint: Any, requirements: str, *args: str) -> Any:
    root = write({**GIT, "requirements.txt": requirements})
    return ddlint("requirements.txt", "--format", "json", "--python", "3.12", *args, cwd=root)


def test_facts_shows_sources_dates_and_age(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "--today", "2027-06-01"]) == 0
    out = capsys.readouterr().out
    assert "as of 2026-11-25 (188 days old, stale); newest release 4.16.0" in out
    assert "shipped with ddlint" in out and "retrieved 2026-11-25" in out
    assert "ddtrace 4.x's own data (rules/tracer_v4.toml): as of ddtrace 4.16.0" in out
    # dates no primary source confirms are said to be so (issue 24, item 7)
    assert "unconfirmed: CPython 3.15 released (2026-10-09)" in out
    assert "unconfirmed: CPython 3.10 end_of_life (2026-10-01)" in out


def test_every_unconfirmed_mark_names_a_date_of_its_row() -> None:
    from ddlint import facts

    marked = {row["version"]: row for row in facts.shipped("runtime")["cpython"]
              if row.get("unconfirmed")}
    assert set(marked) == {"3.10", "3.15"}
    for row in marked.values():
        field = row["unconfirmed"].split(":", 1)[0]
        assert field in ("released", "end_of_life") and field in row


def test_update_writes_the_cache_that_offline_runs_read(write, ddlint, index, cache,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    before = _lint(write, ddlint, "ddtrace==3.12.1\n", "--today", "2026-12-07").json()
    assert not any("release facts from" in note for note in before["notes"])
    assert main(["facts", "update", "--index-url", index.url, "--today", "2026-12-07"]) == 0
    said = capsys.readouterr().out
    assert "6 ddtrace releases as of 2026-12-07 (newest 4.16.0 of 2026-10-16, 2 yanked)" in said
    written = json.loads((cache / "release-facts.json").read_text(encoding="utf-8"))
    assert written["meta"]["as_of"] == "2026-12-07"
    assert [row["version"] for row in written["release"] if row.get("yanked")] == ["1.9.1",
                                                                                  "3.12.1"]
    assert "127.0.0.1" not in json.dumps(written)  # the index's address is not kept
    after = _lint(write, ddlint, "ddtrace==3.12.1\n", "--today", "2026-12-07").json()
    assert [note for note in after["notes"] if "release facts from `ddlint facts update`"
            in note and "as of 2026-12-07" in note]
    assert "DDL106" in [d["code"] for d in after["diagnostics"]]


def test_a_new_line_needs_data_not_code(write, ddlint, index, cache) -> None:
    """With a 5.0.0 in the refreshed list, 5.x is judged by the page's policy (General
    Availability for 12 months from 2027-01-15), and 4.x is told that 5.0.0 is out."""
    shipped = _lint(write, ddlint, "ddtrace==5.0.0\n", "--today", "2027-02-01")
    assert [d["code"] for d in shipped.json()["diagnostics"]] == ["DDL206"]
    index.page = _with_5x(PAGE)
    assert main(["facts", "update", "--index-url", index.url, "--today", "2027-02-01"]) == 0
    five = _lint(write, ddlint, "ddtrace==5.0.0\n", "--today", "2027-02-01")
    assert [d["code"] for d in five.json()["diagnostics"]] == [] and five.code == 0
    four = _lint(write, ddlint, "ddtrace==4.16.0\n", "--today", "2027-02-01").json()
    (policy,) = [d for d in four["diagnostics"] if d["code"] == "DDL205"]
    assert "ddtrace 5.0.0 (2027-01-15) is out" in policy["message"]
    late = _lint(write, ddlint, "ddtrace==5.0.0\n", "--today", "2028-02-01")
    assert "DDL202" in [d["code"] for d in late.json()["diagnostics"]]


def test_a_team_facts_file(write, ddlint, index, cache, tmp_path: Path) -> None:
    team = tmp_path / "team-facts.json"
    index.page = _with_5x(PAGE)
    assert main(["facts", "update", "--index-url", index.url, "--today", "2027-02-01",
                 "--output", str(team)]) == 0
    assert not (cache / "release-facts.json").exists()  # --output: the cache is left alone
    by_option = _lint(write, ddlint, "ddtrace==5.0.0\n", "--today", "2027-02-01",
                      "--facts-file", str(team))
    assert by_option.json()["diagnostics"] == []
    assert any(f"the facts file {team}" in note for note in by_option.json()["notes"])
    root = write({**GIT, "requirements.txt": "ddtrace==5.0.0\n",
                  "ci/ddlint-facts.json": team.read_text(encoding="utf-8"),
                  "ddlint.toml": 'facts-file = "ci/ddlint-facts.json"\n'})
    by_config = ddlint("requirements.txt", "--format", "json", "--python", "3.12", "--today",
                       "2027-02-01", cwd=root)
    assert by_config.json()["diagnostics"] == []
    # a committed configuration never makes ddlint read a file outside the repository
    outside = write({**GIT, "requirements.txt": "ddtrace==5.0.0\n",
                     "ddlint.toml": f'facts-file = "{team.as_posix()}"\n'})
    refused = ddlint("requirements.txt", cwd=outside)
    assert refused.code == 2 and "lies outside the repository; the facts file" in refused.err


@pytest.mark.parametrize(("text", "said"), [
    ('{"meta": {}}', "not a release facts file"),
    ("not json", "the facts file"),
    ('{"meta": {"as_of": "2027-13-01"}, "release": []}', "not a YYYY-MM-DD date"),
    ('{"meta": {"as_of": "2027-01-01"}, "release": [{"version": "4.x", "date": "2027-01-01"}]}',
     "is not a version"),
    ('{"meta": {"as_of": "2027-01-01"}, "release": [], "wheels": [{"first": "1.0"}]}',
     "without its list of pythons"),
])
def test_a_bad_facts_file_is_a_usage_error(write, ddlint, tmp_path: Path, text: str,
                                           said: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    result = _lint(write, ddlint, "ddtrace==4.16.0\n", "--facts-file", str(bad))
    assert result.code == 2 and said in result.err and "Traceback" not in result.err
    root = write({**GIT, "requirements.txt": "ddtrace==4.16.0\n",
                  "ddlint.toml": 'facts-file = "missing.json"\n'})
    configured = ddlint("requirements.txt", cwd=root)
    assert configured.code == 2 and "ddlint.toml:1" in configured.err


def test_an_unreadable_cache_is_told_and_the_shipped_facts_used(write, ddlint, cache) -> None:
    cache.mkdir()
    (cache / "release-facts.json").write_text('{"meta": 1}', encoding="utf-8")
    result = _lint(write, ddlint, "ddtrace==3.12.2\n", "--today", "2026-11-25")
    assert result.code == 1 and "DDL106" in [d["code"] for d in result.json()["diagnostics"]]
    assert any("cannot be read" in note for note in result.json()["notes"])


def test_update_refuses_an_index_without_the_json_api(write, ddlint, index, cache,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "update", "--index-url", index.url + "/nothing"]) == 1
    assert "facts update from" in capsys.readouterr().err
    assert not (cache / "release-facts.json").exists()
