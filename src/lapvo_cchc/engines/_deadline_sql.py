"""The deadline rules as a chain of SQL common table expressions (private module).

The rules are those of :func:`lapvo_cchc.deadlines.compute_deadline` (see
docs/deadlines.md): working days counted from the day after receipt,
calendar days rolled to the next working day, working hours through the
day's sessions (the lunch break is not counted), same-day limits with their
cut-off, and closed pauses that stop the clock: the budget used up to the
request date is kept and the rest restarts after the supply; a pause that
begins after the due date then current changes nothing.

Input: a relation ``lv_dl_key`` with ``unit`` (1 working days, 2 calendar
days, 3 working hours, 4 same day), ``n`` (amount), ``cut`` (same-day
cut-off, seconds of the day), ``rec`` (local seconds) and ``r1, s1, ...``
(closed pauses; -1 when absent). Output: ``lv_dl`` with the same keys and
``dday`` (due date ordinal) and ``due`` (local seconds after which the
dossier is late). Lookups are equality joins on the calendar dimension
(module :mod:`lapvo_cchc.engines._calendar_dim`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["deadline_ctes", "key_columns"]


def key_columns(pauses: int) -> list[str]:
    """The key columns of ``lv_dl_key`` for *pauses* pauses.

    Example:
        >>> key_columns(1)
        ['unit', 'n', 'cut', 'rec', 'r1', 's1']
    """
    cols = ["unit", "n", "cut", "rec"]
    for i in range(1, pauses + 1):
        cols += [f"r{i}", f"s{i}"]
    return cols


def _pos(t: str, c: str) -> str:
    """Working-time position of local seconds *t* with *c* its day's ``lv_cal_day`` row."""
    tod = f"({t} % 86400)"
    parts = " + ".join(f"LEAST(GREATEST({tod} - {c}.s{j}, 0), {c}.l{j})" for j in (1, 2, 3))
    return f"({c}.ms + CASE WHEN {c}.w = 1 THEN {parts} ELSE 0 END)"


def _side(prev: str, b: str) -> str:
    """Which of the bucket's three days holds position ``lv_t``: 0 before, 1 its own, 2 after."""
    t = f"{prev}.lv_t"
    early = f"{prev}.lv_early"
    return (
        f"(CASE WHEN {early} = 1 THEN (CASE WHEN {t} <= {b}.mc THEN 0 "
        f"WHEN {t} > {b}.mc + {b}.ml THEN 2 ELSE 1 END) "
        f"ELSE (CASE WHEN {t} >= {b}.mc + {b}.ml THEN 2 ELSE 1 END) END)"
    )


def _picked(b: str) -> str:
    """The chosen day's columns (``lv_d, lv_c, lv_l1, ...``) from bucket *b* and ``lv_side``."""
    cols = ("d", "c", "s1", "l1", "s2", "l2", "s3")
    return ", ".join(
        f"CASE {b}.lv_side WHEN 0 THEN {b}.p{c} WHEN 2 THEN {b}.n{c} ELSE {b}.m{c} END AS lv_{c}"
        for c in cols
    )


def _at(a: str) -> str:
    """The instant at position ``lv_t`` from the chosen day's columns of *a*."""
    t, early = f"{a}.lv_t", f"{a}.lv_early"
    rest = f"({t} - {a}.lv_c)"
    l1, l2 = f"{a}.lv_l1", f"{a}.lv_l2"
    tod = (
        f"(CASE WHEN {rest} < {l1} OR ({early} = 1 AND {rest} = {l1}) THEN {a}.lv_s1 + {rest} "
        f"WHEN {rest} - {l1} < {l2} OR ({early} = 1 AND {rest} - {l1} = {l2}) "
        f"THEN {a}.lv_s2 + {rest} - {l1} "
        f"ELSE {a}.lv_s3 + {rest} - {l1} - {l2} END)"
    )
    return f"(CASE WHEN {a}.lv_d > 0 THEN {a}.lv_d * 86400 + {tod} END)"


