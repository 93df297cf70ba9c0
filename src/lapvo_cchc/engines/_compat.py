"""The names of other packages the engines use, imported in one place (private).

All are public: the counting parts of :mod:`lapvo_cchc.kpi.counting` and the
``flat`` ledger profile's vocabulary (:mod:`lapvo_cchc.adapters.ledger.vocabulary`,
whose words come from the profile's TOML data in :mod:`lapvo_cchc.plugins`).
"""

from __future__ import annotations

from lapvo_cchc.adapters.ledger.vocabulary import (
    CHANNELS as CHANNEL_WORDS,
)
from lapvo_cchc.adapters.ledger.vocabulary import (
    FALSE_WORDS,
    TRUE_WORDS,
    parse_limit,
)
from lapvo_cchc.adapters.ledger.vocabulary import (
    FINISHES as FINISH_WORDS,
)
from lapvo_cchc.adapters.ledger.vocabulary import (
    LEVELS as LEVEL_WORDS,
)
from lapvo_cchc.kpi.counting import build_report, normalise_by

__all__ = [
    "CHANNEL_WORDS",
    "FALSE_WORDS",
    "FINISH_WORDS",
    "LEVEL_WORDS",
    "TRUE_WORDS",
    "build_report",
    "normalise_by",
    "parse_limit",
]
