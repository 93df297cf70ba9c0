"""The catalogue side of an administrative-reform (CCHC) report.

A district's or province's periodic CCHC report publishes, beside the dossier
counts, the procedures it has posted (*công bố, công khai*): how many at each
level (e.g. 258 district-level and 126 commune-level procedures), by field,
by online service level, and which have time limits the province shortened.
:func:`catalog_report` computes that from a :class:`~lapvo_cchc.procedures.Catalog`
as of a date; :mod:`lapvo_cchc.reports` prints it (text,
Markdown, CSV, JSON, HTML).

Online service levels changed scheme in 2022. Decree 43/2011/NĐ-CP Art. 3(4)
graded online services in levels 1-4; Decree 42/2022/NĐ-CP Art. 11(1)
replaced them with two: *toàn trình* (wholly online: the whole procedure,
including the result, can be done online or the result sent by public post)
and *một phần* (partly online: everything else that is online). A report as
of a date uses the scheme in force then (:func:`online_scheme_on`); level 4
corresponds to wholly online and level 3 to partly online, levels 1-2 are not
online services under the 2022 decree.

Example:
    >>> import datetime as dt
    >>> from lapvo_cchc.procedures import sample_catalog
    >>> from lapvo_cchc.kpi.catalog_report import catalog_report
    >>> rep = catalog_report(sample_catalog(), on=dt.date(2025, 6, 30))
    >>> rep.level_count("district"), rep.level_count("commune")
    (22, 19)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.errors import InvalidTypeError
from lapvo_cchc.procedures import TWO_TIER_DATE, Catalog, Level, OnlineLevel, Procedure

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "DECREE_42_2022_IN_FORCE",
    "CatalogReport",
    "LevelCounts",
    "OnlineScheme",
    "catalog_report",
    "online_label",
    "online_scheme_on",
]

DECREE_42_2022_IN_FORCE = dt.date(2022, 8, 1)
"""First day of Decree 42/2022/NĐ-CP (signed 24 June 2022); the date is from memory of the
decree's final article and was not confirmed against an official copy."""


class OnlineScheme(enum.Enum):
    """How online service levels are graded in a report.

    Example:
        >>> OnlineScheme.DECREE_42_2022.value
        'Nghị định 42/2022/NĐ-CP Điều 11'
    """

    DECREE_43_2011 = "Nghị định 43/2011/NĐ-CP Điều 3"
    """Levels 1-4 (Decree 43/2011/NĐ-CP Art. 3(4))."""
    DECREE_42_2022 = "Nghị định 42/2022/NĐ-CP Điều 11"
    """Wholly / partly online (Decree 42/2022/NĐ-CP Art. 11(1))."""

    @property
    def labels(self) -> tuple[str, ...]:
        """The column labels of this scheme, most online first, then "not online".

        Example:
            >>> OnlineScheme.DECREE_43_2011.labels
            ('Mức độ 4', 'Mức độ 3', 'Mức độ 2', 'Mức độ 1')
        """
        if self is OnlineScheme.DECREE_42_2022:
            return (OnlineLevel.FULL.value, OnlineLevel.PARTIAL.value, _NOT_ONLINE)
        return tuple(level.value for level in _OLD_LEVELS)


_NOT_ONLINE = "Chưa trực tuyến"
_OLD_LEVELS = (OnlineLevel.LEVEL_4, OnlineLevel.LEVEL_3, OnlineLevel.LEVEL_2, OnlineLevel.LEVEL_1)
# A procedure recorded with a 2022 label, reported under the 2011 scheme: wholly online
# satisfies level 4 (online payment and result), partly online at least level 3.
_BACK_TO_2011 = {OnlineLevel.FULL: OnlineLevel.LEVEL_4, OnlineLevel.PARTIAL: OnlineLevel.LEVEL_3}


def online_scheme_on(day: dt.date) -> OnlineScheme:
    """The scheme in force on *day*.

    Legal basis:
        Decree 43/2011/NĐ-CP Art. 3(4) (levels 1-4) until Decree 42/2022/NĐ-CP
        (Art. 11(1): wholly / partly online) took effect.

    Example:
        >>> import datetime as dt
        >>> online_scheme_on(dt.date(2022, 7, 31)).name, online_scheme_on(dt.date(2022, 8, 1)).name
        ('DECREE_43_2011', 'DECREE_42_2022')
    """
    return (
        OnlineScheme.DECREE_42_2022
        if day >= DECREE_42_2022_IN_FORCE
        else OnlineScheme.DECREE_43_2011
    )


def online_label(level: OnlineLevel, scheme: OnlineScheme) -> str:
    """The label *level* is reported under in *scheme*.

    Example:
        >>> online_label(OnlineLevel.LEVEL_4, OnlineScheme.DECREE_42_2022)
        'Toàn trình'
        >>> online_label(OnlineLevel.LEVEL_2, OnlineScheme.DECREE_42_2022)
        'Chưa trực tuyến'
        >>> online_label(OnlineLevel.PARTIAL, OnlineScheme.DECREE_43_2011)
        'Mức độ 3'
    """
    if scheme is OnlineScheme.DECREE_42_2022:
        mapped = level.under_decree_42()
        return _NOT_ONLINE if mapped is None else mapped.value
    return _BACK_TO_2011.get(level, level).value


