"""Rebuild rules/tracer_v<N>.toml (what a ddtrace release line itself declares and tests).

Maintainer tool (needs `packaging`; ddlint never runs it). Run it when a tracer release lands,
review the diff, commit. Each run writes one release line's file from one or more sources, oldest
first; a fact keeps the oldest source that already says the same, so a fact that a newer source
adds or changes carries that newer source.

    python scripts/refresh_tracer_facts.py --line 4 DD_TRACE_PY@3bb9ecd ddtrace==4.16.0
    python scripts/refresh_tracer_facts.py --line 3 DD_TRACE_PY@v3.19.8
    python scripts/refresh_tracer_facts.py --line 2 DD_TRACE_PY@v2.21.12
    python scripts/refresh_tracer_facts.py --line 4 ... --check     # exit 1 if the file differs

A source is one of:
- ``ddtrace==X``: the release's sdist, fetched with
  ``pip download --no-deps --no-binary ddtrace ddtrace==X`` into a temporary folder (the same
  file as with ``--no-binary :all:``; pip still prepares the sdist's metadata, about a minute,
  but takes its build requirements as wheels instead of compiling cmake and Cython);
- a path to a downloaded sdist (``ddtrace-X.tar.gz``);
- a path to a dd-trace-py git repository (a checkout or a bare clone), optionally ``@REV``
  (a tag or commit; default HEAD). Files are read with ``git show``, the work tree is not used.
- a path to an unpacked sdist or a plain folder holding the tracer's files.

What is read from each source, when it has it:
- declared ranges: each integration's ``_supported_versions()`` in
  ``ddtrace/contrib/internal/*/patch.py`` (3.x and later); else the "Supported Version" column of
  the integrations table in ``docs/index.rst`` (2.x);
- tested ranges: ``supported_versions.json`` (per CPython; 4.x) or
  ``supported_versions_output.json`` (overall only; 3.x, and 2.x without a distribution column);
  published sdists carry neither, so the tested ranges come from a repository source;
- patched by default: ``PATCH_MODULES`` in ``ddtrace/_monkey.py`` (``True`` yes, ``False`` no,
  an expression "conditional", an integration folder missing from it "manual");
- which integrations exist: the folders of ``ddtrace/contrib/internal/``.

Import names in ``_supported_versions()`` are mapped to PyPI distributions by PEP 503
normalization, except the names in MODULE_DISTRIBUTIONS below. Tested rows of stdlib
integrations (asyncio's pytest-asyncio, sqlite3's pysqlite3-binary) are artefacts of the test
environments and are left out. Output is sorted and has no timestamp: the same sources give the
same bytes.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

RULES = Path(__file__).resolve().parent.parent / "rules"
PYTHONS = ("3.9", "3.10", "3.11", "3.12", "3.13", "3.14")

# Import name (as _supported_versions() or the docs table names it) -> PyPI distributions, where
# PEP 503 normalization of the name is not the distribution.
MODULE_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "agents": ("openai-agents",),
    "azure-durable-functions": ("azure-functions-durable",),
    "cassandra": ("cassandra-driver",),
    "consul": ("python-consul",),
    "google-cloud-pubsub-v1": ("google-cloud-pubsub",),
    "graphql": ("graphql-core",),
    "grpc": ("grpcio",),
    "kafka": ("confluent-kafka",),
    "mysql": ("mysql-connector-python",),
    "mysql-connector": ("mysql-connector-python",),
    "mysqldb": ("mysqlclient",),
    "psycopg": ("psycopg", "psycopg-binary"),
    "psycopg2": ("psycopg2", "psycopg2-binary"),
    "pydantic-ai": ("pydantic-ai", "pydantic-ai-slim"),
    "pytorch": ("torch",),
    "rediscluster": ("redis-py-cluster",),
    "snowflake": ("snowflake-connector-python",),
    "vertexai": ("vertexai", "google-cloud-aiplatform"),
    "vertica": ("vertica-python",),
}

# Integrations whose library is the interpreter's own (or the tracer's): no distribution judged.
INTERNAL = frozenset(
    {
        "asgi",
        "asyncio",
        "concurrent-futures-thread",
        "ddtrace-api",
        "futures",
        "http-client",
        "httplib",
        "logging",
        "sqlite3",
        "subprocess",
        "unittest",
        "urllib",
        "webbrowser",
        "wsgi",
    }
)

# Distributions tested only as a dependency of another integration's library: they are in the
# data, flagged `companion`, and not judged on their own.
COMPANIONS = frozenset(
    {
        "elastic-transport",
        "langgraph-checkpoint",
        "langgraph-prebuilt",
        "mlflow-skinny",
        "mlflow-tracing",
    }
)

# Upper bounds that are in the patch code rather than in _supported_versions(): the bound, a
# pattern that must still be in the integration's patch.py (else the run stops), and why.
CODE_BOUNDS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("algoliasearch", "algoliasearch"): (
        "3.0",
        r"algoliasearch_version >= V2 and algoliasearch_version < V3",
        "patch() wraps 1.x and 2.x only (V2 <= version < V3); 3.x and later return unpatched",
    ),
}

# The page's integration rows (rules/integrations.toml ids) -> the tracer integration serving them.
PAGE_INTEGRATIONS = {
    "aiohttp_server": "aiohttp",
    "djangorestframework": "django",
    "mysqlclient": "mysqldb",
    "opensearch": "elasticsearch",
}


def distributions_of(module: str) -> tuple[str, ...]:
    name = normalize(module)
    return MODULE_DISTRIBUTIONS.get(name, (name,))


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class SourceError(Exception):
    pass


# --- reading a source ---------------------------------------------------------------------


@dataclass
class Tree:
    """The files of one tracer source, whatever holds them."""

    label: str
    files: dict[str, bytes] = field(default_factory=dict)

    def text(self, path: str) -> Optional[str]:
        data = self.files.get(path)
        return None if data is None else data.decode("utf-8")

    def folders(self, under: str) -> list[str]:
        prefix = under.rstrip("/") + "/"
        rests = (p[len(prefix) :] for p in self.files if p.startswith(prefix))
        return sorted({rest.split("/", 1)[0] for rest in rests if "/" in rest})


WANTED = re.compile(
    r"^(ddtrace/_monkey\.py|ddtrace/contrib/(internal/)?[^/]+/[^/]+\.py"
    r"|docs/index\.rst|riotfile\.py|supported_versions(_output)?\.json)$"
)


def open_source(spec: str, scratch: Path) -> Tree:
    if spec.startswith("ddtrace=="):
        version = spec.split("==", 1)[1]
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--no-binary",
                "ddtrace",
                f"ddtrace=={version}",
                "-d",
                str(scratch),
            ],
            check=True,
        )
        found = sorted(scratch.glob(f"ddtrace-{version}.tar.gz"))
        if not found:
            raise SourceError(f"pip download gave no ddtrace-{version}.tar.gz")
        return read_sdist(found[0])
    path, _, rev = spec.partition("@")
    root = Path(path)
    if root.is_file() and root.name.endswith(".tar.gz"):
        return read_sdist(root)
    if (root / ".git").exists() or (root / "HEAD").is_file():
        return read_git(root, rev or "HEAD")
    if root.is_dir():
        files = {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and WANTED.match(p.relative_to(root).as_posix())
        }
        return Tree(f"{root.name} (folder)", files)
    raise SourceError(f"not a source: {spec}")


def read_sdist(path: Path) -> Tree:
    match = re.match(r"ddtrace-(.+)\.tar\.gz$", path.name)
    if not match:
        raise SourceError(f"not a ddtrace sdist: {path.name}")
    files: dict[str, bytes] = {}
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            inner = member.name.split("/", 1)[1] if "/" in member.name else ""
            if member.isfile() and WANTED.match(inner):
                handle = archive.extractfile(member)
                assert handle is not None
                files[inner] = handle.read()
    return Tree(f"ddtrace {match.group(1)} sdist", files)


def read_git(repo: Path, rev: str) -> Tree:
    def git(*args: str) -> bytes:
        return subprocess.run(
            ["git", "-C", str(repo), *args], check=True, capture_output=True
        ).stdout

    sha = git("rev-parse", "--short=7", f"{rev}^{{commit}}").decode().strip()
    label = f"dd-trace-py@{rev}" if re.fullmatch(r"v\d+\.\d+\.\d+", rev) else f"dd-trace-py@{sha}"
    paths = [
        p for p in git("ls-tree", "-r", "--name-only", sha).decode().splitlines() if WANTED.match(p)
    ]
    # One `git cat-file --batch` for all the blobs.
    request = "".join(f"{sha}:{p}\n" for p in paths).encode()
    out = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "--batch"],
        input=request,
        check=True,
        capture_output=True,
    ).stdout
    files: dict[str, bytes] = {}
    stream = io.BytesIO(out)
    for path in paths:
        header = stream.readline().split()
        size = int(header[2])
        files[path] = stream.read(size)
        stream.read(1)
    return Tree(label, files)


# --- facts from one source ------------------------------------------------------------------


@dataclass
class Fact:
    value: Any
    source: str


def declared_specs(tree: Tree) -> dict[str, dict[str, Fact]]:
    """integration -> distribution -> declared spec text."""
    found: dict[str, dict[str, Fact]] = {}
    for name in tree.folders("ddtrace/contrib/internal"):
        path = f"ddtrace/contrib/internal/{name}/patch.py"
        text = tree.text(path)
        if text is None:
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef) and node.name == "_supported_versions":
                returned = [
                    n for n in ast.walk(node) if isinstance(n, ast.Return) and n.value is not None
                ]
                specs: dict[str, str] = ast.literal_eval(returned[0].value)  # type: ignore[arg-type]
                where = f"{tree.label}: {path} _supported_versions()"
                for module, spec in specs.items():
                    if normalize(module) in INTERNAL:
                        continue
                    for dist in distributions_of(module):
                        found.setdefault(name, {})[dist] = Fact(spec.replace(" ", ""), where)
    if found:
        return found
    return docs_specs(tree)


# The docs table's labels that are not the integration's folder name, or that cover more
# distributions than the import name (2.x's "psycopg >= 2.8" is psycopg2's and psycopg's row).
DOCS_INTEGRATIONS = {"dogpile.cache": "dogpile_cache", "mysql-connector": "mysql"}
DOCS_DISTRIBUTIONS = {"psycopg": ("psycopg", "psycopg-binary", "psycopg2", "psycopg2-binary")}

_DOCS_ROW = re.compile(r"^\|\s*:ref:`([^`<]+?)\s*(?:<([^>]+)>)?`([^|]*)\|\s*([^|]*?)\s*\|")


def docs_specs(tree: Tree) -> dict[str, dict[str, Fact]]:
    """The 2.x docs' integrations table: ``| :ref:`label <integration>` | >= 1.0 | Yes |``."""
    text = tree.text("docs/index.rst") or ""
    where = f"{tree.label}: docs/index.rst, integrations table, Supported Version"
    found: dict[str, dict[str, Fact]] = {}
    for line in text.splitlines():
        match = _DOCS_ROW.match(line)
        if not match:
            continue
        label, target, _, version = match.groups()
        integration = (target or label).strip()
        integration = DOCS_INTEGRATIONS.get(integration, integration)
        spec = version.replace("\\*", "*").replace(" ", "")
        if normalize(integration) in INTERNAL or not spec:
            continue
        for dist in DOCS_DISTRIBUTIONS.get(label.strip(), distributions_of(label.strip())):
            found.setdefault(integration, {}).setdefault(dist, Fact(spec, where))
    return found


