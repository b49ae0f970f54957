"""ddlint: lint Python dependency files against Datadog's ddtrace compatibility requirements."""

__version__ = "0.2.0"
# The project's home; rule documentation links (SARIF helpUri) are built from it.
HOMEPAGE = "https://github.com/ddlint/ddlint"
