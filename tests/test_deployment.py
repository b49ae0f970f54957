"""Reading the deployment (issue 23): what each source kind declares of the Agent, the Lambda
Extension, the Lambda Python layer and the tracer, ``ddlint deployment``'s JSON contract, and
what the rules say from it (DDL401, DDL402, DDL204, the tracer's rules on the declaration's
line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, GIT, copy_project, diagnostics

SCENARIOS = FIXTURES / "deployment"
Row = tuple[str, str, "str | None", str, int, str]


def _declared(ddlint: Any, root: Path, *paths: str) -> list[Row]:
    result = ddlint("deployment", *paths, "--format", "json", cwd=root, today=False)
    assert result.code == 0, result.err
    return [(d["kind"], d["state"], d["version"], d["path"], d["line"], d["via"])
            for d in result.json()["declarations"]]


@pytest.mark.parametrize(("scenario", "expected"), [
    ("compose", [("agent", "known", "7.75.0", "docker-compose.yml", 3, "compose")]),
    ("kubernetes", [("agent", "known", "7.77.2", "k8s/datadog-agent.yaml", 24, "kubernetes")]),
    ("helm-argocd", [("agent", "known", "7.51.0", "deploy/argocd/datadog.yaml", 11,
                      "helm-chart")]),
    ("helm-values", [("agent", "known", "7.65.0", "values_ddot.yaml", 8, "helm-values")]),
    # the override wins over the default Agent of the Operator the Flux chart pins
    ("operator", [("agent", "known", "7.81.2", "k8s/datadog-agent.yaml", 17, "operator")]),
    ("ecs", [("agent", "known", "7.35.0", "deploy/task-definition.json", 12, "ecs")]),
    ("terraform", [("agent", "known", "7.74.0", "infra/datadog.tf", 5, "terraform")]),
    ("serverless", [
        ("lambda-python-layer", "known", "114", "serverless.yml", 9, "serverless"),
        ("tracer", "line", "3", "serverless.yml", 9, "serverless"),
        ("lambda-extension", "known", "86", "serverless.yml", 10, "serverless"),
    ]),
    ("sam", [
        ("lambda-python-layer", "known", "123", "template.yaml", 8, "sam"),
        ("tracer", "line", "4", "template.yaml", 8, "sam"),  # Runtime: python3.12 -> 4.x
        ("lambda-extension", "known", "96", "template.yaml", 9, "sam"),
    ]),
    # the explicit parameters win over the constructs' 5.0.0 defaults (layers 127 and 99)
    ("cdk", [
        ("lambda-python-layer", "known", "125", "lib/shared-props.ts", 5, "cdk"),
        ("tracer", "unknown", None, "lib/shared-props.ts", 5, "cdk"),  # the runtime decides
        ("lambda-extension", "known", "92", "lib/shared-props.ts", 6, "cdk"),
    ]),
    ("dockerfile", [("tracer", "known", "2.15.1", "Dockerfile", 6, "dockerfile")]),
    ("lambda-container", [("lambda-extension", "floating", None, "Dockerfile", 2,
                           "dockerfile")]),
    ("ssi", [("tracer", "line", "2", "k8s/deployment.yaml", 11, "ssi")]),
    ("agent6", [("agent", "known", "6.33.0", "docker-compose.yml", 3, "compose")]),
])
def test_each_source_kind_on_real_shapes(tmp_path: Path, ddlint: Any, scenario: str,
                                          expected: list[Row]) -> None:
    root = copy_project(SCENARIOS / scenario, tmp_path / scenario)
    assert _declared(ddlint, root) == expected


@pytest.mark.parametrize("code", ["DDL401", "DDL402", "DDL204", "DDL201", "DDL202"])
def test_rule_pages_say_where_versions_are_read_from(ddlint: Any, code: str) -> None:
    page = ddlint("rule", code).out
    assert "read from" in page and "deployment" in page, code


def test_json_contract(tmp_path: Path, ddlint: Any) -> None:
    root = copy_project(SCENARIOS / "compose", tmp_path / "compose")
    document = ddlint("deployment", "--format", "json", cwd=root, today=False).json()
    assert set(document) == {"version", "declarations"} and document["version"] == 1
    assert document["declarations"] == [{
        "kind": "agent", "state": "known", "version": "7.75.0",
        "declared": "registry.invalid/datadoghq/agent:${DD_AGENT_VERSION:-latest}",
        "path": "docker-compose.yml", "line": 3, "via": "compose",
    }]
    text = ddlint("deployment", cwd=root, today=False).out
    assert text.startswith("docker-compose.yml:3: agent 7.75.0 (known, compose)")
    assert ddlint("deployment", "missing", cwd=root, today=False).code == 2


def _lint(ddlint: Any, root: Path, *args: str) -> list[tuple[str, str, str, int, list[str]]]:
    result = ddlint(".", "--format", "json", "--python", "3.12", "--select", "DDL2,DDL4",
                    "--ignore", "DDL205", *args, cwd=root)
    return [(d["code"], d["severity"], d["path"], d["line"],
             [f"{r['path']}:{r['line']}" for r in d.get("related", [])])
            for d in diagnostics(result)]


@pytest.mark.parametrize(("scenario", "expected"), [
    ("compose", [("DDL401", "warning", "requirements.txt", 3, ["docker-compose.yml:3"])]),
    ("kubernetes", []),  # 7.77.2 is at or above 7.76.1
    ("operator", []),
    ("helm-argocd", [("DDL401", "warning", "requirements.txt", 2,
                      ["deploy/argocd/datadog.yaml:11"])]),
    ("helm-values", [("DDL401", "warning", "requirements.txt", 2, ["values_ddot.yaml:8"])]),
    ("ecs", [("DDL401", "warning", "requirements.txt", 2, ["deploy/task-definition.json:12"])]),
    ("terraform", [("DDL401", "warning", "requirements.txt", 2, ["infra/datadog.tf:5"])]),
    # the Extension layer 86 is below 93; the tracer is the layer's 3.x, End of Life
    ("serverless", [("DDL402", "warning", "requirements.txt", 1, ["serverless.yml:10"]),
                    ("DDL201", "error", "serverless.yml", 9, [])]),
    ("sam", []),  # extension layer 96
    ("cdk", [("DDL402", "warning", "requirements.txt", 3, ["lib/shared-props.ts:6"])]),
    ("lambda-container", [("DDL402", "info", "requirements.txt", 3, ["Dockerfile:2"])]),
    ("dockerfile", [("DDL201", "error", "Dockerfile", 6, [])]),
    ("ssi", [("DDL201", "error", "k8s/deployment.yaml", 11, [])]),
    ("agent6", [("DDL204", "error", "requirements.txt", 1, ["docker-compose.yml:3"])]),
])
def test_rules_judge_what_is_read(tmp_path: Path, ddlint: Any, scenario: str,
                                  expected: list[tuple[str, str, str, int, list[str]]]) -> None:
    root = copy_project(SCENARIOS / scenario, tmp_path / scenario)
    assert sorted(_lint(ddlint, root)) == sorted(expected)


def test_message_names_the_declaration_and_says_how_it_was_derived(tmp_path: Path,
                                                                   ddlint: Any) -> None:
    root = copy_project(SCENARIOS / "helm-argocd", tmp_path / "helm")
    result = ddlint(".", "--format", "json", "--select", "DDL401", cwd=root)
    found = next(diagnostics(result))
    assert "the Datadog Agent is 7.51.0 (deploy/argocd/datadog.yaml:11 'targetRevision: " \
           "3.57.0', the default of the datadog chart 3.57.0)" in found["message"]
    assert found["fix"] == "use Datadog Agent 7.76.1 or newer in deploy/argocd/datadog.yaml:11"


def test_configuration_and_command_line_win(tmp_path: Path, ddlint: Any) -> None:
    root = copy_project(SCENARIOS / "compose", tmp_path / "compose")
    assert _lint(ddlint, root, "--agent-version", "7.76.1") == []
    (root / "ddlint.toml").write_text('agent-version = "7.80.0"\n')
    assert _lint(ddlint, root) == []


def _case(write: Any, files: dict[str, str]) -> Path:
    root: Path = write({**GIT, **files})
    return root


REDIS = "ddtrace==4.16.0\nredis==5.0.8\n"


@pytest.mark.parametrize(("image", "severity", "words"), [
    ("datadog/agent:latest", "info", "is floating (docker-compose.yml:3 'datadog/agent:latest')"),
    ("datadog/agent", "info", "is floating"),  # no tag is latest
    ("datadog/agent:7", "info", "is floating"),  # a major: any 7.x
    ("datadog/agent:7-jmx", "info", "is floating"),
    ("datadog/agent@sha256:" + "a" * 64, "warning", "version is unknown (docker-compose.yml:3"),
    ("datadog/agent:${AGENT_TAG}", "warning", "version is unknown (docker-compose.yml:3"),
    ("datadog/agent:7.76.0", "warning", "is 7.76.0"),
    ("datadog/agent:7.76.1-full", None, ""),
    ("datadog/docker-dd-agent:latest", "warning", "is 5 ("),  # the Agent 5 image
])
def test_compose_tags(write: Any, ddlint: Any, image: str, severity: str | None,
                      words: str) -> None:
    root = _case(write, {"requirements.txt": REDIS, "docker-compose.yml":
                         f"services:\n  agent:\n    image: {image}\n"})
    result = ddlint(".", "--format", "json", "--select", "DDL401", cwd=root)
    found = list(diagnostics(result))
    if severity is None:
        assert found == []
        return
    assert [(d["severity"], d["line"]) for d in found] == [(severity, 2)]
    assert words in found[0]["message"]


def test_several_declarations_judge_the_lowest_known_and_list_the_others(write: Any,
                                                                        ddlint: Any) -> None:
    root = _case(write, {
        "requirements.txt": REDIS,
        "docker-compose.yml": "services:\n  agent:\n    image: datadog/agent:latest\n",
        "deploy/k8s/agent.yaml": "apiVersion: apps/v1\nkind: DaemonSet\nspec:\n  template:\n"
                                 "    spec:\n      containers:\n        - name: agent\n"
                                 "          image: datadog/agent:7.52.0\n",
        "deploy/ecs/task.json": '{"containerDefinitions": [\n  {"image": "datadog/agent:7.80.0"}'
                                "\n]}\n",
    })
    found = next(diagnostics(ddlint(".", "--format", "json", "--select", "DDL401", cwd=root)))
    assert "the Datadog Agent is 7.52.0 (deploy/k8s/agent.yaml:8" in found["message"]
    also = found["message"].split("; also declared: ")[1]
    assert "docker-compose.yml:3 'datadog/agent:latest'" in also
    assert "deploy/ecs/task.json:2 'datadog/agent:7.80.0'" in also


def test_a_declaration_applies_at_or_below_the_nearest_folder_with_dependency_files(
        write: Any, ddlint: Any) -> None:
    root = _case(write, {
        "services/a/requirements.txt": REDIS,
        "services/a/docker-compose.yml": "services:\n  agent:\n    image: datadog/agent:7.52.0\n",
        "services/b/requirements.txt": REDIS,
        "services/c/requirements.txt": REDIS,
        "services/c/deploy/agent.yaml": "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
                                        "    - image: datadog/agent:7.80.0\n",
    })
    result = ddlint(".", "--format", "json", "--select", "DDL401", cwd=root)
    messages = {d["path"]: d["message"] for d in diagnostics(result)}
    assert "is 7.52.0" in messages["services/a/requirements.txt"]
    assert "version is unknown:" in messages["services/b/requirements.txt"]  # as today
    assert "services/c/requirements.txt" not in messages  # 7.80.0 from its deploy/ folder


def test_a_tracer_installed_by_a_dockerfile_counts_as_the_tracer(write: Any, ddlint: Any) -> None:
    """Unpinned: the tracer is present (its Redis client is traced); pinned: judged like a pin
    on the Dockerfile's line."""
    root = _case(write, {"requirements.txt": "redis==5.0.8\n",
                         "Dockerfile": "FROM python:3.12\nRUN pip install ddtrace redis\n"})
    assert [d["code"] for d in diagnostics(ddlint(".", "--format", "json", "--select", "DDL4",
                                                  cwd=root))] == ["DDL401"]
    assert _declared(ddlint, root) == [("tracer", "floating", None, "Dockerfile", 2,
                                        "dockerfile")]
    (root / "Dockerfile").write_text("FROM python:3.12\nRUN pip install 'ddtrace>=2.21'\n")
    assert _declared(ddlint, root) == [("tracer", "lower-bound", "2.21", "Dockerfile", 2,
                                        "dockerfile")]


