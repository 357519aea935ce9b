"""Loaded by child Python processes of a ``pytest --check-markers`` run (via PYTHONPATH)."""

import tool_audit

tool_audit.install()
