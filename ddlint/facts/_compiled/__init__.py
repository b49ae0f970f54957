"""The TOML facts as Python modules (scripts/compile_facts.py); read through ddlint.facts.load."""
