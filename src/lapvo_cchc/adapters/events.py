"""Deprecated alias of :mod:`lapvo_cchc.adapters.ledger.events`, kept for one release.

Importing this module emits a :class:`DeprecationWarning`.

Example:
    >>> import lapvo_cchc.adapters.ledger.events as new
    >>> new.__name__
    'lapvo_cchc.adapters.ledger.events'
"""

from __future__ import annotations

import warnings

from lapvo_cchc.adapters.ledger.events import *  # noqa: F403
from lapvo_cchc.adapters.ledger.events import __all__ as __all__  # noqa: PLC0414

warnings.warn(
    "lapvo_cchc.adapters.events is deprecated and will be removed in the next release; "
    "import lapvo_cchc.adapters.ledger.events instead",
    DeprecationWarning,
    stacklevel=2,
)