# A riotfile.py venv's packages: ``"elasticsearch": ["~=7.13.0", "==8.0.1", latest]``.
_RIOT_PACKAGES = re.compile(r'"([A-Za-z0-9_.-]+)(?:\[[^\]"]*\])?"\s*:\s*\[([^\]]*)\]')
_RIOT_VERSION = re.compile(r'"\s*(?:==|~=|>=)\s*(\d+(?:\.\d+)*)\s*"')


def ci_tested_versions(tree: Tree, dist: str) -> list[str]:
    """The versions of ``dist`` the tree's CI (riotfile.py) pins a test venv to."""
    text = tree.text("riotfile.py") or ""
    return [version for package, body in _RIOT_PACKAGES.findall(text)
            if normalize(package) == dist for version in _RIOT_VERSION.findall(body)]


def docs_maximum_contradicted(trees: list[Tree], spec: Fact, dist: str,
                              high: str) -> Optional[str]:
    """Why a docs table's exclusive maximum is not the line's: the same tree's CI tests the
    distribution at or above it (2.21's docs say elasticsearch < 8.0; its riotfile tests
    elasticsearch==8.0.1 and its patch.py patches elastic_transport, 8.x's transport)."""
    if "docs/index.rst" not in spec.source:
        return None
    holder = next((t for t in trees if spec.source.startswith(f"{t.label}:")), None)
    if holder is None:
        return None
    above = [v for v in ci_tested_versions(holder, dist) if Version(v) >= Version(high)]
    if not above:
        return None
    return (f"the docs' <{high} dropped: {holder.label} riotfile.py tests "
            f"{dist}=={max(above, key=Version)}")


