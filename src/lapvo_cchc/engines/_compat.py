"""The private names of other packages the engines use, imported in one place (private).

When ``kpi`` makes its counting helpers public, or the ledger adapter its
value dictionaries, only this module changes.
"""

from __future__ import annotations

from lapvo_cchc.adapters.ledger import (
    _CHANNELS as CHANNEL_WORDS,
)
from lapvo_cchc.adapters.ledger import (
    _FALSE as FALSE_WORDS,
)
from lapvo_cchc.adapters.ledger import (
    _FINISHES as FINISH_WORDS,
)
from lapvo_cchc.adapters.ledger import (
    _LEVELS as LEVEL_WORDS,
)
from lapvo_cchc.adapters.ledger import (
    _TRUE as TRUE_WORDS,
)
from lapvo_cchc.adapters.ledger import (
    _parse_limit as parse_limit,
)
from lapvo_cchc.kpi._report import build_report, normalise_by

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
