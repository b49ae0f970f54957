"""Rebuild rules/deployment.toml (what a deployment file's version means) from the study's tables.

Maintainer tool, standard library only. The tables are CSV files read from the tags of
Datadog's own repositories (helm-charts, datadog-operator, datadog-lambda-python,
serverless-plugin-datadog, datadog-cdk-constructs, terraform-aws-lambda-datadog); run it when
they are re-read, review the diff, commit:

    python scripts/refresh_deployment_facts.py FOLDER            # write rules/deployment.toml
    python scripts/refresh_deployment_facts.py FOLDER --check    # exit 1 when it differs

FOLDER holds helm-datadog-chart-agent.csv, operator-default-agent.csv,
operator-chart-version.csv, lambda-python-layers.csv and lambda-tool-defaults.csv. Every row
written names the tag it comes from; a rerun is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
OUT = TOP / "rules" / "deployment.toml"

HEADER = (
'''\
# ddlint rule data: what a version read from a deployment file means (ddlint.deployment). Written
# by scripts/refresh_deployment_facts.py from tables read off the tags of Datadog's repositories;
# never edit by hand.
#
#   [[chart]]          datadog Helm chart versions first..last -> the default agents.image.tag
#   [[operator]]       Datadog Operator version -> its default Agent image tag
#   [[operator_chart]] datadog-operator Helm chart version -> the Operator version it installs
#   [[python_layer]]   Datadog-Python3XX layer number -> datadog-lambda, the ddtrace range it
#                      declared, and the ddtrace it most likely bundled (the newest release the
#                      range admitted on the build day: an estimate)
#   [[python_layer_first]] a runtime's first layer: publishing it backfilled every lower number
#                      with the same build
#   [[tool_default]]   the default Python and Extension layers of a Lambda tool's release
[meta]
''')
META_SOURCE = ("tags of DataDog/helm-charts, DataDog/datadog-operator, "
               "DataDog/datadog-lambda-python, DataDog/serverless-plugin-datadog, "
               "DataDog/datadog-cdk-constructs, "
               "DataDog/terraform-aws-lambda-datadog (read 2026-12-07)")

# The first layer published per Python runtime (the publish script "will publish all the
# missing versions including $VERSION"): DataDog/datadog-lambda-python scripts/publish_layers.sh.
FIRST_LAYERS = (("3.8", 11), ("3.9", 45), ("3.10", 71), ("3.11", 78), ("3.12", 86),
                ("3.13", 105), ("3.14", 118))
TOOLS = {
    "serverless-plugin-datadog": "serverless-plugin-datadog",
    "DataDog/lambda-datadog/aws (Terraform)": "terraform-lambda-datadog",
    "datadog-cdk-constructs-v2": "datadog-cdk-constructs-v2",
}


def _value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _table(name: str, rows: list[dict[str, object]]) -> Iterator[str]:
    for row in rows:
        yield f"\n[[{name}]]"
        for key, value in row.items():
            yield f"{key} = {_value(value)}"


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def render(folder: Path) -> str:
    lines = [HEADER.rstrip("\n"), f"source = {_value(META_SOURCE)}", 'retrieved = "2026-12-07"']
    lines += _table("chart", [
        {"first": row["first_chart_version"], "last": row["last_chart_version"],
         "agent": row["default_agents_image_tag"],
         "cluster_agent": row["default_clusterAgent_image_tag"],
         "source": f"DataDog/helm-charts tags datadog-{row['first_chart_version']} "
                   f"({row['first_tag_date']}) to datadog-{row['last_chart_version']} "
                   f"({row['last_tag_date']}): charts/datadog/values.yaml agents.image.tag"}
        for row in _rows(folder, "helm-datadog-chart-agent.csv")])
    lines += _table("operator", [
        {"operator": row["operator_version"], "agent": row["default_agent_image_tag"],
         "date": row["tag_date"],
         "source": f"DataDog/datadog-operator tag v{row['operator_version']}: the default "
                   f"Agent image tag"}
        for row in _rows(folder, "operator-default-agent.csv")])
    lines += _table("operator_chart", [
        {"chart": row["operator_chart_version"], "operator": row["image_tag"],
         "source": f"DataDog/helm-charts tag datadog-operator-{row['operator_chart_version']}: "
                   f"charts/datadog-operator values.yaml image.tag"}
        for row in _rows(folder, "operator-chart-version.csv")])
    layers = []
    for row in _rows(folder, "lambda-python-layers.csv"):
        constraint = row["ddtrace_constraint_at_tag"]
        if constraint.startswith("("):
            continue  # no ddtrace requirement found at that tag
        layers.append({
            "layer": int(row["layer"]), "datadog_lambda": row["datadog_lambda"],
            "date": row["tag_date"], "ddtrace": constraint,
            "estimate": row["ddtrace_estimate_newest_matching_on_tag_date"],
            "source": f"DataDog/datadog-lambda-python tag {row['release_tag']}: the ddtrace "
                      f"requirement; estimate: the newest ddtrace release it admitted on "
                      f"{row['tag_date']}"})
    lines += _table("python_layer", layers)
    lines += _table("python_layer_first", [
        {"python": python, "layer": layer,
         "source": "DataDog/datadog-lambda-python scripts/publish_layers.sh publishes every "
                   "missing version up to the first release of a runtime's layer"}
        for python, layer in FIRST_LAYERS])
    defaults = []
    for row in _rows(folder, "lambda-tool-defaults.csv"):
        python = row["default_python_layer (Python 3.8+ runtimes)"]
        extension = row["default_extension_layer"]
        if not python and not extension:
            continue
        tool = TOOLS[row["tool"]]
        defaults.append({"tool": tool, "version": row["tool_version"], "date": row["tag_date"],
                         "python_layer": python, "extension_layer": extension,
                         "source": f"{row['tool']} tag {row['tool_version']}: its default "
                                   f"layer versions"})
    lines += _table("tool_default", defaults)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = render(args.folder)
    from generate import refresh  # scripts/ is the first folder of a script's sys.path

    return refresh({OUT: text}, args.check, "refresh_deployment_facts")


if __name__ == "__main__":
    sys.exit(main())