@pytest.mark.parametrize(("scenario", "fix"), [
    ("dockerfile", "install ddtrace>=4,<5 where Dockerfile:6 installs the tracer"),
    ("serverless", "use a Datadog Lambda Python layer that bundles ddtrace>=4,<5 in "
                   "serverless.yml:9"),
    ("ssi", "set single-step instrumentation's Python library to a release of ddtrace>=4,<5 "
            "in k8s/deployment.yaml:11"),
])
def test_the_fix_says_where_the_tracer_comes_from(tmp_path: Path, ddlint: Any, scenario: str,
                                                  fix: str) -> None:
    root = copy_project(SCENARIOS / scenario, tmp_path / scenario)
    result = ddlint(".", "--format", "json", "--select", "DDL201", cwd=root)
    assert [d["fix"] for d in diagnostics(result)] == [fix]


def test_the_tracer_pinned_in_the_files_wins_over_the_deployment(write: Any,
                                                                 ddlint: Any) -> None:
    root = _case(write, {"requirements.txt": "ddtrace==4.16.0\n",
                         "Dockerfile": "FROM python:3.12\nRUN pip install ddtrace==2.15.1\n"})
    result = ddlint(".", "--format", "json", "--select", "DDL201", cwd=root)
    assert list(diagnostics(result)) == []


