"""Adapters: the only part of lapvo_cchc that does I/O and serialization.

Each adapter that needs a third-party package imports it lazily and raises
:class:`~lapvo_cchc.errors.MissingExtraError` naming the extra to install.

Example:
    >>> import lapvo_cchc.adapters.exports.ical as ical
    >>> ical.__name__
    'lapvo_cchc.adapters.exports.ical'
"""

from __future__ import annotations

__all__: list[str] = []
