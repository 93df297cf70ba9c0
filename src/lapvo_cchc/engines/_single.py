"""The report in one pass over a clean source (private module; DuckDB's dialect only).

The full plan (:mod:`lapvo_cchc.engines._plan`) reads the source twice (its
profile, then every row with its line number) and keeps a table of every
row, so that it can name each rejected row. Most ledgers are clean: every
row accepted, dossier codes unique, instants in the common
``YYYY-MM-DDTHH:MM:SS`` form, words from the usual vocabulary, at most one
supplement request. For those one ``SELECT`` reads the source once: it
parses each row with DuckDB's vectorised casts, computes each deadline row
by row through the calendar dimension, counts the form by group, and counts
beside it the evidence that the source is such a ledger. When the evidence
says otherwise (a row the reader would reject, a duplicate code, a word or
an instant outside the fast path, a deadline outside the calendar years it
assumed), the engine throws the counts away and runs the full plan, which
finds the same counts and names the rejected rows.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Final

import attrs

from lapvo_cchc.engines._checks import error_chain
from lapvo_cchc.engines._compat import (
    CHANNEL_WORDS,
    FALSE_WORDS,
    FINISH_WORDS,
    LEVEL_WORDS,
    TRUE_WORDS,
)
from lapvo_cchc.engines._deadline_sql import deadline_ctes, key_columns
from lapvo_cchc.engines._dictionary import (
    assisted_rows,
    channel_rows,
    finish_rows,
    level_rows,
    limit_rows,
)
from lapvo_cchc.engines._plan import (
    MEASURE_SQL,
    TEXT_COLUMNS,
    WORD_JOINS,
    PlanOptions,
    cutoff_sql,
    fact_ctes,
    measures_sql,
    pause_keys,
    pause_sums,
)
from lapvo_cchc.engines._sqltext import fast_date, fast_instant, pause_count, semicolons
from lapvo_cchc.procedures import TWO_TIER_DATE

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["CODES_SQL", "SinglePass", "first_rows_sql", "single_sql", "static_words"]

UNIT_CHECK_FROM: Final = TWO_TIER_DATE.toordinal()
"""The first receipt day the check of units gone after the 2025 reform reads."""

LIMIT_AMOUNTS: Final = 1000
"""Time-limit amounts (0 to 999) of the single pass's word list."""

_LIMIT_UNITS: Final = (
    "working_days", "calendar_days", "working_hours", "ngày làm việc", "ngày", "giờ làm việc",
)  # fmt: skip
_SAME_DAY: Final = ("same_day", "trong ngày")

_KEYS: Final = {
    "level": "x_level AS lv_level",
    "agency": "TRIM(x_agency) AS agency_code",
    "field": "TRIM(x_field) AS field",
    "procedure": "TRIM(x_procedure) AS procedure_code",
    "channel": "x_channel AS lv_channel",
}
_KEY_SOURCE: Final = {
    "level": "lv_level AS x_level",
    "agency": "agency_code AS x_agency",
    "field": "field AS x_field",
    "procedure": "procedure_code AS x_procedure",
    "channel": "lv_channel AS x_channel",
}
COUNTERS: Final = (
    "lv_read", "lv_nbad", "lv_nmiss", "lv_nmid", "lv_nclock", "lv_nwd",
)  # fmt: skip
"""The evidence columns after the measures: rows read, rows outside the fast path, rows
with more pauses than the pass read, the most pauses of a row, accepted rows without a
deadline, due cells at 00:00 and with a clock time, resolved dossiers without a
working-day count."""


