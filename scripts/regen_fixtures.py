#!/usr/bin/env python3
"""Regenerate the lockfile fixtures under fixtures/ with the real tools.

Every scenario directory holds hand-written input manifests (pyproject.toml,
Pipfile or requirements.in) and the lockfile the tool wrote from them.  This
script copies the manifests into a scratch directory, runs the tool there,
copies the lockfile back and replaces the host of every http(s) URL in it with
``registry.invalid``.  Nothing else in the tool's output is touched.

Needs:
  * Python 3.9+ to run this script (stdlib only), and network access to the
    default public package index.
  * The interpreters listed in TOOLS (CPython 3.8, 3.11, 3.12), found under
    ~/.pyenv/versions/X.Y.*/bin/python or else as ``pythonX.Y`` on PATH.
  The tools themselves are installed automatically, at the pinned versions in
  TOOLS, into throwaway virtualenvs under --tools-dir (default: a directory in
  the system temp dir), which are reused on later runs.

Run from anywhere:
  python scripts/regen_fixtures.py                       # every scenario
  python scripts/regen_fixtures.py --only parity/uv      # one scenario
  python scripts/regen_fixtures.py --list

The tools run with pip's configuration files, find-links and extra indexes
switched off, so they see only the default index.  Re-running gives the same
files as long as the index has not published new releases of unpinned
dependencies; the host rewrite itself is idempotent.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TIMEOUT = 900  # seconds per tool invocation

# tool venv name -> (interpreter version, pip requirements)
TOOLS = {
    "uv": ("3.12", ["uv==0.13.9"]),
    "poetry": ("3.12", ["poetry==2.5.1"]),
    "poetry-1.8": ("3.8", ["poetry==1.8.5"]),
    "poetry-1.1": ("3.8", ["poetry==1.1.15"]),
    # poetry 1.1 only locks for a project whose Python range admits the one it runs on.
    "poetry-1.1-py3.9": ("3.9", ["poetry==1.1.15"]),
    "pdm": ("3.12", ["pdm==2.29.4", "hishel==1.4.0"]),
    # pip >= 24.1 (and pdm) reject celery < 4.4.8's "pytz (>dev)" requirement;
    # these two keep a pip 24.0 so that the parity set can keep celery 4.3.0.
    "pipenv": ("3.11", ["pipenv==2024.0.3"]),
    "pip-tools": ("3.11", ["pip-tools==7.6.2", "pip==24.0"]),
    "pip": ("3.11", ["pip==26.3"]),
}

# scenario directory -> (tool venv, command, hand-written manifest, lockfile it writes)
SCENARIOS = {
    "parity/uv": ("uv", "uv lock", "pyproject.toml", "uv.lock"),
    "parity/poetry": ("poetry", "poetry lock", "pyproject.toml", "poetry.lock"),
    "parity/pdm": ("pdm", "pdm lock", "pyproject.toml", "pdm.lock"),
    "parity/pipenv": ("pipenv", "pipenv lock", "Pipfile", "Pipfile.lock"),
    "parity/pylock-uv": (
        "uv",
        "uv export --format pylock.toml -o pylock.toml",
        "pyproject.toml",
        "pylock.toml",
    ),
    "parity/pylock-pip": ("pip", "pip lock -r requirements.in", "requirements.in", "pylock.toml"),
    "parity/pip-compile": (
        "pip-tools",
        "pip-compile --generate-hashes",
        "requirements.in",
        "requirements.txt",
    ),
    "uv-forked": ("uv", "uv lock", "pyproject.toml", "uv.lock"),
    "poetry-lock-versions/1.1": ("poetry-1.1", "poetry lock", "pyproject.toml", "poetry.lock"),
    "poetry-lock-versions/2.0": ("poetry-1.8", "poetry lock", "pyproject.toml", "poetry.lock"),
    "poetry-lock-versions/2.1": ("poetry", "poetry lock", "pyproject.toml", "poetry.lock"),
    "uv-groups": ("uv", "uv lock", "pyproject.toml", "uv.lock"),
    "uv-override": ("uv", "uv lock", "pyproject.toml", "uv.lock"),
    "typical": ("uv", "uv lock", "pyproject.toml", "uv.lock"),
    # Real-world shapes of issue 10 (tests/test_real_world.py).
    "real-world/poetry-own-extra": ("poetry", "poetry lock", "pyproject.toml", "poetry.lock"),
    "real-world/poetry-dependency-extras/1.1": (
        "poetry-1.1-py3.9", "poetry lock", "pyproject.toml", "poetry.lock",
    ),
    "real-world/poetry-dependency-extras/2.0": (
        "poetry-1.8", "poetry lock", "pyproject.toml", "poetry.lock",
    ),
    "real-world/uv-pip-compile": (
        "uv",
        "uv pip compile --generate-hashes --python-version 3.11 requirements.in"
        " -o requirements.txt",
        "requirements.in",
        "requirements.txt",
    ),
    # Environments (issue 20, tests/test_consistency.py): pip-tools' layered workflow (the
    # hand-written dev-requirements.in constrains itself with -c requirements.txt), and a file
    # compiled from the repository's top, its header naming paths from there.
    "environments/layered": (
        "pip-tools",
        "pip-compile --no-emit-index-url --no-emit-find-links",
        "requirements.in",
        "requirements.txt",
    ),
    "environments/compiled-from-top": (
        "pip-tools",
        "pip-compile --no-emit-index-url --no-emit-find-links"
        " --output-file=requirements/main.txt requirements/main.in",
        "requirements/main.in",
        "requirements/main.txt",
    ),
}

# poetry asks the default index for one JSON document per release
# (<index>/pypi/<name>/<version>/json).  Where that endpoint answers 404 (it did
# in the sandbox these fixtures were first made in), POETRY_SHIM rebuilds the
# document from the simple JSON API (PEP 691) and the release's core metadata
# (PEP 658).  It only acts on a 404; resolution and lock writing are poetry's.
POETRY_SHIM = r"""
import email.parser, io, json, re, runpy, sys, tarfile, urllib.request, zipfile
from packaging.version import Version
from poetry.repositories.pypi_repository import PyPiRepository

