"""The built-in extensions, registered like any plugin (private)."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from lapvo_cchc.plugins._files import CatalogPack
from lapvo_cchc.plugins._registry import Kind

if TYPE_CHECKING:
    from lapvo_cchc.plugins._registry import Registry

__all__ = ["register_builtins", "sample_pack"]


def sample_pack() -> CatalogPack:
    """The bundled synthetic catalogue with the Lấp Vò units' names (as first named).

    Example:
        >>> sample_pack().agency_names()["30175"]
        'Xã Tân Mỹ'
    """
    from lapvo_cchc.procedures import lap_vo_units, sample_catalog

    names: dict[str, str] = {}
    # The version in force before the 2025 reform names the units of the sample ledger.
    for unit in sorted(lap_vo_units(), key=lambda u: (u.valid_from is not None, u.valid_from)):
        names.setdefault(unit.code, unit.name)
    return CatalogPack(
        name="sample",
        catalog=sample_catalog(),
        agencies=names,
        description="synthetic sample catalogue; names of the Lấp Vò units",
    )


def _default_indicators() -> object:
    from lapvo_cchc.kpi import default_registry

    return default_registry()


def register_builtins(registry: Registry) -> None:
    """Add the built-in extensions to *registry* (each made on first lookup).

    Example:
        >>> from lapvo_cchc.plugins import Registry
        >>> reg = Registry()
        >>> register_builtins(reg)
        >>> reg.names(Kind.LEDGER_PROFILE)
        ('flat', 'vi')
    """
    from lapvo_cchc.calendars import vietnam
    from lapvo_cchc.deadlines import DECREE_61_2018, DECREE_118_2025
    from lapvo_cchc.dossiers import DVCQG_STATUS
    from lapvo_cchc.kpi import RULES_766_2022, report

    profiles = resources.files("lapvo_cchc.plugins") / "profiles"
    for name in ("flat", "vi"):
        target = f"lapvo_cchc.plugins/profiles/{name}.toml"
        registry.add(Kind.LEDGER_PROFILE, name, profiles / f"{name}.toml", target=target)
    registry.add(Kind.CALENDAR, "vietnam", vietnam, target="lapvo_cchc.calendars:vietnam")
    registry.add(
        Kind.STATUS_MAPPING, "dvcqg", DVCQG_STATUS, target="lapvo_cchc.dossiers:DVCQG_STATUS"
    )
    registry.add(Kind.CATALOG, "sample", sample_pack, target="lapvo_cchc.plugins:sample_pack")
    registry.add(
        Kind.INDICATORS, "default", _default_indicators, target="lapvo_cchc.kpi:default_registry"
    )
    registry.add(Kind.SCORING, "766-2022", RULES_766_2022, target="lapvo_cchc.kpi:RULES_766_2022")
    registry.add(
        Kind.DEADLINE_REGIME,
        "nd61-2018",
        DECREE_61_2018,
        target="lapvo_cchc.deadlines:DECREE_61_2018",
    )
    registry.add(
        Kind.DEADLINE_REGIME,
        "nd118-2025",
        DECREE_118_2025,
        target="lapvo_cchc.deadlines:DECREE_118_2025",
    )
    registry.add(Kind.REPORT_ENGINE, "python", report, target="lapvo_cchc.kpi:report")
