"""Administrative procedures (*thủ tục hành chính*), their codes and catalogues.

A :class:`Procedure` carries its national code, name, field, levels, legal
time limit, online service level, fee and inter-agency steps; a
:class:`Catalog` looks procedures up by code. Official codes (procedure,
dossier, agency, field) are validated values kept verbatim.

Example:
    >>> from lapvo_cchc.procedures import sample_catalog, DossierCode
    >>> catalog = sample_catalog()
    >>> print(catalog.get("1.001612").time_limit)
    3 ngày làm việc
    >>> DossierCode("000.00.06.H56-231027-0361").sequence
    361
"""

from __future__ import annotations

from lapvo_cchc.procedures._catalog import Catalog, InMemoryCatalog, sample_catalog
from lapvo_cchc.procedures._codes import AgencyCode, DossierCode, FieldCode, ProcedureCode
from lapvo_cchc.procedures._model import TWO_TIER_DATE, Level, OnlineLevel, Procedure, Step
from lapvo_cchc.procedures._units import (
    AdministrativeUnit,
    AmbiguousSuccessorError,
    FindingKind,
    UnitFinding,
    UnitRegistry,
    UnknownUnitError,
    check_receipt_unit,
    lap_vo_units,
)

__all__ = [
    "TWO_TIER_DATE",
    "AdministrativeUnit",
    "AgencyCode",
    "AmbiguousSuccessorError",
    "Catalog",
    "DossierCode",
    "FieldCode",
    "FindingKind",
    "InMemoryCatalog",
    "Level",
    "OnlineLevel",
    "Procedure",
    "ProcedureCode",
    "Step",
    "UnitFinding",
    "UnitRegistry",
    "UnknownUnitError",
    "check_receipt_unit",
    "lap_vo_units",
    "sample_catalog",
]