def fetch(url, accept="*/*"):
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()

def same_version(filename, version):
    stem = re.sub(r"(\.tar\.gz|\.zip|\.tar\.bz2|\.whl)$", "", filename)
    try:
        found = stem.split("-")[1] if filename.endswith(".whl") else stem.rsplit("-", 1)[1]
        return Version(found) == Version(version)
    except Exception:
        return False

def read_metadata(f):
    try:  # PEP 658: a wheel's METADATA served next to it
        return fetch(f["url"] + ".metadata")
    except Exception:
        data = io.BytesIO(fetch(f["url"]))
    if f["filename"].endswith(".whl"):
        with zipfile.ZipFile(data) as z:
            return z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA")))
    if f["filename"].endswith(".zip"):
        with zipfile.ZipFile(data) as z:
            return z.read(min((n for n in z.namelist() if n.endswith("/PKG-INFO")), key=len))
    with tarfile.open(fileobj=data) as t:
        name = min((n for n in t.getnames() if n.endswith("/PKG-INFO")), key=len)
        return t.extractfile(name).read()

def release_json(repo, name, version):
    simple = repo._base_url + "simple/%s/" % name
    index = json.loads(fetch(simple, "application/vnd.pypi.simple.v1+json"))
    files = [f for f in index["files"] if same_version(f["filename"], version)]
    if not files:
        return None
    yanked = [f.get("yanked") for f in files]
    reason = next((y for y in yanked if isinstance(y, str)), None)
    info = {"name": index["name"], "version": version, "summary": "", "platform": None,
            "requires_dist": None, "requires_python": files[0].get("requires-python"),
            "yanked": all(yanked), "yanked_reason": reason}
    wheels = [f for f in files if f["filename"].endswith(".whl")]
    wheels.sort(key=lambda f: f.get("size") or 0)
    sdists = [f for f in files if f["filename"].endswith((".tar.gz", ".zip"))]
    if wheels or sdists:
        meta = email.parser.BytesParser().parsebytes(read_metadata((wheels or sdists)[0]))
        info.update(name=meta["Name"] or info["name"], summary=meta["Summary"] or "",
                    requires_python=meta["Requires-Python"] or info["requires_python"])
        if wheels:  # an sdist's PKG-INFO may omit Requires-Dist; poetry then inspects it itself
            info["requires_dist"] = meta.get_all("Requires-Dist")
    urls = [{"filename": f["filename"], "url": f["url"], "digests": f["hashes"],
             "size": f.get("size"), "packagetype": "bdist_wheel" if f in wheels else "sdist",
             "requires_python": f.get("requires-python"), "yanked": bool(f.get("yanked")),
             "upload_time_iso_8601": f.get("upload-time")} for f in wheels + sdists]
    return {"info": info, "urls": urls}

