"""Entry point for ``python -m ddlint``."""

from ddlint.cli import console_main

console_main()