@pytest.mark.parametrize(("files", "expected"), [
    # the serverless plugin's release decides the Extension: ^5.122.0 is 93 or later
    ({"package.json": '{"devDependencies": {"serverless-plugin-datadog": "^5.122.0"}}\n'},
     [("lambda-extension", "lower-bound", "93", "package.json", 1, "serverless"),
      ("lambda-python-layer", "lower-bound", "122", "package.json", 1, "serverless")]),
    ({"package.json": '{"devDependencies": {\n  "serverless-plugin-datadog": "5.118.0"}}\n'},
     [("lambda-extension", "known", "91", "package.json", 2, "serverless"),
      ("lambda-python-layer", "known", "120", "package.json", 2, "serverless"),
      ("tracer", "line", "3", "package.json", 2, "serverless")]),
    # the Terraform module's defaults by its version
    ({"lambda.tf": 'module "fn" {\n  source  = "DataDog/lambda-datadog/aws"\n'
                   '  version = "4.6.0"\n}\n'},
     [("lambda-extension", "known", "92", "lambda.tf", 3, "terraform")]),
    ({"lambda.tf": 'module "fn" {\n  source  = "DataDog/lambda-datadog/aws"\n'
                   '  version = "4.6.0"\n  datadog_extension_layer_version = 90\n}\n'},
     [("lambda-extension", "known", "90", "lambda.tf", 4, "terraform")]),
    # a runtime's first layer backfilled the lower numbers: Python312:78 is the 86 build
    ({"template.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  F:\n"
                       "    Properties:\n      Layers:\n        - !Sub arn:aws:lambda:"
                       "${AWS::Region}:464622532012:layer:Datadog-Python312:78\n"},
     [("lambda-python-layer", "known", "78", "template.yaml", 6, "sam"),
      ("tracer", "line", "2", "template.yaml", 6, "sam")]),
    # layers 6-49 pinned ddtrace exactly
    ({"serverless.yml": "provider:\n  layers:\n    - arn:aws:lambda:us-east-1:464622532012:"
                        "layer:Datadog-Python38:40\n"},
     [("lambda-python-layer", "known", "40", "serverless.yml", 3, "serverless"),
      ("tracer", "known", "0.48.0", "serverless.yml", 3, "serverless")]),
    # a layer cannot float: ":latest" is not a layer version
    ({"main.tf": 'locals {\n  layers = ["arn:aws:lambda:us-east-1:464622532012:layer:'
                 'Datadog-Extension:latest"]\n}\n'},
     [("lambda-extension", "unknown", None, "main.tf", 2, "terraform")]),
    # CloudFormation: !Ref to a parameter's default, one hop
    ({"template.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n"
                       "  ExtensionLayer:\n    Type: Number\n    Default: 94\nResources:\n"
                       "  F:\n    Properties:\n      Layers:\n        - !Sub arn:aws:lambda:"
                       "${AWS::Region}:464622532012:layer:Datadog-Extension:${ExtensionLayer}\n"},
     [("lambda-extension", "known", "94", "template.yaml", 10, "sam")]),
    # Terraform: var.x from a .tfvars value of the folder
    ({"main.tf": 'variable "ext" {}\nresource "aws_lambda_function" "f" {\n  layers = '
                 '["arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Extension-ARM:'
                 '${var.ext}"]\n}\n', "prod.tfvars": 'ext = "95"\n'},
     [("lambda-extension", "known", "95", "main.tf", 3, "terraform")]),
    # the install script: a major only
    ({"setup.sh": 'DD_AGENT_MAJOR_VERSION=6 DD_API_KEY=$KEY bash -c "$(curl -L https://'
                  'registry.invalid/install_script_agent6.sh)"\n'},
     [("agent", "line", "6", "setup.sh", 1, "install-script")]),
    # Helm values: a custom image is unknown; SSI versions in values
    ({"values.yaml": "datadog:\n  apm:\n    instrumentation:\n      enabled: true\n"
                     "      targets:\n        - name: python-apps\n          ddTraceVersions:\n"
                     "            python: \"4\"\nagents:\n  image:\n"
                     "    repository: registry.invalid/acme/datadog-agent\n    tag: 0a1b2c3\n"},
     [("tracer", "line", "4", "values.yaml", 8, "ssi"),
      ("agent", "unknown", None, "values.yaml", 11, "helm-values")]),
    # a template's tag is not read as a version
    ({"values.yaml": "agents:\n  image:\n    tag: {{ .Values.agentTag }}\n"},
     [("agent", "unknown", None, "values.yaml", 3, "helm-values")]),
    # Terraform helm_release: a `set` of agents.image.tag wins over the chart's default
    ({"helm.tf": 'resource "helm_release" "datadog" {\n  chart   = "datadog"\n'
                 '  version = "3.57.0"\n  set {\n    name  = "agents.image.tag"\n'
                 '    value = "7.80.1"\n  }\n}\n'},
     [("agent", "known", "7.80.1", "helm.tf", 4, "terraform")]),
    ({"helm.tf": 'resource "helm_release" "datadog" {\n  chart = "datadog"\n}\n'},
     [("agent", "floating", None, "helm.tf", 1, "terraform")]),
    # Flux HelmRelease of the datadog chart with inline values setting the tag
    ({"flux.yaml": "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec:\n"
                   "  chart:\n    spec:\n      chart: datadog\n      version: 3.69.0\n"
                   "  values:\n    agents:\n      image:\n        tag: 7.77.0\n"},
     [("agent", "known", "7.77.0", "flux.yaml", 11, "helm-values")]),
    # helmfile releases
    ({"helmfile.yaml": "releases:\n  - name: datadog\n    chart: datadog/datadog\n"
                       "    version: 3.57.0\n"},
     [("agent", "known", "7.51.0", "helmfile.yaml", 4, "helm-chart")]),
    # helm install in a script: the chart's version, else floating
    ({"deploy.sh": "helm repo add datadog https://registry.invalid/helm-charts\n"
                   "helm upgrade --install datadog-agent datadog/datadog \\\n"
                   "  -f values.yaml --version 3.57.0\n"
                   "helm install op datadog/datadog-operator\n"},
     [("agent", "known", "7.51.0", "deploy.sh", 2, "install-script"),
      ("agent", "floating", None, "deploy.sh", 4, "install-script")]),
    # Chart.yaml dependencies pin the chart
    ({"Chart.yaml": "apiVersion: v2\nname: platform\ndependencies:\n  - name: datadog\n"
                    "    version: 3.69.0\n    repository: https://registry.invalid/helm\n"},
     [("agent", "known", "7.55.1", "Chart.yaml", 5, "helm-chart")]),
])
def test_more_shapes(write: Any, ddlint: Any, files: dict[str, str],
                     expected: list[Row]) -> None:
    root = _case(write, {"requirements.txt": REDIS, **files})
    assert sorted(_declared(ddlint, root), key=lambda r: (r[3], r[4], r[0])) == \
        sorted(expected, key=lambda r: (r[3], r[4], r[0]))


