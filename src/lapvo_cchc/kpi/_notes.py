"""Notes a report carries beside its numbers: what a reader must know to use them (private).

A report of a period with no dossiers, or outside the years the library
supports, is not an all-zero form without a word; dossiers that the form and
the 766 index class apart are counted with the reason; dossiers received by a
unit that no longer existed (the 2025 reform) are counted as a finding. Each
note has a stable ``key``, a count where it counts dossiers, and its text in
Vietnamese and English.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

import attrs

from lapvo_cchc.calendars import MAX_YEAR, MIN_YEAR
from lapvo_cchc.kpi._records import day_start, vn_day
from lapvo_cchc.procedures import TWO_TIER_DATE, Level

if TYPE_CHECKING:
    from lapvo_cchc.kpi._counting import FormCounts
    from lapvo_cchc.kpi._format import Lang
    from lapvo_cchc.kpi._periods import Period
    from lapvo_cchc.kpi._records import DossierRecord
    from lapvo_cchc.procedures import UnitRegistry

__all__ = ["ReportNote", "UnitCheck", "count_notes", "period_notes"]


@attrs.frozen
class ReportNote:
    """A note printed under a report, in every output format.

    Attributes:
        key: What the note is about: ``"empty_period"``, ``"unsupported_period"``,
            ``"form_vs_766"`` or ``"unit_after_reform"``.
        vi: The note in Vietnamese.
        en: The note in English.
        count: The dossiers it counts, if it counts dossiers.

    Example:
        >>> ReportNote("empty_period", "Không có hồ sơ.", "No dossiers.").text("en")
        'No dossiers.'
    """

    key: str
    vi: str
    en: str
    count: int | None = None

    def text(self, lang: Lang = "vi") -> str:
        """The note in *lang* (``"vi"`` or ``"en"``)."""
        return self.vi if lang == "vi" else self.en


def period_notes(period: Period, total: FormCounts) -> list[ReportNote]:
    """The notes on the period itself: outside the supported years, or without dossiers.

    Example:
        >>> from lapvo_cchc.kpi._counting import FormCounts
        >>> from lapvo_cchc.kpi._periods import Period
        >>> [n.key for n in period_notes(Period.year(1990), FormCounts())]
        ['unsupported_period', 'empty_period']
    """
    notes = []
    span = f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"
    if period.start.year < MIN_YEAR or period.end.year > MAX_YEAR:
        notes.append(
            ReportNote(
                "unsupported_period",
                f"Kỳ {period.label} ({span}) nằm ngoài các năm thư viện hỗ trợ "
                f"({MIN_YEAR}–{MAX_YEAR}): không có lịch ngày làm việc để tính hạn, "
                "số liệu của kỳ này không dùng được.",
                f"Period {period.label} ({span}) is outside the years the library supports "
                f"({MIN_YEAR}-{MAX_YEAR}): there is no working-day calendar to reckon "
                "deadlines, so no figure of this period can be used.",
            )
        )
    if total.received_total == 0:
        notes.append(
            ReportNote(
                "empty_period",
                f"Không có hồ sơ nào trong kỳ {period.label} ({span}): các cột bằng 0 "
                "vì không có dữ liệu, không phải là kết quả giải quyết.",
                f"No dossier in period {period.label} ({span}): the columns are 0 for "
                "want of data, not as a result.",
                0,
            )
        )
    return notes


def count_notes(total: FormCounts) -> list[ReportNote]:
    """The notes drawn from the counts: dossiers the form and the 766 index class apart.

    Example:
        >>> from lapvo_cchc.kpi._counting import FormCounts
        >>> note = count_notes(FormCounts(late_on_form_on_time_766=2))[0]
        >>> note.key, note.count
        ('form_vs_766', 2)
    """
    late = total.late_on_form_on_time_766
    on_time = total.on_time_on_form_late_766
    if not late and not on_time:
        return []
    return [
        ReportNote(
            "form_vs_766",
            f"{late + on_time} hồ sơ đã giải quyết được xếp khác nhau giữa biểu 06 và chỉ số "
            f"766 ({late} quá hạn trên biểu nhưng đúng hạn theo 766, {on_time} đúng hạn trên "
            "biểu nhưng không đúng hạn theo 766): biểu so thời điểm giải quyết với hạn đã "
            "lùi theo thời gian tạm dừng chờ bổ sung (và ngày hẹn lại sau khi xin lỗi), còn "
            "chỉ số 766 (Quyết định 766/QĐ-TTg) trừ thời gian tạm dừng thực tế rồi so với "
            "ngày hẹn ban đầu, và coi hồ sơ bổ sung quá một lần là không đúng hạn.",
            f"{late + on_time} resolved dossiers are classed differently by form 06 and by "
            f"the 766 index ({late} late on the form yet on time for 766, {on_time} on time "
            "on the form yet not for 766): the form compares the finish with the deadline "
            "moved by the pauses awaiting a supplement (and by an apology's new date), while "
            "the 766 index (Decision 766/QĐ-TTg) takes the wall-clock pause off the time used, "
            "compares it with the first appointment, and counts a dossier with more than one "
            "supplement request as not on time.",
            late + on_time,
        )
    ]


_GONE: Final = frozenset({"DISTRICT_ABOLISHED", "UNIT_CLOSED"})


class UnitCheck:
    """Count the dossiers of a period received by a unit gone on their receipt day.

    Called with each record (as a report's ``on_record``); a dossier handled in
    the period, received on or after 1 July 2025 by a district-level unit (by
    its level or its code) or by a merged commune, is counted, with up to three
    examples. Unknown codes are not counted (the registry may not cover them).

    Example:
        >>> from lapvo_cchc.kpi._periods import Period
        >>> from lapvo_cchc.procedures import lap_vo_units
        >>> check = UnitCheck(lap_vo_units(), Period.year(2025))
        >>> check.note() is None
        True
    """

    def __init__(self, registry: UnitRegistry, period: Period) -> None:
        self._registry = registry
        self._start = day_start(period.start.toordinal())
        self._cutoff = day_start(period.end.toordinal() + 1)
        self._reform = day_start(TWO_TIER_DATE.toordinal())
        self._cache: dict[tuple[str, str, int], str | None] = {}
        self.count = 0
        self.examples: list[str] = []

    def __call__(self, r: DossierRecord) -> None:
        received = r.received_ts
        if received < self._reform or received >= self._cutoff:
            return
        finished = r.finished_ts
        if finished is not None and finished < self._start:
            return
        self.count_group(r.agency, r.level, vn_day(received), 1)

    def count_group(self, agency: str, level: str, day: int, count: int) -> None:
        """Count *count* dossiers handled in the period, received on day ordinal *day*.

        For counts made elsewhere (a SQL engine groups its rows by agency,
        level and receipt day, in the order of their first row); the caller
        keeps to the period and to receipts from 1 July 2025.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.kpi._periods import Period
            >>> from lapvo_cchc.procedures import lap_vo_units
            >>> check = UnitCheck(lap_vo_units(), Period.year(2025))
            >>> check.count_group("875", "district", dt.date(2025, 8, 1).toordinal(), 4)
            >>> check.count
            4
        """
        key = (agency, level, day)
        if key not in self._cache:
            self._cache[key] = self._check(agency, level, dt.date.fromordinal(day))
        message = self._cache[key]
        if message is not None:
            self.count += count
            if len(self.examples) < 3 and message not in self.examples:
                self.examples.append(message)

    def _check(self, code: str, level: str, day: dt.date) -> str | None:
        from lapvo_cchc.procedures import check_receipt_unit

        lv = Level.DISTRICT if level == "district" else None
        try:
            found = check_receipt_unit(code, day, registry=self._registry, level=lv)
        except LookupError:
            return None
        if found is None or found.kind.name not in _GONE:
            return None
        return found.message

    def merge(self, count: int, examples: list[str]) -> None:
        """Add the count and examples of a check of another part of the same records.

        Example:
            >>> from lapvo_cchc.kpi._periods import Period
            >>> from lapvo_cchc.procedures import lap_vo_units
            >>> check = UnitCheck(lap_vo_units(), Period.year(2025))
            >>> check.merge(2, ["x"])
            >>> check.note().count
            2
        """
        self.count += count
        for message in examples:
            if len(self.examples) < 3 and message not in self.examples:
                self.examples.append(message)

    def note(self) -> ReportNote | None:
        """The finding as a note, or ``None`` when no dossier is flagged."""
        if not self.count:
            return None
        examples = "; ".join(self.examples)
        return ReportNote(
            "unit_after_reform",
            f"{self.count} hồ sơ được tiếp nhận từ 01/07/2025 bởi đơn vị cấp huyện hoặc đơn "
            "vị cấp xã đã sáp nhập (chính quyền địa phương hai cấp, Luật 72/2025/QH15 và "
            f"Nghị quyết 202/2025/QH15): cần ghi nhận vào đơn vị kế thừa. Ví dụ: {examples}",
            f"{self.count} dossiers were received from 1 July 2025 by a district-level unit or "
            "a merged commune (two-tier local government, Law 72/2025/QH15 and Resolution "
            f"202/2025/QH15): they belong to the successor unit. For example: {examples}",
            self.count,
        )