@attrs.frozen(kw_only=True)
class LevelCounts:
    """The catalogue figures of one level of government.

    Attributes:
        level: The level (``"province"``, ``"district"``, ``"commune"``).
        total: Procedures handled at this level.
        by_field: ``(field, count)`` pairs, largest first, then by name.
        by_online: ``(label, count)`` pairs in the scheme's order (zeros kept).
        shortened: Codes of the procedures whose published limit is shorter
            than the statutory one.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> rep = catalog_report(sample_catalog(), on=dt.date(2025, 6, 30))
        >>> rep.levels[0].level, rep.levels[0].by_field[0]
        ('district', ('Chứng thực', 4))
    """

    level: str
    total: int
    by_field: tuple[tuple[str, int], ...]
    by_online: tuple[tuple[str, int], ...]
    shortened: tuple[str, ...]


@attrs.frozen(kw_only=True)
class CatalogReport:
    """Procedures posted per level, by field, by online service level, and shortened limits.

    A procedure handled at two levels counts once at each; :attr:`distinct`
    counts it once.

    Attributes:
        on: The date the catalogue is read as of (levels and scheme in force).
        scheme: The online-level scheme used.
        distinct: Procedures in the catalogue handled at some level on :attr:`on`.
        levels: One :class:`LevelCounts` per level, province → commune, for
            levels with at least one procedure.
        notes: Sentences a reader needs (scheme, two-tier reform, counting).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> rep = catalog_report(sample_catalog(), on=dt.date(2025, 7, 1))
        >>> [lc.level for lc in rep.levels], rep.distinct
        (['commune'], 32)
    """

    on: dt.date
    scheme: OnlineScheme
    distinct: int
    levels: tuple[LevelCounts, ...]
    notes: tuple[str, ...]

    def level_count(self, level: str) -> int:
        """Procedures handled at *level* (0 if none).

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.procedures import sample_catalog
            >>> catalog_report(sample_catalog(), on=dt.date(2026, 1, 1)).level_count("district")
            0
        """
        for counts in self.levels:
            if counts.level == level:
                return counts.total
        return 0


_LEVEL_KEYS = {Level.PROVINCE: "province", Level.DISTRICT: "district", Level.COMMUNE: "commune"}


def catalog_report(
    catalog: Catalog | Iterable[Procedure],
    *,
    on: dt.date,
    scheme: OnlineScheme | None = None,
) -> CatalogReport:
    """The catalogue figures of a CCHC report as of *on*.

    Args:
        catalog: The procedures posted (a :class:`~lapvo_cchc.procedures.Catalog`
            or any iterable of procedures).
        on: The report's date: levels are those in force then (a district
            procedure is a commune one from 1 July 2025) and so is the online
            scheme unless *scheme* is given.
        scheme: Force an online-level scheme (e.g. to compare across 2022).

    Raises:
        InvalidTypeError: *on* is not a date, or an item is not a procedure.

    Legal basis:
        Decree 43/2011/NĐ-CP Art. 3(4); Decree 42/2022/NĐ-CP Art. 11(1);
        Law 72/2025/QH15 (district level ends on 1 July 2025).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> rep = catalog_report(sample_catalog(), on=dt.date(2021, 12, 31))
        >>> rep.scheme.name, rep.levels[-1].by_online
        ('DECREE_43_2011', (('Mức độ 4', 4), ('Mức độ 3', 10), ('Mức độ 2', 4), ('Mức độ 1', 1)))
    """
    day: object = on
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise InvalidTypeError(f"catalog_report: on must be a date, got {on!r}")
    used = online_scheme_on(on) if scheme is None else scheme
    per_level: dict[Level, list[Procedure]] = {}
    distinct = 0
    for item in catalog:
        if not isinstance(item, Procedure):
            raise InvalidTypeError(f"catalog_report: expected Procedure items, got {item!r}")
        levels = item.levels_on(on)
        if levels:
            distinct += 1
        for level in levels:
            per_level.setdefault(level, []).append(item)
    rows = []
    for level in Level:
        if not level.exists_on(on) or level not in per_level:
            continue
        items = per_level[level]
        fields = Counter(p.field for p in items)
        online = Counter(online_label(p.online_level, used) for p in items)
        rows.append(
            LevelCounts(
                level=_LEVEL_KEYS[level],
                total=len(items),
                by_field=tuple(sorted(fields.items(), key=lambda kv: (-kv[1], kv[0]))),
                by_online=tuple((label, online.get(label, 0)) for label in used.labels),
                shortened=tuple(p.code.value for p in items if p.is_locally_shortened),
            )
        )
    return CatalogReport(
        on=on, scheme=used, distinct=distinct, levels=tuple(rows), notes=_notes(on, used)
    )


def _notes(on: dt.date, scheme: OnlineScheme) -> tuple[str, ...]:
    notes = [
        "A procedure handled at several levels is counted once at each level.",
    ]
    if scheme is OnlineScheme.DECREE_42_2022:
        notes.append(
            "Online levels per Decree 42/2022/NĐ-CP Art. 11(1): wholly online (toàn trình), "
            "partly online (một phần); former level 4 is reported as wholly, level 3 as partly "
            "online, levels 1-2 as not online."
        )
    else:
        notes.append(
            "Online levels per Decree 43/2011/NĐ-CP Art. 3(4) (levels 1-4); a procedure "
            "recorded as wholly online is reported at level 4, partly online at level 3."
        )
    if on >= TWO_TIER_DATE:
        notes.append(
            "From 1 July 2025 there is no district level (Law 72/2025/QH15): district "
            "procedures are reported at the level that took them over."
        )
    return tuple(notes)
