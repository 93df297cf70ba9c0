"""The statistical report as one relational plan (private module).

The plan is SQL text in DuckDB's dialect, built from the report's
parameters and rewritten by SQLGlot for the other engines. Its relations:

``lv_src``
    The ledger as text: one row per data row, the columns of
    :data:`lapvo_cchc.adapters.ledger.COLUMNS` (empty text when absent) and
    ``lv_line``, the row's line number.
``lv_rows``
    Every row read with its parsed values and, for a rejected row, the
    column and reason the python reader gives (same checks, same order;
    the first accepted row of a dossier code wins).
``lv_rec``
    The accepted rows as dossier records: the facts of
    :class:`~lapvo_cchc.kpi.DossierRecord`, the deadline computed with the
    calendar dimension when the row gives only a time limit.
``lv_fact``
    A record per (sub-)period it is handled in, with its column of the
    form; grouped, it gives the report.

The word lists (``lv_dict_*``), the calendar dimension (``lv_cal_*``) and the
sub-periods (``lv_periods``) are small tables the engine writes first.
"""

from __future__ import annotations

from typing import Final

import attrs

from lapvo_cchc.engines._checks import error_chain
from lapvo_cchc.engines._deadline_sql import deadline_ctes, key_columns
from lapvo_cchc.engines._sqltext import (
    MIDNIGHT_RE,
    date_ordinal,
    instant_layers,
    pause_count,
    quoted,
)

__all__ = [
    "DIMENSIONS",
    "MEASURE_SQL",
    "WORD_JOINS",
    "Plan",
    "PlanOptions",
    "build_plan",
    "cutoff_sql",
    "fact_ctes",
    "measures_sql",
    "pause_keys",
    "pause_sums",
    "rows_sql",
]

TEXT_COLUMNS: Final = (
    "dossier_code", "procedure_code", "agency_code", "level", "field", "channel",
    "assisted", "received_at", "time_limit", "due_at", "finished_at", "finish_kind",
    "supplement_requested_at", "supplement_supplied_at",
)  # fmt: skip

_RESOLVED: Final = "f.kind IN (0, 1, 2)"

WORD_JOINS: Final = """FROM lv_t t
    LEFT JOIN lv_dict_channel dch ON dch.txt = t.channel
    LEFT JOIN lv_dict_finish dfk ON dfk.txt = t.finish_kind
    LEFT JOIN lv_dict_level dlv ON dlv.txt = t.level
    LEFT JOIN lv_dict_assisted das ON das.txt = t.assisted
    LEFT JOIN lv_dict_limit dlim ON dlim.txt = t.time_limit"""
"""The parsed rows ``t`` joined to the word lists (``dch``, ``dfk``, ``dlv``, ``das``, ``dlim``)."""


@attrs.frozen(kw_only=True)
class PlanOptions:
    """What the plan depends on besides the data (private).

    Attributes:
        pauses: Supplement pairs the plan reads per row (the most in the source).
        deadlines: Whether some row needs its deadline computed from its time limit.
        working_days: Whether to sum the working days of resolved dossiers.
        g: The calendar dimension's bucket width (seconds).
        same_day_cutoffs: ``(first receipt day ordinal, cut-off seconds)`` of
            each regime, oldest first (the default cut-off of same-day limits).
        attrs_by: The attribute dimensions of the groups (no month).
        by_month: Whether groups are split by month.
        fast_instants: Parse the common instant form with a vectorised cast
            (DuckDB's dialect only).
        midnight_dates: Read due instants at 00:00:00 as due dates (the
            ledger reader's ``due_as="dates"``, or ``"auto"`` on a ledger whose
            due instants are all at midnight).
        unit_keys: Keep each row's agency code and level (``u_agency``,
            ``u_level``) for the check of units gone after the 2025 reform.
    """

    pauses: int
    deadlines: bool
    working_days: bool
    g: int
    same_day_cutoffs: tuple[tuple[int, int], ...]
    attrs_by: tuple[str, ...]
    by_month: bool
    fast_instants: bool = False
    midnight_dates: bool = False
    unit_keys: bool = False


_KEY_SQL: Final = {
    "level": "r.lv_level",
    "agency": "r.agency_code",
    "field": "r.field",
    "procedure": "r.procedure_code",
    "channel": "r.lv_channel",
}