def deadline_ctes(pauses: int, g: int, *, carry: Sequence[str] = (), bare: bool = False) -> str:
    """The CTEs computing ``lv_dl`` from ``lv_dl_key`` (text to put after ``WITH``).

    Args:
        pauses: Pause columns in the key.
        g: The bucket width of the calendar dimension.
        carry: Other columns of ``lv_dl_key`` passed through to ``lv_dl``
            (a relation of rows rather than of distinct keys).
        bare: Also give ``bare_dday`` and ``bare_due``, the deadline without
            the pauses.

    Example:
        >>> "lv_dl AS" in deadline_ctes(1, 28800)
        True
    """
    keys = [*key_columns(pauses), *carry]
    first = ", ".join(f"k.{c}" for c in keys)
    ctes: list[str] = []
    # Stage 0: the deadline without pauses. Day units probe a day x and add `off`
    # working days: k = wd(x) + off (+1 when off = 0 and x is a day off).
    ctes.append(
        f"""lv_s0a AS (
  SELECT {first},
    CASE k.unit WHEN 1 THEN k.rec // 86400 WHEN 2 THEN k.rec // 86400 + k.n
      WHEN 4 THEN k.rec // 86400 END AS lv_x,
    CASE k.unit WHEN 1 THEN k.n WHEN 2 THEN 0
      WHEN 4 THEN (CASE WHEN k.rec % 86400 <= k.cut THEN 0 ELSE 1 END) END AS lv_off,
    CASE WHEN k.unit = 3 THEN {_pos("k.rec", "c")} + k.n * 3600 END AS lv_t,
    CASE WHEN k.n > 0 THEN 1 ELSE 0 END AS lv_early,
    CASE WHEN k.unit = 3 THEN k.n * 3600 ELSE k.n END AS lv_rem,
    CASE WHEN k.unit = 3 THEN k.rec ELSE k.rec // 86400 END AS lv_seg,
    CASE WHEN k.unit = 3 THEN {_pos("k.rec", "c")} END AS lv_pseg
  FROM lv_dl_key k LEFT JOIN lv_cal_day c ON c.d = k.rec // 86400
)"""
    )
    ctes.extend(_resolve("lv_s0a", "lv_s0", keys, g))
    prev = "lv_s0"
    if bare:
        ctes.append("lv_s0k AS (SELECT *, lv_dday AS bare_dday, lv_due AS bare_due FROM lv_s0)")
        keys = [*keys, "bare_dday", "bare_due"]
        prev = "lv_s0k"
    for i in range(1, pauses + 1):
        r, s = f"p.r{i}", f"p.s{i}"
        rday, sday = f"({r} // 86400)", f"({s} // 86400)"
        applies = (
            f"({r} >= 0 AND (CASE WHEN p.unit = 3 THEN {r} <= p.lv_due "
            f"ELSE {rday} <= p.lv_dday END))"
        )
        used = (
            f"(CASE WHEN p.unit = 1 AND {rday} > p.lv_seg THEN cr.wd - p.lv_wseg "
            f"WHEN p.unit = 2 AND {rday} > p.lv_seg THEN {rday} - p.lv_seg "
            f"WHEN p.unit = 3 AND {r} > p.lv_seg THEN {_pos(r, 'cr')} - p.lv_pseg ELSE 0 END)"
        )
        rem = f"GREATEST(p.lv_rem - {used}, 0)"
        cols = ", ".join(f"p.{c}" for c in keys)
        ctes.append(
            f"""lv_s{i}a AS (
  SELECT {cols}, p.lv_due AS lv_due0, p.lv_dday AS lv_dday0, p.lv_rem AS lv_rem0,
    p.lv_seg AS lv_seg0, p.lv_wseg AS lv_wseg0, p.lv_pseg AS lv_pseg0,
    {applies} AS lv_apply,
    CASE p.unit WHEN 1 THEN {sday} WHEN 2 THEN {sday} + {rem}
      WHEN 4 THEN {sday} END AS lv_x,
    CASE p.unit WHEN 1 THEN {rem} WHEN 2 THEN 0
      WHEN 4 THEN (CASE WHEN {s} % 86400 <= p.cut THEN 0 ELSE 1 END) END AS lv_off,
    CASE WHEN p.unit = 3 THEN {_pos(s, "cs")} + {rem} END AS lv_t,
    CASE WHEN {rem} > 0 THEN 1 ELSE 0 END AS lv_early,
    {rem} AS lv_rem,
    CASE WHEN p.unit = 3 THEN {s} ELSE {sday} END AS lv_seg,
    CASE WHEN p.unit = 3 THEN {_pos(s, "cs")} END AS lv_pseg
  FROM {prev} p
    LEFT JOIN lv_cal_day cr ON cr.d = {rday}
    LEFT JOIN lv_cal_day cs ON cs.d = {sday}
)"""
        )
        ctes.extend(_resolve(f"lv_s{i}a", f"lv_s{i}", keys, g, stage=True))
        prev = f"lv_s{i}"
    out = ", ".join(f"p.{c}" for c in keys)
    ctes.append(f"lv_dl AS (SELECT {out}, p.lv_dday AS dday, p.lv_due AS due FROM {prev} p)")
    return ",\n".join(ctes)