original_get = PyPiRepository._get

def _get(self, endpoint, *args, **kwargs):
    data = original_get(self, endpoint, *args, **kwargs)
    match = re.fullmatch(r"pypi/([^/]+)/([^/]+)/json", endpoint)
    return release_json(self, *match.groups()) if data is None and match else data

PyPiRepository._get = _get
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""

URL_HOST = re.compile(r"(https?://)[^/\s\"'<>]+", re.IGNORECASE)


def find_python(version: str) -> str:
    matches = sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python")))
    found = matches[-1] if matches else shutil.which(f"python{version}")
    if not found:
        sys.exit(f"regen_fixtures: no Python {version} interpreter found")
    return found


def tool_bin(tools_dir: Path, name: str) -> Path:
    """Return the bin directory of the tool's venv, creating it on first use."""
    version, requirements = TOOLS[name]
    venv = tools_dir / name
    stamp = venv / "requirements.txt"
    wanted = "\n".join(requirements) + "\n"
    if not (stamp.exists() and stamp.read_text() == wanted):
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([find_python(version), "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "-U", "pip"], check=True)
        subprocess.run([*pip, *requirements], check=True)
        stamp.write_text(wanted)
    return venv / "bin"


def tool_env(bin_dir: Path, work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_", "VIRTUAL_ENV"))}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        XDG_CACHE_HOME=str(work / ".cache"),  # cold caches: nothing from earlier runs leaks in
        PIP_CONFIG_FILE=os.devnull,  # no machine-wide find-links or extra indexes
        UV_NO_CONFIG="1",
        POETRY_VIRTUALENVS_IN_PROJECT="true",
        PIPENV_VENV_IN_PROJECT="1",
        PIPENV_PYTHON=find_python(TOOLS["pipenv"][0]),
        PDM_CHECK_UPDATE="false",
    )
    return env


def rewrite_hosts(text: str) -> str:
    return URL_HOST.sub(r"\1registry.invalid", text)


def regen(name: str, tools_dir: Path) -> None:
    tool, command, manifest, lockfile = SCENARIOS[name]
    target = FIXTURES / name
    bin_dir = tool_bin(tools_dir, tool)
    with tempfile.TemporaryDirectory(prefix="ddlint-fixture-") as tmp:
        work = Path(tmp)
        (work / manifest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target / manifest, work / manifest)
        print(f"[{name}] {command}", flush=True)
        program, *args = command.split()
        argv = [str(bin_dir / program), *args]
        if program == "poetry":
            argv = [str(bin_dir / "python"), "-c", POETRY_SHIM, *argv]
        env = tool_env(bin_dir, work)
        if subprocess.run(argv, cwd=work, env=env, timeout=TIMEOUT, check=False).returncode:
            sys.exit(f"[{name}] {command} failed")
        with open(work / lockfile, encoding="utf-8", newline="") as f:
            text = f.read()
        with open(target / lockfile, "w", encoding="utf-8", newline="") as f:
            f.write(rewrite_hosts(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(SCENARIOS), metavar="NAME")
    parser.add_argument("--list", action="store_true", help="list scenario names and exit")
    parser.add_argument(
        "--tools-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "ddlint-fixture-tools",
        help="where the tool virtualenvs live (default: %(default)s)",
    )
    args = parser.parse_args()
    if args.list:
        print("\n".join(SCENARIOS))
        return
    for name in args.only or SCENARIOS:
        regen(name, args.tools_dir)


if __name__ == "__main__":
    main()