_ROW_KEY_SQL: Final = {
    "level": "e.lv_level",
    "agency": "TRIM(e.agency_code) AS agency_code",
    "field": "TRIM(e.field) AS field",
    "procedure": "TRIM(e.procedure_code) AS procedure_code",
    "channel": "e.lv_channel",
}

DIMENSIONS: Final = (*_KEY_SQL, "month")
"""The report dimensions the plan groups by (``successor`` is the python engine's)."""

MEASURE_SQL: Final = {
    "received_total": "TRUE",
    "received_online": "NOT f.carried AND f.ch = 0",
    "received_offline": "NOT f.carried AND f.ch <> 0",
    "carried_over": "f.carried",
    "resolved_total": "f.resolved",
    "resolved_early": "f.resolved AND f.early",
    "resolved_on_time": "f.resolved AND NOT f.early AND NOT f.late",
    "resolved_late": "f.resolved AND f.late",
    "in_progress_total": "NOT f.done",
    "in_progress_within": "NOT f.done AND f.within",
    "in_progress_overdue": "NOT f.done AND NOT f.within",
    "withdrawn": "f.done AND f.kind = 3",
    "stopped": "f.done AND f.kind IN (4, 5)",
    "received_in_period": "NOT f.carried",
    "received_in_person": "NOT f.carried AND f.ch = 1",
    "received_postal": "NOT f.carried AND f.ch = 2",
    "received_assisted": "NOT f.carried AND f.assisted = 1",
    "rejected": "f.resolved AND f.kind = 1",
    "handled": "TRUE",
    "due_total": "f.due_in",
    "due_early": "f.due_in AND f.resolved AND f.early",
    "due_on_time": "f.due_in AND f.resolved AND NOT f.early AND NOT f.late",
    "due_late": "f.due_in AND ((f.resolved AND f.late) OR (NOT f.done AND NOT f.within))",
    "on_time_766": "f.ok766",
    # the same dossier judged differently by the form and by the 766 index (report notes)
    "late_on_form_on_time_766": "f.resolved AND f.late AND f.ok766",
    "on_time_on_form_late_766": "f.resolved AND NOT f.late AND NOT f.ok766",
}
"""Each measure of :class:`~lapvo_cchc.kpi.FormCounts` as a condition on a fact row."""


@attrs.frozen
class Plan:
    """The SQL statements of a report (DuckDB dialect; private).

    Attributes:
        rows: ``CREATE TABLE lv_rows AS ...``: every row, parsed and checked.
        errors: The rejected rows: line, column, reason (file order).
        counts: Rows read, rows accepted, and due cells at 00:00 read as dates.
        missing_deadlines: Accepted rows whose deadline fell outside the calendar dimension.
        total: The totals row (every measure of MEASURE_SQL).
        groups: The group rows (key columns then the measures).
    """

    rows: str
    errors: str
    counts: str
    missing_deadlines: str
    total: str
    groups: str