@dataclass
class Tested:
    minimum: str
    maximum: str
    by_python: dict[str, tuple[str, str]]


def tested_ranges(tree: Tree) -> dict[str, dict[str, Fact]]:
    """integration -> distribution -> Tested."""
    found: dict[str, dict[str, Fact]] = {}
    text = tree.text("supported_versions.json")
    if text is not None:
        where = f"{tree.label}: supported_versions.json"
        for row in json.loads(text):
            by_python = {
                py: (r["minimum_package_version"], r["maximum_package_version"])
                for py, r in sorted(row["python_versions"].items(), key=lambda kv: Version(kv[0]))
                if r["minimum_package_version"] and r["maximum_package_version"]
            }
            if not by_python:
                continue  # no tested version (stdlib rows)
            low = min((v[0] for v in by_python.values()), key=Version)
            high = max((v[1] for v in by_python.values()), key=Version)
            add_tested(
                found, row["integration"], row["dependency"], Tested(low, high, by_python), where
            )
        return found
    text = tree.text("supported_versions_output.json")
    if text is not None:
        where = f"{tree.label}: supported_versions_output.json"
        for row in json.loads(text):
            # 2.x's file has no distribution column: the integration's name stands for it.
            dependency = row.get("dependency") or row["integration"]
            tested = Tested(row["minimum_tracer_supported"], row["max_tracer_supported"], {})
            add_tested(
                found, row["integration"], dependency, tested, where, named="dependency" in row
            )
    return found