@functools.cache
def static_words() -> dict[str, list[tuple[Any, ...]]]:
    """The word lists of the single pass: the reader's own words, mapped by the reader's rules.

    The words are the reader's vocabulary as written, in capitals, capitalised
    and in title case. Time limits are every amount below
    :data:`LIMIT_AMOUNTS` in the ledger's unit words, and the same-day words
    with a cut-off at each hour and half hour. A text outside these (a level
    the reader keeps verbatim, say) sends the source to the full plan.

    Example:
        >>> words = static_words()
        >>> ("online", 0, "trực tuyến") in words["channel"]
        True
        >>> ("10 working_days", 1, 10, -1, "") in words["limit"]
        True
    """
    limits = limit_rows(
        [
            *_SAME_DAY,
            *(f"{w} {h:02d}:{m:02d}" for w in _SAME_DAY for h in range(24) for m in (0, 30)),
        ]
    )
    for word in _LIMIT_UNITS:
        # the reader reads "<digits> <unit word>" as that many units: one parse gives the unit
        ((_text, unit, one, _cut, err),) = limit_rows([f"1 {word}"])
        if err or one != 1:  # pragma: no cover - the reader's grammar changed
            raise AssertionError(f"static_words: {word!r} is not a unit word: {err}")
        limits += [(f"{n} {word}", unit, n, -1, "") for n in range(LIMIT_AMOUNTS)]
    return {
        "channel": channel_rows(_spellings(CHANNEL_WORDS)),
        "finish": finish_rows(_spellings(FINISH_WORDS)),
        "level": level_rows(["", *_spellings(LEVEL_WORDS)]),
        "assisted": assisted_rows(_spellings(TRUE_WORDS | FALSE_WORDS)),
        "limit": limits,
    }


def _spellings(words: Iterable[str]) -> list[str]:
    """*words* as written, in capitals, capitalised and in title case (one of each)."""
    out: dict[str, None] = {}
    for w in words:
        for v in (w, w.upper(), w.capitalize(), w.title()):
            out.setdefault(v)
    return list(out)


def _parsed(o: PlanOptions) -> str:
    """``lv_t0`` (the texts) and ``lv_t`` (the instants by the vectorised casts only)."""
    req, sup = "supplement_requested_at", "supplement_supplied_at"
    due = fast_instant("due_at")
    midnight = "(LENGTH(due_at) > 10 AND SUBSTRING(due_at, 12) = '00:00:00')"
    as_date = f"\n      WHEN {midnight} THEN {due} + 86400" if o.midnight_dates else ""
    date_read = (
        f"(LENGTH(due_at) = 10 OR {midnight})" if o.midnight_dates else "LENGTH(due_at) = 10"
    )
    # most rows have no pause: the texts are cut and parsed only where they are
    texts = "".join(
        f", CASE WHEN {pause_count(req)} >= {i} THEN TRIM(SPLIT_PART({req}, ';', {i})) ELSE '' END "
        f"AS rt{i}, CASE WHEN {pause_count(sup)} >= {i} THEN TRIM(SPLIT_PART({sup}, ';', {i})) "
        f"ELSE '' END AS st{i}"
        for i in range(1, o.pauses + 1)
    )
    pauses = "".join(
        f", {fast_instant(f'rt{i}')} AS r{i}, {fast_instant(f'st{i}')} AS s{i}"
        for i in range(1, o.pauses + 1)
    )
    return f"""lv_t0 AS (
  SELECT lv_pre, {", ".join(TEXT_COLUMNS)}, {pause_count(req)} AS nreq,
    {pause_count(sup)} AS nsup{texts}
  FROM lv_src_raw
),
lv_t AS (
  SELECT *, {fast_instant("received_at")} AS rec,
    CASE WHEN finished_at = '' THEN NULL ELSE {fast_instant("finished_at")} END AS fin,
    CASE WHEN due_at = '' THEN NULL
      WHEN LENGTH(due_at) = 10 THEN {fast_date("due_at")} + 86400{as_date}
      ELSE {due} END AS due_given,
    {date_read} AS due_date,
    {midnight} AS lv_mid{pauses}
  FROM lv_t0
)"""