def test_plugin_lower_bound_meets_the_extension_minimum(write: Any, ddlint: Any) -> None:
    serverless = "ddtrace==4.16.0\ndatadog-lambda==8.123.0\nredis==5.0.8\n"
    for plugin, expected in (("^5.122.0", []), ("5.118.0", ["DDL402"])):
        root = _case(write, {f"{plugin}/requirements.txt": serverless,
                             f"{plugin}/package.json":
                                 f'{{"devDependencies": {{"serverless-plugin-datadog": '
                                 f'"{plugin}"}}}}\n', f"{plugin}/.git/HEAD": "x\n"}) / plugin
        result = ddlint(".", "--format", "json", "--select", "DDL402", cwd=root)
        assert [d["code"] for d in diagnostics(result)] == expected, plugin


def test_agent_6_from_an_install_script_is_below_both_minimums(write: Any, ddlint: Any) -> None:
    root = _case(write, {"requirements.txt": REDIS,
                         "scripts/setup.sh": "export DD_AGENT_MAJOR_VERSION=6\n"})
    result = ddlint(".", "--format", "json", "--select", "DDL204,DDL401", cwd=root)
    assert sorted((d["code"], d["severity"]) for d in diagnostics(result)) == [
        ("DDL204", "error"), ("DDL401", "warning")]