def _parsed(o: PlanOptions) -> str:
    """The CTEs up to ``lv_t``: trimmed texts and parsed instants."""
    trim = ",\n    ".join(
        f"CASE WHEN lv_pad THEN TRIM(COALESCE({c}, '')) ELSE COALESCE({c}, '') END AS {c}"
        for c in TEXT_COLUMNS
    )
    pad = (
        "(COALESCE(dossier_code, '') <> TRIM(COALESCE(dossier_code, '')) OR "
        "COALESCE(received_at, '') <> TRIM(COALESCE(received_at, '')))"
    )
    req, sup = "supplement_requested_at", "supplement_supplied_at"
    parts = []
    texts = ["received_at", "finished_at", "due_at"]
    for i in range(1, o.pauses + 1):
        parts.append(f"TRIM(SPLIT_PART({req}, ';', {i})) AS rt{i}")
        parts.append(f"TRIM(SPLIT_PART({sup}, ';', {i})) AS st{i}")
        texts += [f"rt{i}", f"st{i}"]
    extra = "".join(f", {p}" for p in parts)
    layers = instant_layers(texts, fast=o.fast_instants)
    date_read = "LENGTH(due_at) = 10"
    midnight = ""
    if o.midnight_dates:
        # a due cell at 00:00:00 read as the due date: due at the end of that day
        is_midnight = f"LENGTH(due_at) > 10 AND REGEXP_MATCHES(due_at, '{MIDNIGHT_RE}')"
        date_read = f"(LENGTH(due_at) = 10 OR ({is_midnight}))"
        # the cell's own date: the parsed parts, or the fast cast (no offset) at midnight
        day = (
            f"CASE WHEN due_at_ok THEN {date_ordinal('due_at_y', 'due_at_m', 'due_at_d')} "
            "ELSE due_at_ls // 86400 END"
        )
        midnight = (
            f"\n      WHEN due_at_ls IS NOT NULL AND {is_midnight} THEN ({day}) * 86400 + 86400"
        )
    names = [f"lv_ta{i}" for i in range(len(layers))]
    chain = "".join(
        f"{name} AS (SELECT *, {layer} FROM {prev}),\n"
        for name, layer, prev in zip(names, layers, ["lv_t1", *names], strict=False)
    )
    pairs = "".join(f", rt{i}_ls AS r{i}, st{i}_ls AS s{i}" for i in range(1, o.pauses + 1))
    texts_sel = "".join(f", rt{i}, st{i}" for i in range(1, o.pauses + 1))
    return f"""lv_t0 AS (
  SELECT lv_line, lv_pre,
    {trim}
  FROM (SELECT *, {pad} AS lv_pad FROM lv_src) s
),
lv_t1 AS (
  SELECT *, {pause_count(req)} AS nreq, {pause_count(sup)} AS nsup{extra} FROM lv_t0
),
{chain}lv_t AS (
  SELECT lv_line, lv_pre, {", ".join(TEXT_COLUMNS)}, nreq, nsup{texts_sel}, received_at_ls AS rec,
    CASE WHEN finished_at = '' THEN NULL ELSE finished_at_ls END AS fin,
    CASE WHEN due_at = '' THEN NULL WHEN LENGTH(due_at) = 10 THEN due_at_ls + 86400{midnight}
      ELSE due_at_ls END AS due_given{pairs},
    {date_read} AS due_date
  FROM {names[-1]}
)"""


def pause_keys(k: int, prefix: str = "") -> list[str]:
    """The closed pauses of a row as key values (-1 when absent), ``r1, s1, ...`` in order.

    Example:
        >>> pause_keys(1)
        ['CASE WHEN nsup >= 1 THEN r1 ELSE -1 END', 'CASE WHEN nsup >= 1 THEN s1 ELSE -1 END']
    """
    out = []
    for i in range(1, k + 1):
        out += [
            f"CASE WHEN {prefix}nsup >= {i} THEN {prefix}r{i} ELSE -1 END",
            f"CASE WHEN {prefix}nsup >= {i} THEN {prefix}s{i} ELSE -1 END",
        ]
    return out


def _join_keys(o: PlanOptions) -> str:
    """``lv_e``'s keys of the joins to ``lv_dl`` (the unit is NULL where a join does not apply)."""
    if not o.deadlines:
        return ""
    keys = key_columns(o.pauses)[4:]
    cols = [
        "CASE WHEN due_at = '' AND unit > 0 THEN unit END AS lv_ju_p",
        "CASE WHEN nreq > 0 AND unit > 0 THEN unit END AS lv_ju_b",
        *(f"{x} AS lv_j{n}" for x, n in zip(pause_keys(o.pauses), keys, strict=True)),
    ]
    return "".join(f",\n    {c}" for c in cols)


def cutoff_sql(o: PlanOptions) -> str:
    """A row's same-day cut-off (seconds): its limit's own, else its receipt day's regime's.

    Example:
        >>> o = PlanOptions(pauses=0, deadlines=False, working_days=False, g=28800,
        ...     same_day_cutoffs=((0, 54000),), attrs_by=(), by_month=False)
        >>> cutoff_sql(o)
        'CASE WHEN dlim.cut >= 0 THEN dlim.cut WHEN t.rec // 86400 >= 0 THEN 54000 ELSE 54000 END'
    """
    whens = " ".join(
        f"WHEN t.rec // 86400 >= {day} THEN {cut}" for day, cut in reversed(o.same_day_cutoffs)
    )
    return f"CASE WHEN dlim.cut >= 0 THEN dlim.cut {whens} ELSE {o.same_day_cutoffs[0][1]} END"