def add_tested(
    found: dict[str, dict[str, Fact]],
    integration: str,
    dependency: str,
    tested: Tested,
    where: str,
    *,
    named: bool = True,
) -> None:
    if normalize(integration) in INTERNAL:
        return  # a test environment's helper, not the instrumented library
    for dist in (normalize(dependency),) if named else distributions_of(dependency)[:1]:
        previous = found.setdefault(integration, {}).get(dist)
        if previous is not None:  # aliases (aiohttp-jinja2 and aiohttp_jinja2): the wider range
            old: Tested = previous.value
            tested = Tested(
                min(old.minimum, tested.minimum, key=Version),
                max(old.maximum, tested.maximum, key=Version),
                old.by_python or tested.by_python,
            )
        found[integration][dist] = Fact(tested, where)


def integration_folders(tree: Tree) -> list[str]:
    """Integration folders: ddtrace/contrib/internal/NAME (3.x on), ddtrace/contrib/NAME (2.x)."""
    inner = [f"ddtrace/contrib/internal/{n}" for n in tree.folders("ddtrace/contrib/internal")]
    names = {f.rsplit("/", 1)[1] for f in inner}
    outer = [f"ddtrace/contrib/{n}" for n in tree.folders("ddtrace/contrib") if n not in names]
    return sorted(f for f in inner + outer if not f.endswith(("/internal", "/_events")))


