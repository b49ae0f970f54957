"""ddlint: lint Python dependency files against Datadog's ddtrace compatibility requirements."""

__version__ = "0.1.0"