def single_sql(o: PlanOptions, first_day: int) -> str:
    """The single pass's ``SELECT``: the measures by (sub-)period and group, then :data:`COUNTERS`.

    *o* reads at least one pause (the engine reads as many as the longest row
    has); a row with more is evidence for the full plan. *first_day* is the calendar
    dimension's first day (ordinal): a deadline counted from before it is
    evidence for the full plan. Rows are ``pid, label, keys..., measures...,
    counters...``; ``pid`` is NULL for the rows handled in no period.

    Example:
        >>> o = PlanOptions(pauses=1, deadlines=True, working_days=False, g=28800,
        ...     same_day_cutoffs=((0, 54000),), attrs_by=("level",), by_month=False)
        >>> single_sql(o, 728000).startswith("WITH lv_t0 AS")
        True
    """
    if o.pauses < 1:
        raise ValueError(f"single_sql: expected at least one pause read, got {o.pauses}")
    sec, last, pending = pause_sums(o.pauses)
    bad = (
        "t.dossier_code = '' OR t.dossier_code <> TRIM(t.dossier_code) "
        "OR t.received_at <> TRIM(t.received_at) "
        f"OR t.nreq > {o.pauses} OR t.nsup > {o.pauses} OR dlv.lv IS NULL "
        "OR (t.time_limit <> '' AND dlim.unit IS NULL)"
    )
    checked = f"""lv_c AS (
  SELECT t.*, dch.code AS ch, dfk.code AS kind, dlv.lv AS lv_level, dch.label AS lv_channel,
    das.flag AS assisted_flag, dlim.unit, dlim.n, {cutoff_sql(o)} AS cut,
    ({bad} OR ({error_chain(o.pauses)}) IS NOT NULL) AS lv_bad
  {WORD_JOINS}
)"""
    carry = [
        "x_bad", "x_unit", "x_due_at", "x_due_given", "x_due_date", "x_nreq", "x_fin", "x_ch",
        "x_kind", "x_assisted", "x_sec", "x_last", "x_pending", "x_mid", "x_clock", "x_need",
        *(_KEY_SOURCE[d].rsplit(" ", 1)[1] for d in o.attrs_by),
    ]  # fmt: skip
    keys = "".join(f", {_KEY_SOURCE[d]}" for d in o.attrs_by)
    unit_keys = unit_rec = unit_fact = unit_agg = unit_group = ""
    if o.unit_keys:
        # the check of units gone after the reform: groups of accepted rows handled in the
        # period and received from the reform on, by agency, level and receipt day
        carry += ["x_uagency", "x_ulevel"]
        unit_keys = ", TRIM(agency_code) AS x_uagency, lv_level AS x_ulevel"
        unit_rec = ", x_uagency AS u_agency, x_ulevel AS u_level"
        checked_day = f"CASE WHEN p.pid = 0 AND r.rec >= {UNIT_CHECK_FROM * 86400} THEN"
        unit_fact = (
            f", {checked_day} r.u_agency END AS u_agency, {checked_day} r.u_level END AS u_level,"
            f" {checked_day} r.rec // 86400 END AS u_day"
        )
        unit_agg = ", f.u_agency, f.u_level, f.u_day, COUNT(*) AS u_n"
        unit_group = ", f.u_agency, f.u_level, f.u_day"
    closed = ", ".join(
        f"{x} AS {n}" for x, n in zip(pause_keys(o.pauses), key_columns(o.pauses)[4:], strict=True)
    )
    need = "COALESCE(NOT lv_bad AND unit > 0 AND (due_at = '' OR nreq > 0), FALSE)"
    # every row goes through the deadline rules (a row that needs none with unit NULL): a
    # split into two branches would make DuckDB keep the checked rows (spilling past 1M)
    key_rel = f"""lv_dl_key AS (
  SELECT CASE WHEN {need} THEN unit END AS unit, n, cut, rec,
    {closed},
    lv_bad AS x_bad, unit AS x_unit, due_at AS x_due_at, due_given AS x_due_given,
    due_date AS x_due_date, nreq AS x_nreq, fin AS x_fin, ch AS x_ch, kind AS x_kind,
    assisted_flag AS x_assisted, {sec} AS x_sec, {last} AS x_last, {pending} AS x_pending,
    lv_mid AS x_mid,
    (LENGTH(due_at) > 10 AND NOT lv_mid AND (unit IS NULL OR unit <> 3)) AS x_clock,
    ({need}) AS x_need{keys}{unit_keys}
  FROM lv_c t
)"""
    rec_keys = "".join(f"\n    {_KEYS[d]}," for d in o.attrs_by)
    records = f"""lv_rec AS (
  SELECT x_bad AS lv_bad, x_ch AS ch, x_assisted AS assisted, rec, x_fin AS fin,
    x_kind AS kind,{rec_keys}
    CASE WHEN x_due_at = '' THEN due ELSE x_due_given END AS due,
    CASE WHEN x_due_at = '' THEN dday WHEN x_due_date THEN x_due_given // 86400 - 1
      ELSE (x_due_given - 1) // 86400 END AS due_day,
    CASE WHEN x_nreq = 0 THEN (CASE WHEN x_due_at = '' THEN due ELSE x_due_given END)
      WHEN x_unit > 0 THEN bare_due ELSE x_due_given - x_sec END AS promised,
    x_nreq AS nsupp, x_sec AS sec, x_last AS last_supplied, x_pending AS pending,
    x_mid AS lv_mid, x_clock AS lv_clock, x_need AS lv_need{unit_rec}
  FROM lv_dl
)"""
    miss = (
        "NOT r.lv_bad AND (r.due IS NULL OR r.promised IS NULL "
        f"OR (r.lv_need AND r.rec < {first_day * 86400}))"
    )
    facts = fact_ctes(
        o,
        left_on="NOT r.lv_bad",
        extra=f", r.lv_bad, r.lv_mid, r.lv_clock, ({miss}) AS lv_miss{unit_fact}",
    )
    once = "(f.pid IS NULL OR f.pid = 0)"
    wd_missing = "f.resolved AND f.wdays IS NULL" if o.working_days else "FALSE"
    group = ", ".join(["f.pid", "f.label", *(f"f.k_{d}" for d in o.attrs_by)])
    return f"""WITH {_parsed(o)},
{checked},
{key_rel},
{deadline_ctes(o.pauses, o.g, carry=carry, bare=True)},
{records},
{facts},
lv_agg AS (
  SELECT {group},
  {measures_sql(o)},
  SUM(CASE WHEN {once} THEN 1 ELSE 0 END) AS lv_read,
  SUM(CASE WHEN {once} AND f.lv_bad THEN 1 ELSE 0 END) AS lv_nbad,
  SUM(CASE WHEN {once} AND f.lv_miss THEN 1 ELSE 0 END) AS lv_nmiss,
  SUM(CASE WHEN {once} AND f.lv_mid THEN 1 ELSE 0 END) AS lv_nmid,
  SUM(CASE WHEN {once} AND f.lv_clock THEN 1 ELSE 0 END) AS lv_nclock,
  SUM(CASE WHEN {wd_missing} THEN 1 ELSE 0 END) AS lv_nwd{unit_agg}
  FROM lv_fact f GROUP BY {group}{unit_group}
)
SELECT * FROM lv_agg"""