def _resolve(src: str, name: str, keys: list[str], g: int, *, stage: bool = False) -> list[str]:
    """CTEs turning a probe (day units) or a position (hours) into the due date and instant."""
    cols = ", ".join(f"a.{c}" for c in keys)
    state = ", a.lv_apply, a.lv_due0, a.lv_dday0, a.lv_rem0, a.lv_seg0, a.lv_wseg0, a.lv_pseg0"
    carry = state if stage else ""
    k = "(cx.wd + a.lv_off + CASE WHEN a.lv_off = 0 AND cx.w = 0 THEN 1 ELSE 0 END)"
    zero = f"""{name}z AS (
  SELECT {cols}, a.lv_rem, a.lv_seg, a.lv_pseg, a.lv_t, a.lv_early, cx.wd AS lv_wx,
    CASE WHEN a.unit = 3 THEN NULL ELSE {k} END AS lv_k, bk.*,
    CASE WHEN bk.b IS NULL THEN NULL ELSE {_side("a", "bk")} END AS lv_side{carry}
  FROM {src} a
    LEFT JOIN lv_cal_day cx ON cx.d = a.lv_x
    LEFT JOIN lv_cal_bucket bk ON bk.b = a.lv_t // {g}
)"""
    zcols = ", ".join(f"z.{c}" for c in keys)
    zcarry = state.replace("a.", "z.") if stage else ""
    first = f"""{name}y AS (
  SELECT {zcols}, z.lv_rem, z.lv_seg, z.lv_pseg, z.lv_t, z.lv_early, z.lv_wx, z.lv_k,
    {_picked("z")}{zcarry}
  FROM {name}z z
),
{name}b AS (
  SELECT y.*, CASE WHEN y.unit = 3 THEN {_at("y")} END AS lv_at FROM {name}y y
)"""
    new_dday = "CASE WHEN b.unit = 3 THEN b.lv_at // 86400 ELSE w.d END"
    new_due = "CASE WHEN b.unit = 3 THEN b.lv_at ELSE (w.d + 1) * 86400 END"
    # the working-day ordinal of the new segment day (working days only read it)
    new_wseg = "b.lv_wx"
    if stage:

        def keep(new: str, old: str) -> str:
            return f"CASE WHEN b.lv_apply THEN {new} ELSE {old} END"

        sel = (
            f"{keep(new_dday, 'b.lv_dday0')} AS lv_dday, {keep(new_due, 'b.lv_due0')} AS lv_due, "
            f"{keep('b.lv_rem', 'b.lv_rem0')} AS lv_rem, "
            f"{keep('b.lv_seg', 'b.lv_seg0')} AS lv_seg, "
            f"{keep(new_wseg, 'b.lv_wseg0')} AS lv_wseg, "
            f"{keep('b.lv_pseg', 'b.lv_pseg0')} AS lv_pseg"
        )
    else:
        sel = (
            f"{new_dday} AS lv_dday, {new_due} AS lv_due, b.lv_rem, b.lv_seg, "
            f"{new_wseg} AS lv_wseg, b.lv_pseg"
        )
    bcols = ", ".join(f"b.{c}" for c in keys)
    second = f"""{name} AS (
  SELECT {bcols}, {sel}
  FROM {name}b b LEFT JOIN lv_cal_wd w ON w.k = b.lv_k
)"""
    return [zero, first, second]
