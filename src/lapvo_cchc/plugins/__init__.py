r"""The plugin registry: named extensions for what differs between provinces, vendors, agencies.

A :class:`Registry` holds extensions by :class:`Kind` (ledger profiles,
calendars and overlays, status mappings, procedure catalogues, indicator
sets, scoring rules, deadline regimes, report engines). It is an instance the
caller builds and passes in; nothing is kept at module level.
:func:`default_registry` gives a fresh one with the built-ins and the
plugins of installed packages, which declare them in the entry-point group
``lapvo_cchc.plugins`` (names ``<kind>.<name>``) and are imported only on the
first lookup of their kind. A plugin that fails to load is listed in
:attr:`Registry.broken` with its error and never breaks the others. See
docs/plugins.md.

Example:
    >>> reg = default_registry()
    >>> reg.names(Kind.LEDGER_PROFILE)[:2]
    ('flat', 'vi')
    >>> reg.profile("vi").column_for("Ngày tiếp nhận")
    'received_at'
    >>> reg.calendar("vietnam").name, reg.engine("python").__module__
    ('vietnam', 'lapvo_cchc.kpi._report')
"""

from __future__ import annotations

from lapvo_cchc.plugins._builtins import register_builtins, sample_pack
from lapvo_cchc.plugins._files import (
    CatalogPack,
    parse_calendar,
    parse_catalog,
    parse_time_limit,
)
from lapvo_cchc.plugins._profile import (
    COLUMNS,
    DATE_COLUMNS,
    TIME_UNITS,
    Profile,
    header_key,
    load_profile,
    parse_profile,
)
from lapvo_cchc.plugins._registry import (
    BUILTIN_ORIGIN,
    ENTRY_POINT_GROUP,
    BrokenPlugin,
    Extension,
    Kind,
    PluginError,
    Registry,
)

__all__ = [
    "BUILTIN_ORIGIN",
    "COLUMNS",
    "DATE_COLUMNS",
    "ENTRY_POINT_GROUP",
    "TIME_UNITS",
    "BrokenPlugin",
    "CatalogPack",
    "Extension",
    "Kind",
    "PluginError",
    "Profile",
    "Registry",
    "default_registry",
    "header_key",
    "load_profile",
    "parse_calendar",
    "parse_catalog",
    "parse_profile",
    "parse_time_limit",
    "register_builtins",
    "sample_pack",
]


def default_registry(*, entry_points: bool = True) -> Registry:
    """A new registry with the built-ins and (unless told not to) the installed plugins.

    Each call builds a fresh instance; plugins are imported on the first
    lookup of their kind.

    Args:
        entry_points: Offer the entry points of installed distributions.

    Example:
        >>> reg = default_registry(entry_points=False)
        >>> [e.name for e in reg.extensions(Kind.DEADLINE_REGIME)]
        ['nd118-2025', 'nd61-2018']
    """
    registry = Registry(entry_points="installed" if entry_points else ())
    register_builtins(registry)
    return registry