def pause_sums(k: int) -> tuple[str, str, str]:
    """SQL of a row ``t``'s paused seconds, last supply and open request (*k* pauses read).

    Example:
        >>> pause_sums(0)
        ('0', 'CAST(NULL AS BIGINT)', 'CAST(NULL AS BIGINT)')
    """
    sec = (
        " + ".join(
            f"(CASE WHEN t.nsup >= {i} THEN t.s{i} - t.r{i} ELSE 0 END)" for i in range(1, k + 1)
        )
        or "0"
    )
    last = " ".join(f"WHEN t.nsup = {i} THEN t.s{i}" for i in range(1, k + 1))
    pending = " ".join(f"WHEN t.nreq = {i} THEN t.r{i}" for i in range(1, k + 1))
    last_sql = f"CASE {last} END" if k else "CAST(NULL AS BIGINT)"
    pending_sql = (
        f"CASE WHEN t.nsup < t.nreq THEN (CASE {pending} END) END" if k else "CAST(NULL AS BIGINT)"
    )
    return sec, last_sql, pending_sql


def rows_sql(o: PlanOptions) -> str:
    """``CREATE TABLE lv_rows AS ...``: every row, checked, with the record's facts.

    Example:
        >>> o = PlanOptions(pauses=1, deadlines=False, working_days=False, g=28800,
        ...     same_day_cutoffs=((0, 54000),), attrs_by=("level",), by_month=False)
        >>> rows_sql(o).startswith("CREATE TABLE lv_rows AS")
        True
    """
    k = o.pauses
    sec, last_sql, pending_sql = pause_sums(k)
    narrow = ", ".join(
        ["lv_line", "lv_pre", "dossier_code", "procedure_code", "agency_code", "field", "due_at",
         "due_date", "nreq", "nsup", "rec", "fin", "due_given", "ch", "lv_channel", "kind",
         "lv_level", "assisted_flag", "unit", "n", "cut", "lv_local"]
        + [f"r{i}, s{i}" for i in range(1, k + 1)]
    )  # fmt: skip
    checked = f"""lv_c0 AS (
  SELECT t.*, dch.code AS ch, dch.label AS lv_channel, dfk.code AS kind,
    dlv.lv AS lv_level, das.flag AS assisted_flag, dlim.unit, dlim.n,
    {cutoff_sql(o)} AS cut,
    {error_chain(o.pauses)} AS lv_local
  {WORD_JOINS}
),
lv_c AS (SELECT {narrow} FROM lv_c0),
lv_dup AS (
  SELECT dossier_code AS lv_code, MIN(CASE WHEN lv_local IS NULL THEN lv_line END) AS lv_first
  FROM lv_c WHERE dossier_code <> '' GROUP BY dossier_code HAVING COUNT(*) > 1
),
lv_d AS (
  SELECT c.*, u.lv_first FROM lv_c c LEFT JOIN lv_dup u ON u.lv_code = c.dossier_code
),
lv_e AS (
  SELECT *,
    CASE WHEN lv_pre IS NOT NULL THEN lv_pre
      WHEN dossier_code = '' THEN 'dossier_code|expected a dossier code, got an empty cell'
      WHEN lv_first < lv_line
        THEN 'dossier_code|duplicate dossier code ' || {quoted("dossier_code")}
        || ' (first row kept)'
      ELSE lv_local END AS lv_err,
    {sec} AS lv_sec,
    {last_sql} AS lv_last,
    {pending_sql} AS lv_pending{_join_keys(o)}
  FROM lv_d t
)"""
    ctes = [_parsed(o), checked]
    select_due = "e.due_given AS due"
    select_promised = "CASE WHEN e.nreq = 0 THEN e.due_given ELSE e.due_given - e.lv_sec END"
    joins = ""
    if o.deadlines:
        keys = key_columns(k)
        pause_cols = pause_keys(k)
        bare_cols = ["-1"] * len(pause_cols)
        base = "unit, n, cut, rec"
        sel_p = ", ".join(
            [base, *(f"{x} AS {n}" for x, n in zip(pause_cols, keys[4:], strict=True))]
        )
        sel_b = ", ".join(
            [base, *(f"{x} AS {n}" for x, n in zip(bare_cols, keys[4:], strict=True))]
        )
        ok = "lv_err IS NULL AND unit > 0"
        ctes.append(
            f"""lv_dl_key AS (
  SELECT DISTINCT * FROM (
    SELECT {sel_p} FROM lv_e WHERE {ok} AND due_at = ''
    UNION ALL
    SELECT {sel_b} FROM lv_e WHERE {ok} AND nreq > 0
  ) u
)"""
        )
        ctes.append(deadline_ctes(k, o.g))
        # equalities of columns only (lv_e's join keys; NULL where the join does not
        # apply): engines without a general join condition (Polars) run them as hash joins
        on_p = " AND ".join(
            ["dp.unit = e.lv_ju_p"]
            + [f"dp.{c} = e.{c}" for c in ("n", "cut", "rec")]
            + [f"dp.{n} = e.lv_j{n}" for n in keys[4:]]
        )
        on_b = " AND ".join(
            ["db.unit = e.lv_ju_b"]
            + [f"db.{c} = e.{c}" for c in ("n", "cut", "rec")]
            + [f"db.{n} = -1" for n in keys[4:]]
        )
        joins = f"\n    LEFT JOIN lv_dl dp ON {on_p}\n    LEFT JOIN lv_dl db ON {on_b}"
        select_due = "CASE WHEN e.due_at = '' THEN dp.due ELSE e.due_given END AS due"
        select_promised = (
            "CASE WHEN e.nreq = 0 THEN (CASE WHEN e.due_at = '' THEN dp.due ELSE e.due_given END) "
            "WHEN e.unit > 0 THEN db.due ELSE e.due_given - e.lv_sec END"
        )
    due_day = (
        "CASE WHEN e.due_at = '' THEN dp.dday "
        "WHEN e.due_date THEN e.due_given // 86400 - 1 "
        "ELSE (e.due_given - 1) // 86400 END"
        if o.deadlines
        else "CASE WHEN e.due_date THEN e.due_given // 86400 - 1 "
        "ELSE (e.due_given - 1) // 86400 END"
    )
    body = ",\n".join(ctes)
    # only the group keys the report needs are kept (the table holds every row)
    key_sel = "".join(f"\n  {_ROW_KEY_SQL[d]}," for d in o.attrs_by)
    if o.unit_keys:
        key_sel += "\n  TRIM(e.agency_code) AS u_agency, e.lv_level AS u_level,"
    midnight = ""
    if o.midnight_dates:
        # due cells at 00:00 read as dates, in rows read up to their due cell (as the reader
        # counts: a row refused for its code, empty or repeated, is refused before it)
        midnight = (
            "\n  e.due_date AND LENGTH(e.due_at) > 10 AND e.due_given IS NOT NULL AND "
            "(e.lv_err IS NULL OR e.lv_err LIKE 'due_at|%' OR e.lv_err LIKE 'finish%')"
            " AS due_mid,"
        )
    return f"""CREATE TABLE lv_rows AS
WITH {body}
SELECT e.lv_line, e.lv_err,{key_sel}{midnight}
  e.ch, e.assisted_flag AS assisted, e.rec, e.fin, e.kind,
  {select_due}, {due_day} AS due_day, {select_promised} AS promised,
  e.nreq AS nsupp, e.lv_sec AS sec, e.lv_last AS last_supplied, e.lv_pending AS pending
FROM lv_e e{joins}"""