def patch_defaults(tree: Tree) -> dict[str, Fact]:
    text = tree.text("ddtrace/_monkey.py")
    if text is None:
        return {}
    where = f"{tree.label}: ddtrace/_monkey.py PATCH_MODULES"
    found: dict[str, Fact] = {}
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "PATCH_MODULES" for t in targets):
                for key, value in zip(node.value.keys, node.value.values):
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        if isinstance(value, ast.Constant) and isinstance(value.value, bool):
                            found[key.value] = Fact("yes" if value.value else "no", where)
                        else:
                            found[key.value] = Fact("conditional", where)
    for folder in integration_folders(tree):
        name = folder.rsplit("/", 1)[1]
        if name not in found:
            found[name] = Fact("manual", f"{tree.label}: {folder}/ (not in PATCH_MODULES)")
    return found


# --- merging sources and writing ---------------------------------------------------------------


def merge(facts: list[dict[Any, Fact]]) -> dict[Any, Fact]:
    """Per key: the newest source's value, with the oldest source that already said it."""
    merged: dict[Any, Fact] = {}
    for layer in facts:
        for key, fact in layer.items():
            if key not in merged or merged[key].value != fact.value:
                merged[key] = fact
    return merged


def flatten(nested: dict[str, dict[str, Fact]]) -> dict[tuple[str, str], Fact]:
    return {(i, d): f for i, ds in nested.items() for d, f in ds.items()}


def bounds(spec: str) -> tuple[str, str]:
    """The inclusive minimum and exclusive maximum a declared spec states ('' where none)."""
    low = high = ""
    for item in SpecifierSet(spec if spec != "*" else ""):
        if item.operator == ">=":
            low = item.version
        elif item.operator == "<":
            high = item.version
        else:
            raise SourceError(f"unexpected operator in declared spec {spec!r}")
    return low, high


def page_rows() -> list[tuple[str, str]]:
    """(row id, tracer integration) for the page's rows that name a distribution."""
    with open(RULES / "integrations.toml", "rb") as handle:
        rows = tomllib.load(handle)["integration"]
    return [(r["id"], PAGE_INTEGRATIONS.get(r["id"], r["id"])) for r in rows if r["distributions"]]


def quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(line: int, trees: list[Tree]) -> str:
    layers = [flatten(declared_specs(t)) for t in trees]
    declared = merge(layers)
    # Where the newest source declares an integration, its keys are the whole declaration.
    latest = {i for (i, _) in layers[-1]}
    declared = {k: v for k, v in declared.items() if k[0] not in latest or k in layers[-1]}
    tested = merge([flatten(tested_ranges(t)) for t in trees])
    patched = merge([patch_defaults(t) for t in trees])
    # An integration the newest source lacks is gone from the line, whatever older sources say.
    newest = patch_defaults(trees[-1])
    patched = {k: v for k, v in patched.items() if k in newest}
    declared = {k: v for k, v in declared.items() if k[0] in newest}
    tested = {k: v for k, v in tested.items() if k[0] in newest}
    # "ddtrace 4.16.0 sdist" -> 4.16.0, "dd-trace-py@v3.19.8" -> 3.19.8; a commit stays a label
    named = re.fullmatch(r"ddtrace (\S+) sdist|dd-trace-py@v(\d+\.\d+\.\d+)", trees[-1].label)
    release = next(g for g in named.groups() if g) if named else trees[-1].label
    # A distribution another integration is named after (botocore in aiobotocore's rows).
    owned = {d for name in newest for d in (normalize(name), *distributions_of(name))}

    out = [
        f"# ddlint rule data: what the ddtrace {line}.x release line itself declares and tests,",
        "# per integration and PyPI distribution. Generated by scripts/refresh_tracer_facts.py",
        "# from the sources in [meta] (oldest first); do not edit by hand, rerun the script.",
        "[meta]",
        f"line = {line}",
        f"release = {quote(release)}",
        f"sources = [{', '.join(quote(t.label) for t in trees)}]",
        "",
    ]
    for name in sorted(patched):
        out += [
            "[[integration]]",
            f"name = {quote(name)}",
            f"patched = {quote(patched[name].value)}",
            f"source = {quote(patched[name].source)}",
            "",
        ]
    for key in sorted(set(declared) | set(tested), key=lambda k: (k[1], k[0])):
        integration, dist = key
        spec = declared.get(key)
        test = tested.get(key)
        low, high = bounds(spec.value) if spec else ("", "")
        high_source = spec.source if spec and high else ""
        declared_text = spec.value if spec else ""
        declared_from = spec.source if spec else ""
        contradicted = docs_maximum_contradicted(trees, spec, dist, high) if spec and high \
            else None
        if contradicted is not None:
            declared_text = ",".join(part for part in declared_text.split(",")
                                     if part != f"<{high}")
            declared_from = f"{declared_from}; {contradicted}"
            high, high_source = "", ""
        code = CODE_BOUNDS.get((integration, dist))
        if code is not None:
            bound, pattern, why = code
            patch_path = f"ddtrace/contrib/internal/{integration}/patch.py"
            holders = [t for t in trees if pattern in (t.text(patch_path) or "")]
            if not holders or holders[-1] is not trees[-1]:
                raise SourceError(
                    f"{patch_path}: the code bound <{bound} is no longer there; check it"
                )
            holder = holders[0]
            high, high_source = bound, f"{holder.label}: {patch_path} ({why})"
        own = dist == normalize(integration) or dist in distributions_of(integration)
        companion = dist in COMPANIONS or (not own and dist in owned)
        out += ["[[distribution]]", f"name = {quote(dist)}", f"integration = {quote(integration)}"]
        out += [
            f"declared = {quote(declared_text)}",
            f"declared_source = {quote(declared_from)}",
        ]
        out += [
            f"minimum = {quote(low)}",
            f"maximum = {quote(high)}",
            f"maximum_source = {quote(high_source)}",
        ]
        if test is not None:
            t: Tested = test.value
            out += [
                f"tested_min = {quote(t.minimum)}",
                f"tested_max = {quote(t.maximum)}",
                f"tested_source = {quote(test.source)}",
            ]
            cells = [
                f"{{python = {quote(py)}, min = {quote(a)}, max = {quote(b)}}}"
                for py, (a, b) in t.by_python.items()
            ]
            out.append(f"tested_by_python = [{', '.join(cells)}]")
        else:
            out += [
                'tested_min = ""',
                'tested_max = ""',
                'tested_source = ""',
                "tested_by_python = []",
            ]
        out += [f"companion = {'true' if companion else 'false'}", ""]
    for row, integration in page_rows():
        present = integration in newest
        where = (
            patched[integration].source
            if present
            else (
                f"{trees[-1].label}: no integration folder {integration}/ under ddtrace/contrib/"
                " and no PATCH_MODULES entry"
            )
        )
        out += [
            "[[page]]",
            f"id = {quote(row)}",
            f"integration = {quote(integration)}",
            f"present = {'true' if present else 'false'}",
            f"source = {quote(where)}",
            "",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--line", type=int, required=True, help="tracer major version")
    parser.add_argument("sources", nargs="+", help="oldest first (see the module docstring)")
    parser.add_argument("--output", type=Path, help="default: rules/tracer_v<LINE>.toml")
    parser.add_argument("--check", action="store_true", help="compare with the file, write nothing")
    args = parser.parse_args(argv)
    output = args.output or RULES / f"tracer_v{args.line}.toml"
    with tempfile.TemporaryDirectory() as scratch:
        try:
            trees = [open_source(spec, Path(scratch)) for spec in args.sources]
            text = render(args.line, trees)
        except (SourceError, subprocess.CalledProcessError, InvalidVersion) as error:
            print(f"refresh_tracer_facts: {error}", file=sys.stderr)
            return 2
    from generate import refresh  # scripts/ is the first folder of a script's sys.path

    return refresh({output: text}, args.check, "refresh_tracer_facts")


if __name__ == "__main__":
    sys.exit(main())
