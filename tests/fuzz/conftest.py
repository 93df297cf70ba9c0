"""Fixed budgets and an input count for the fuzz suite.

Every fuzz test sets its own ``max_examples`` (so CI time does not depend on
the hypothesis profile; ``LAPVO_FUZZ_SCALE=25`` multiplies every budget for a
long campaign) and calls ``tried`` once per input. The summary
line at the end of the run gives the inputs tried per target; a raw exception
(anything but a ``LapvoError``) fails the test that met it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fuzz._hostile import INPUTS

if TYPE_CHECKING:
    import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not INPUTS:
        return
    total = sum(INPUTS.values())
    parts = ", ".join(f"{name} {count}" for name, count in sorted(INPUTS.items()))
    terminalreporter.write_line(
        f"fuzz: {total} inputs tried ({parts}); raw exceptions: 0 unless a test failed"
    )
