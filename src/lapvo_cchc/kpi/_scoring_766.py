"""The built-in 766 rule set, as far as its sources give it (private; see :mod:`._scoring`).

See docs/design/kpi.md#index-766.

Every number carries its evidence; every number not read in Quyết định 766/QĐ-TTg
is named in an :class:`Assumption`.

Example:
    >>> RULES_766_2022.version
    '766-2022.1'
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Final

from lapvo_cchc.kpi._scoring_rules import (
    Assumption,
    Conversion,
    Evidence,
    GroupRule,
    IndicatorRule,
    ScoringRules,
)

__all__ = ["RULES_766_2022"]


# -- the built-in rule set ------------------------------------------------------------------

_FORMULA_DOC: Final = (
    "'Mô tả công thức tính chỉ số 766' (implementers' formula document) and third-party "
    "formulaMaximums, via docs/design/kpi.md#index-766 [S3]"
)
_S3, _S, _ASSUMED = Evidence.THIRD_PARTY, Evidence.DECISION, Evidence.ASSUMED
_LINEAR, _PROP = Conversion.LINEAR_TO_TARGET, Conversion.PROPORTIONAL


def _a(indicators: str, en: str, vi: str) -> Assumption:
    return Assumption(en, vi, indicators.split() if indicators else ())


# fmt: off
RULES_766_2022: Final = ScoringRules(
    version="766-2022.1",
    # QĐ 766/QĐ-TTg was issued and took effect on 23/06/2022 (docs/design/kpi.md#index-766 [S]).
    valid_from=dt.date(2022, 6, 23),
    source="QĐ 766/QĐ-TTg (23/06/2022) as implemented on the national portal (DVCQG), read "
           "from third-party implementations (docs/design/kpi.md#index-766, #on-time-indicator, "
           "#scoring); the annex was not retrieved",
    groups=[
        # docs/design/kpi.md#index-766, numbered as the
        # formula document numbers them (3 online, 4 digitisation).
        GroupRule(id="1", title_vi="Công khai, minh bạch", title_en="Publicity and transparency",
                  max_points=18, evidence=_S3),
        GroupRule(id="2", title_vi="Tiến độ, kết quả giải quyết",
                  title_en="Progress and results of handling", max_points=20, evidence=_S3),
        GroupRule(id="3", title_vi="Cung cấp dịch vụ trực tuyến",
                  title_en="Online service provision", max_points=22, evidence=_S3),
        GroupRule(id="4", title_vi="Số hóa hồ sơ", title_en="Digitisation of dossiers",
                  max_points=22, evidence=_S3),
        # "chiếm 18/100 điểm": the vietjack summary of the decision [S].
        GroupRule(id="5", title_vi="Mức độ hài lòng", title_en="Satisfaction",
                  max_points=18, evidence=_S),
    ],
    # docs/design/kpi.md#index-766 (definitions, maxima from
    # formulaMaximums) and docs/design/kpi.md#scoring (targets) [S3].
    indicators=[
        IndicatorRule(
            id="2.1", title_vi="Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
            title_en="Dossiers handled early or on time",
            definition="(done on time + in progress within the deadline) / received or "
                       "handled in the period (docs/design/kpi.md#on-time-indicator)",
            max_points=20, max_points_evidence=_S3,
            conversion=_PROP, conversion_evidence=_ASSUMED, source=_FORMULA_DOC),
        IndicatorRule(
            id="3.3", title_vi="Tỷ lệ hồ sơ nộp trực tuyến", title_en="Dossiers submitted online",
            definition="online receipts / all receipts in the period (× the sync ratio)",
            max_points=None, max_points_evidence=_ASSUMED,
            conversion=_LINEAR, target=Fraction(1, 2), conversion_evidence=_S3,
            source=_FORMULA_DOC),
        IndicatorRule(
            id="3.6", title_vi="Tỷ lệ hồ sơ thanh toán trực tuyến",
            title_en="Dossiers paid online",
            definition="dossiers paid online / (dossiers of fee-bearing procedures − dossiers "
                       "whose every fee is 0)",
            max_points=6, max_points_evidence=_S3,
            conversion=_PROP, conversion_evidence=_ASSUMED, source=_FORMULA_DOC),
        IndicatorRule(
            id="4.1", title_vi="Tỷ lệ hồ sơ có kết quả điện tử",
            title_en="Dossiers with an electronic result",
            definition="dossiers with a result file / dossiers of procedures that require a "
                       "paper result",
            max_points=6, max_points_evidence=_S3,
            conversion=_PROP, conversion_evidence=_ASSUMED, source=_FORMULA_DOC),
        IndicatorRule(
            id="4.2", title_vi="Tỷ lệ hồ sơ được số hóa", title_en="Dossiers digitised",
            definition="dossiers with digitised components (and an e-result where required) "
                       "/ dossiers under the unit's authority",
            max_points=4, max_points_evidence=_S3,
            conversion=_LINEAR, target=Fraction(4, 5), conversion_evidence=_S3,
            source=_FORMULA_DOC),
        IndicatorRule(
            id="4.3", title_vi="Tỷ lệ tái sử dụng dữ liệu số hóa",
            title_en="Re-use of digitised data",
            definition="dossiers with a re-used component / dossiers received in the period",
            max_points=2, max_points_evidence=_S3,
            conversion=_LINEAR, target=Fraction(4, 5), conversion_evidence=_S3,
            source=_FORMULA_DOC),
        IndicatorRule(
            id="4.4", title_vi="Tỷ lệ hồ sơ số hóa liên kết kho dữ liệu công dân trên DVCQG",
            title_en="Digitised dossiers linked to the citizen's data store on DVCQG",
            definition="linked digitised dossiers / dossiers received in the period",
            max_points=4, max_points_evidence=_S3,
            conversion=_PROP, conversion_evidence=_ASSUMED, source=_FORMULA_DOC),
        IndicatorRule(
            id="5.4", title_vi="Mức độ hài lòng trong tiếp nhận, giải quyết TTHC",
            title_en="Satisfaction with the handling of procedures",
            definition="100% − (overdue-dossier rate + rate of dossiers with a complaint or a "
                       "dislike); this formula is also in the decision summary [S]",
            max_points=6, max_points_evidence=_S3,
            conversion=_LINEAR, target=Fraction(9, 10), conversion_evidence=_S3,
            source=_FORMULA_DOC),
    ],
    assumptions=[
        _a("", "The indicator list, the maximum points and the conversions follow third-party "
           "implementations of the national portal's formulas [S3], which reflect practice "
           "after 07/2025; the 2022 decision's annex was not checked.",
           "Danh mục chỉ số, điểm tối đa và cách quy đổi theo các bản hiện thực của bên thứ ba "
           "về công thức trên Cổng DVCQG [S3], phản ánh thực tế sau 07/2025; chưa đối chiếu "
           "với Phụ lục của Quyết định năm 2022."),
        _a("", "The total is the sum of indicator points; a rate with a target earns full "
           "points at or above it, else rate × maximum ÷ target [S3].",
           "Tổng điểm là tổng điểm các chỉ số; chỉ số có ngưỡng đạt đủ điểm khi tỷ lệ bằng hoặc "
           "vượt ngưỡng, nếu không được tỷ lệ × điểm tối đa ÷ ngưỡng [S3]."),
        _a("", "A rate with a zero denominator is N/A: it earns no points and its maximum is "
           "left out of the attainable maximum (the formula document allows 0 or N/A; this "
           "library chose N/A).",
           "Tỷ lệ có mẫu số bằng 0 là N/A: không tính điểm và không tính vào điểm tối đa có thể "
           "đạt (tài liệu công thức cho phép hiển thị 0 hoặc N/A; thư viện chọn N/A)."),
        _a("", "Group weights 18/20/22/22/18 are from third-party dashboards [S3]; only the 18 "
           "points of satisfaction are confirmed by a summary of the decision [S].",
           "Trọng số nhóm 18/20/22/22/18 lấy từ các bảng điều khiển của bên thứ ba [S3]; chỉ "
           "18 điểm của nhóm hài lòng được xác nhận qua bản tóm tắt Quyết định [S]."),
        _a("2.1", "2.1 is worth 20 points [S3]; its conversion, rate × 20, is assumed: the "
           "formula document does not state it, and a third-party tool warns it is only an "
           "assumption.",
           "Chỉ số 2.1 có 20 điểm [S3]; quy đổi tỷ lệ × 20 là giả định: tài liệu công thức "
           "không nêu, và một công cụ của bên thứ ba cũng lưu ý đây chỉ là giả định."),
        _a("3.3", "3.3 (online share) earns full points at 50% or more, else rate × maximum "
           "÷ 50% [S3]; its maximum is not known, so only the share of the maximum is shown, "
           "with no points (third-party maxima fill group 3's 22 points without 3.3).",
           "Chỉ số 3.3 (tỷ lệ nộp trực tuyến) đạt đủ điểm khi từ 50% trở lên, nếu không được "
           "tỷ lệ × điểm tối đa ÷ 50% [S3]; chưa rõ điểm tối đa nên chỉ hiển thị mức đạt so với "
           "điểm tối đa, không tính điểm (điểm tối đa của bên thứ ba đã đủ 22 điểm nhóm 3 mà "
           "không có chỉ số 3.3)."),
        *(
            _a(i, f"{i} is worth {p} points [S3]; no source states its conversion, so rate × "
               f"{p} is assumed.",
               f"Chỉ số {i} có {p} điểm [S3]; chưa có nguồn nêu cách quy đổi nên giả định tỷ "
               f"lệ × {p}.")
            for i, p in (("3.6", 6), ("4.1", 6), ("4.4", 4))
        ),
        *(
            _a(i, f"{i} is worth {p} points and earns them in full at 80% or more [S3].",
               f"Chỉ số {i} có {p} điểm, đạt đủ điểm khi từ 80% trở lên [S3].")
            for i, p in (("4.2", 4), ("4.3", 2))
        ),
        _a("5.4", "5.4 is worth 6 points and earns them in full at 90% or more [S3]; its "
           "formula is in the decision summary [S].",
           "Chỉ số 5.4 có 6 điểm, đạt đủ điểm khi từ 90% trở lên [S3]; công thức có trong bản "
           "tóm tắt Quyết định [S]."),
    ],
)
# fmt: on
"""The 766 rules for the indicators computable from dossier data, as far as its sources give them.

See docs/design/kpi.md#index-766.
"""