CODES_SQL: Final = (
    "SELECT COUNT(*), COUNT(*) - COUNT(DISTINCT HASH(dossier_code)), "
    f"MAX({semicolons('supplement_requested_at')}), MAX({semicolons('supplement_supplied_at')}) "
    "FROM lv_src_raw"
)
"""The source's rows, its repeated dossier codes (by a 64-bit hash: two codes with one
hash only send the source to the full plan) and the most ``;`` in a pause cell (the pass
reads one pause more than that). A statement of its own: in the single pass's ``SELECT``
a second consumer of the rows makes DuckDB keep them all."""


def first_rows_sql(agencies: Sequence[str], start: int, cut: int) -> str:
    """The first line of each unit group of *agencies* (the file order of the reform note).

    Numbering the rows makes DuckDB read the source in order on one thread, so
    the single pass does not: this statement numbers them when the note's
    examples need an order (more than one message). *start* and *cut* are
    the period's first and last-plus-one day in local seconds; rows of the
    agencies received from the reform on and handled in the period give
    ``(agency, level, day, first line)``.

    Example:
        >>> first_rows_sql(["875"], 0, 86400).startswith("WITH lv_n AS")
        True
    """
    listed = ", ".join("'" + a.replace("'", "''") + "'" for a in agencies)
    return f"""WITH lv_n AS (
  SELECT ROW_NUMBER() OVER () + 1 AS lv_line, agency_code, level, received_at, finished_at
  FROM lv_src_raw
),
lv_u AS (
  SELECT n.lv_line, TRIM(n.agency_code) AS agency, dlv.lv AS lv_level,
    {fast_instant("n.received_at")} AS rec,
    CASE WHEN n.finished_at = '' THEN NULL ELSE {fast_instant("n.finished_at")} END AS fin
  FROM lv_n n LEFT JOIN lv_dict_level dlv ON dlv.txt = n.level
  WHERE TRIM(n.agency_code) IN ({listed})
)
SELECT agency, lv_level, rec // 86400, MIN(lv_line) FROM lv_u
WHERE rec >= {UNIT_CHECK_FROM * 86400} AND rec < {cut} AND (fin IS NULL OR fin >= {start})
GROUP BY agency, lv_level, rec // 86400"""