def fact_ctes(o: PlanOptions, *, left_on: str = "", extra: str = "") -> str:
    """The CTE ``lv_fact``: each record per sub-period it is handled in, classified.

    With *left_on*, every record is kept: one not handled in any sub-period
    (or failing *left_on*, a condition on ``r``) once, with ``pid`` NULL.
    *extra* is more select items of ``lv_f0`` (``, ...``).
    """
    wd = ""
    wd_join = ""
    if o.working_days:
        wd = ", cf.wd - cr.wd AS wdays"
        wd_join = (
            "\n    LEFT JOIN lv_cal_day cr ON cr.d = r.rec // 86400"
            "\n    LEFT JOIN lv_cal_day cf ON cf.d = r.fin // 86400"
        )
    keys = "".join(f", {_KEY_SQL[d]} AS k_{d}" for d in o.attrs_by)
    join = "LEFT JOIN" if left_on else "JOIN"
    if left_on:
        left_on += " AND "
    paused = (
        "CASE WHEN r.pending IS NOT NULL AND r.pending < p.cut THEN r.pending "
        "WHEN r.nsupp = 1 AND r.last_supplied IS NOT NULL AND r.last_supplied >= p.cut "
        "AND r.last_supplied - r.sec < p.cut THEN r.last_supplied - r.sec END"
    )
    ok_one = (
        "CASE WHEN r.fin IS NOT NULL AND r.fin < p.cut THEN r.fin - r.sec <= r.promised "
        "WHEN r.pending IS NOT NULL AND r.pending < p.cut THEN r.pending - r.sec <= r.promised "
        "WHEN r.last_supplied IS NOT NULL AND r.last_supplied >= p.cut "
        "AND r.last_supplied - r.sec < p.cut THEN r.last_supplied - r.sec <= r.promised "
        "ELSE p.cut - (CASE WHEN r.last_supplied IS NOT NULL AND r.last_supplied < p.cut "
        "THEN r.sec ELSE 0 END) <= r.promised END"
    )
    return f"""lv_f0 AS (
  SELECT p.pid, p.label, r.ch, r.assisted, r.kind{keys},
    r.rec // 86400 < p.s_day AS carried,
    r.fin IS NOT NULL AND r.fin < p.cut AS done,
    r.fin IS NOT NULL AND r.fin < p.cut AND r.kind IN (0, 1, 2) AS resolved,
    r.fin > r.due AS late,
    r.fin <= r.due AND r.fin // 86400 < r.due_day AS early,
    (p.cut <= r.due OR COALESCE(({paused}) <= r.due, FALSE)) AS within,
    p.s_day <= r.due_day AND r.due_day < p.cut // 86400 AS due_in,
    CASE WHEN r.nsupp = 0 THEN
      ((r.fin IS NOT NULL AND r.fin < p.cut AND r.fin <= r.promised)
       OR ((r.fin IS NULL OR r.fin >= p.cut) AND r.pending IS NULL AND p.cut <= r.promised))
    WHEN r.nsupp = 1 THEN ({ok_one}) ELSE FALSE END AS ok766{wd}{extra}
  FROM lv_rec r
    {join} lv_periods p
      ON {left_on}r.rec < p.cut AND (r.fin IS NULL OR r.fin >= p.s_day * 86400){wd_join}
),
lv_fact AS (SELECT * FROM lv_f0)"""


