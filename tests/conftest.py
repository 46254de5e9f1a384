"""Hypothesis profiles: the property tests draw the same examples on every run by
default, so a red run is red for a reason (a change), not for a draw; set
HYPOTHESIS_PROFILE=explore to draw new ones (`make fuzz` fuzzes the whole pipeline)."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