@attrs.frozen
class SinglePass:
    """The rows of a single pass, summed up (private).

    Attributes:
        read: Rows read.
        clean: Whether the evidence lets the counts stand (else: the full plan).
        midnights: Due cells at 00:00:00.
        clocks: Due cells with a clock time (limits in hours left out).
        total: The measures of the whole period.
        groups: The measures of each group key.
        unit_groups: With the plan's ``unit_keys``: ``(agency, level, day, count)``
            of the rows the check of units gone after the reform reads, by key
            (their order in the file: :func:`first_rows_sql`).
    """

    read: int
    clean: bool
    midnights: int
    clocks: int
    total: tuple[int, ...]
    groups: dict[tuple[str, ...], tuple[int, ...]]
    unit_groups: tuple[tuple[str, str, int, int], ...] = ()

    @classmethod
    def of(cls, rows: Sequence[tuple[Any, ...]], o: PlanOptions, source_rows: int) -> SinglePass:
        """Sum *rows* of :func:`single_sql` for *o*, on a source of *source_rows* rows.

        Not clean when the rows read differ from *source_rows* (from
        :data:`CODES_SQL`): the pass would have lost a row.

        Example:
            >>> o = PlanOptions(pauses=1, deadlines=True, working_days=False, g=28800,
            ...     same_day_cutoffs=((0, 54000),), attrs_by=(), by_month=False)
            >>> SinglePass.of([], o, 0).clean, SinglePass.of([], o, 1).clean
            (True, False)
        """
        width = len(o.attrs_by)
        n = len(MEASURE_SQL) + 1
        counters = [0] * len(COUNTERS)
        total = [0] * n
        groups: dict[tuple[str, ...], list[int]] = {}
        units: list[tuple[str, str, int, int]] = []
        for row in rows:
            pid, label = row[0], row[1]
            keys = tuple(str(x) for x in row[2 : 2 + width])
            measures = [int(v or 0) for v in row[2 + width : 2 + width + n]]
            for i, v in enumerate(row[2 + width + n : 2 + width + n + len(COUNTERS)]):
                counters[i] += int(v or 0)
            if o.unit_keys and pid == 0 and row[-4] is not None:
                agency, level, day, count = row[-4:]
                units.append((str(agency), str(level), int(day), int(count)))
            if pid is None:
                continue
            if pid == 0:
                total = [a + b for a, b in zip(total, measures, strict=True)]
            if (pid == 0 and width and not o.by_month) or (pid > 0 and o.by_month):
                key = (*keys, str(label)) if o.by_month else keys
                old = groups.get(key, [0] * n)
                groups[key] = [a + b for a, b in zip(old, measures, strict=True)]
        read, nbad, nmiss, nmid, nclock, nwd = counters
        return cls(
            read=read,
            clean=nbad == nmiss == nwd == 0 and read == source_rows,
            midnights=nmid,
            clocks=nclock,
            total=tuple(total),
            groups={k: tuple(v) for k, v in groups.items()},
            unit_groups=tuple(sorted(units)),
        )