def measures_sql(o: PlanOptions) -> str:
    """The select list of every measure (:data:`MEASURE_SQL`) summed over fact rows ``f``.

    Example:
        >>> o = PlanOptions(pauses=0, deadlines=False, working_days=False, g=28800,
        ...     same_day_cutoffs=((0, 54000),), attrs_by=(), by_month=False)
        >>> measures_sql(o).splitlines()[0]
        'SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS received_total,'
    """
    cols = [
        f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {name}" for name, cond in MEASURE_SQL.items()
    ]
    if o.working_days:
        cols.append("SUM(CASE WHEN f.resolved THEN f.wdays ELSE 0 END) AS resolved_working_days")
    else:
        cols.append("0 AS resolved_working_days")
    return ",\n  ".join(cols)


def build_plan(o: PlanOptions) -> Plan:
    """The statements of the report for *o* (DuckDB dialect).

    Example:
        >>> o = PlanOptions(pauses=0, deadlines=False, working_days=False, g=28800,
        ...     same_day_cutoffs=((0, 54000),), attrs_by=(), by_month=False)
        >>> "lv_periods" in build_plan(o).total
        True
    """
    rec_cte = "lv_rec AS (SELECT * FROM lv_rows WHERE lv_err IS NULL)"
    fact = f"WITH {rec_cte},\n{fact_ctes(o)}\n"
    total = f"{fact}SELECT\n  {measures_sql(o)}\nFROM lv_fact f WHERE f.pid = 0"
    keys = [f"f.k_{d}" for d in o.attrs_by]
    if o.by_month:
        keys.append("f.label")
    if keys:
        where = "f.pid > 0" if o.by_month else "f.pid = 0"
        group = ", ".join(keys)
        groups = (
            f"{fact}SELECT {group},\n  {measures_sql(o)}\n"
            f"FROM lv_fact f WHERE {where} GROUP BY {group}"
        )
    else:
        groups = ""
    return Plan(
        rows=rows_sql(o),
        errors=("SELECT lv_line, lv_err FROM lv_rows WHERE lv_err IS NOT NULL ORDER BY lv_line"),
        counts=(
            "SELECT COUNT(*), SUM(CASE WHEN lv_err IS NULL THEN 1 ELSE 0 END), "
            + ("SUM(CASE WHEN due_mid THEN 1 ELSE 0 END)" if o.midnight_dates else "0")
            + " FROM lv_rows"
        ),
        missing_deadlines=(
            "SELECT MIN(lv_line), COUNT(*) FROM lv_rows "
            "WHERE lv_err IS NULL AND (due IS NULL OR promised IS NULL)"
        ),
        total=total,
        groups=groups,
    )
