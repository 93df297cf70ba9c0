"""Deprecated alias of :mod:`lapvo_cchc.web`, kept for one release.

Importing this module emits a :class:`DeprecationWarning`.

Example:
    >>> import lapvo_cchc.web as new
    >>> new.__name__
    'lapvo_cchc.web'
"""

from __future__ import annotations

import warnings

from lapvo_cchc.web import *  # noqa: F403
from lapvo_cchc.web import __all__ as __all__  # noqa: PLC0414

warnings.warn(
    "lapvo_cchc.adapters.http is deprecated and will be removed in the next release; "
    "import lapvo_cchc.web instead",
    DeprecationWarning,
    stacklevel=2,
)
