"""Deprecated alias of :mod:`lapvo_cchc.adapters.exports.dimension`, kept for one release.

Importing this module emits a :class:`DeprecationWarning`.

Example:
    >>> import lapvo_cchc.adapters.exports.dimension as new
    >>> new.__name__
    'lapvo_cchc.adapters.exports.dimension'
"""

from __future__ import annotations

import warnings

from lapvo_cchc.adapters.exports.dimension import *  # noqa: F403
from lapvo_cchc.adapters.exports.dimension import __all__ as __all__  # noqa: PLC0414

warnings.warn(
    "lapvo_cchc.adapters.dimension is deprecated and will be removed in the next release; "
    "import lapvo_cchc.adapters.exports.dimension instead",
    DeprecationWarning,
    stacklevel=2,
)
