"""The target of hypothesis' ``hypothesis`` entry point (private module).

Hypothesis calls :func:`setup` while ``import hypothesis`` runs. Importing
:mod:`lapvo_cchc.testing` registers the strategies for ``st.from_type``. The
hook lives apart from that module because ``lapvo_cchc.testing`` itself
imports hypothesis: when a user imports ``lapvo_cchc.testing`` first,
hypothesis runs its entry points while that module is still half-initialised,
and an entry point naming an attribute of it would fail. Here the import simply
finds the half-initialised module, which registers at its own end.

Example:
    >>> setup()
    >>> import sys
    >>> "lapvo_cchc.testing" in sys.modules
    True
"""

from __future__ import annotations

__all__ = ["setup"]


def setup() -> None:
    """Import :mod:`lapvo_cchc.testing`, which registers its strategies (harmless if repeated).

    Example:
        >>> setup()
    """
    import lapvo_cchc.testing  # noqa: F401
