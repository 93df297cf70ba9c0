"""Shared test configuration: hypothesis profiles chosen by HYPOTHESIS_PROFILE.

- ``dev`` (default): quick feedback while editing.
- ``ci``: derandomized (reproducible on every run) and no per-example deadline,
  so a slow CI machine never fails a test on timing.
- ``thorough``: many more examples, for the ``nox -s thorough`` session.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