def test_bad_input_is_told_never_a_traceback(write: Any, ddlint: Any) -> None:
    big = "services:\n  agent:\n    image: datadog/agent:7.52.0\n" + "#" * (3 * 1024 * 1024)
    root = _case(write, {
        "requirements.txt": REDIS,
        "docker-compose.yml": big,
        "k8s/broken.yaml": "apiVersion: v1\nkind: Pod\nspec: [unclosed\n  containers:\n"
                           "    - image: datadog/agent:7.80.0\n  : : :\n",
        "ecs/task.json": '{"containerDefinitions": [{"image": "datadog/agent:7.81.0"',
    })
    (root / "Dockerfile").write_bytes(b"FROM datadog/agent:7.50.0\n# \xff\xfe\n")
    result = ddlint("deployment", "--format", "json", cwd=root, today=False)
    assert result.code == 0 and "Traceback" not in result.err
    assert "docker-compose.yml:1: cannot be read: larger than 2 MiB" in result.err
    assert "Dockerfile:2: not UTF-8 text: not read" in result.err
    # broken YAML and JSON are read line by line as far as they go
    assert [(d["path"], d["version"]) for d in result.json()["declarations"]] == [
        ("ecs/task.json", "7.81.0"), ("k8s/broken.yaml", "7.80.0")]
    lint = ddlint(".", "--format", "json", "--select", "DDL401", cwd=root)
    assert lint.code == 0 and "Traceback" not in lint.err


def test_a_symlink_out_of_the_repository_is_not_read(write: Any, ddlint: Any,
                                                     tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text("services:\n  a:\n    image: datadog/agent:7.10.0\n")
    root = _case(write, {"repo/requirements.txt": REDIS, "repo/.git/HEAD": "x\n"}) / "repo"
    (root / "docker-compose.yml").symlink_to(outside)
    result = ddlint("deployment", "--format", "json", cwd=root, today=False)
    assert result.json()["declarations"] == []
    assert "outside the repository" in result.err


def test_a_changed_deployment_file_checks_the_dependency_files_it_applies_to(
        tmp_path: Path, ddlint: Any) -> None:
    """What the hook passes when only the deployment changed: its verdicts are checked."""
    root = copy_project(SCENARIOS / "compose", tmp_path / "compose")
    (root / ".github").mkdir()
    (root / ".github/ci.yml").write_text("on: push\njobs: {}\n")
    result = ddlint("--pre-commit", "--format", "json", "--select", "DDL401",
                    "docker-compose.yml", ".github/ci.yml", cwd=root)
    assert [(d["code"], d["path"]) for d in diagnostics(result)] == [
        ("DDL401", "requirements.txt")]
    # a changed .env: the compose files beside it say what it changes
    result = ddlint("--pre-commit", "--format", "json", "--select", "DDL401", ".env", cwd=root)
    assert [(d["code"], d["path"]) for d in diagnostics(result)] == [
        ("DDL401", "requirements.txt")]
    # a YAML file that declares nothing: nothing to check, quietly
    quiet = ddlint("--pre-commit", ".github/ci.yml", cwd=root)
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")


def test_readme_deployment_block_is_real_output(tmp_path: Path, ddlint: Any) -> None:
    """README "What ddlint reads of your deployment": what the commands print, byte for byte."""
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ ddlint deployment          # fixtures/deployment/serverless\n")[1]
    block = block.split("```")[0]
    listed, linted = block.split("$ ddlint . --today 2026-11-25 --select DDL4,DDL201\n")
    root = copy_project(SCENARIOS / "serverless", tmp_path / "serverless")
    assert ddlint("deployment", cwd=root, today=False).out == listed
    assert ddlint(".", "--select", "DDL4,DDL201", cwd=root).out == linted


_PIECES = ["services:\n", "  agent:\n", "    image: ", "datadog/agent", ":", "7.52.0", "latest",
           "${V:-", "}", "{{ .Values.x }}", "\n", "- ", "agents:\n  image:\n    tag: ", "'",
           '"', "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:", "86",
           "Datadog-Python312:", "extensionLayerVersion: ", "pip install ddtrace==", "\\\n",
           "apiVersion: v1\n", "kind: DatadogAgent\n", "---\n", "\t", "#", "chart: datadog\n",
           "version: ", 'resource "helm_release" "d" {', "}", "{", "helm install x datadog/datadog",
           " --version ", "DD_AGENT_MAJOR_VERSION=", "\x00", "\u202e", "9" * 30]
_NAMES = ["docker-compose.yml", "k8s.yaml", "values.yaml", "main.tf", "Dockerfile",
          "task.json", "package.json", "serverless.yml", "Chart.yaml", "setup.sh",
          "template.yaml"]


def test_any_text_in_any_deployment_file_reads_without_an_error(tmp_path: Path) -> None:
    """Read, and judged by the rules. Derandomized: a failure prints the text to reproduce."""
    import datetime

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ddlint.deployment import STATES, read
    from ddlint.engine import lint
    from ddlint.settings import Settings

    @settings(max_examples=150, deadline=None, derandomize=True, database=None)
    @given(st.sampled_from(_NAMES), st.lists(st.sampled_from(_PIECES), max_size=25))
    def check(name: str, pieces: list[str]) -> None:
        folder = tmp_path / "case"
        folder.mkdir(exist_ok=True)
        (folder / ".git").mkdir(exist_ok=True)
        for old in folder.iterdir():
            if old.is_file():
                old.unlink()
        (folder / name).write_text("".join(pieces), encoding="utf-8", errors="surrogatepass")
        found = read([folder])
        for declaration in found.declarations:
            assert declaration.state in STATES
            assert declaration.location.line >= 1
        (folder / "requirements.txt").write_text("ddtrace==4.16.0\nredis==5.0.8\n")
        lint([folder / "requirements.txt"], Settings(today=datetime.date(2026, 11, 25)))

    check()


def test_a_source_file_named_explicitly_is_deployment_only_inside_a_cdk_app(write: Any,
                                                                            ddlint: Any) -> None:
    # The folder walk reads CDK sources only below a cdk.json; a file named explicitly is
    # judged the same way: an application's main.py is no deployment file (exit 2, as before
    # the deployment was read), a CDK app's stack is read for its layer ARNs.
    arn = "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:50"
    root = write({**GIT, "main.py": "print(1)\n", "infra/cdk.json": "{}\n",
                  "infra/app.py": f'import aws_cdk\nEXTENSION = "{arn}"\n',
                  "infra/requirements.txt":
                      "ddtrace==4.16.0\nredis==5.0.8\ndatadog-lambda==8.130.0\n"})
    refused = ddlint("main.py", cwd=root)
    assert refused.code == 2 and "main.py is not a dependency file" in refused.err
    read = ddlint("infra/app.py", "--format", "json", cwd=root)
    assert read.code in (0, 1), read.err
    assert [d["message"] for d in diagnostics(read, "DDL402")], read.out
