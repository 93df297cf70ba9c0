"""Mapping between dossier states and a portal's status codes (private module).

The national public service portal (DVCQG) syncs dossiers with a status code
1–10 (``TrangThaiHoSo``, docs/design/national-portal.md#status-codes). Local systems and deployments
differ (Thanh Hóa sends 5, 6 and 8 as 9, for instance), so the mapping is a
value a deployment can replace, not a rule baked into the state machine.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping

import attrs

from lapvo_cchc.dossiers._states import State
from lapvo_cchc.errors import InvalidCodeError, LapvoError

__all__ = ["DVCQG_STATUS", "StatusMapping", "UnmappedStatusError"]


class UnmappedStatusError(LapvoError, LookupError):
    """A state or a status code that a :class:`StatusMapping` does not map.

    Example:
        >>> from lapvo_cchc.dossiers import DVCQG_STATUS, UnmappedStatusError
        >>> try:
        ...     DVCQG_STATUS.state_of(11)
        ... except LookupError as exc:
        ...     print(exc)
        status mapping 'DVCQG': unknown status code 11; known codes: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    """


def _state(value: object) -> State:
    if isinstance(value, State):
        return value
    try:
        return State(value)
    except ValueError:
        raise InvalidCodeError(
            f"StatusMapping: expected a State or its Vietnamese wording, "
            f"got {type(value).__name__} {value!r}"
        ) from None


def _code(value: object) -> int:
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value)
    if not isinstance(value, bool):
        try:
            return operator.index(value)  # type: ignore[arg-type]
        except TypeError:
            pass
    raise InvalidCodeError(
        f"StatusMapping: expected an int status code, got {type(value).__name__} {value!r}"
    )


def _pairs_from_states(
    value: Mapping[State, int] | Iterable[tuple[State, int]],
) -> tuple[tuple[State, int], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(((_state(s), _code(c)) for s, c in items), key=lambda p: p[1]))


def _pairs_from_codes(
    value: Mapping[int, State] | Iterable[tuple[int, State]],
) -> tuple[tuple[int, State], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(((_code(c), _state(s)) for c, s in items), key=lambda p: p[0]))


def _labels(value: Mapping[int, str] | Iterable[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(((_code(c), str(label)) for c, label in items), key=lambda p: p[0]))


@attrs.frozen(kw_only=True)
class StatusMapping:
    """*Bảng mã trạng thái*: a two-way table between :class:`State` and a portal's status codes.

    ``outbound`` says which code to send for each state; ``inbound`` says
    which state a received code means. The two directions are separate
    because real deployments are not one-to-one (several states may share a
    code on the way out). Tables may be given as dicts; they are stored as
    sorted tuples so the mapping is immutable and hashable.

    Args:
        name: a short name for messages (``"DVCQG"``).
        outbound: state → code.
        inbound: code → state.
        labels: code → the portal's label for the code.

    Raises:
        ValueError: a code in ``outbound`` that ``inbound`` does not know, or
            a state or code listed twice.

    Example:
        >>> from lapvo_cchc.dossiers import DVCQG_STATUS, State
        >>> DVCQG_STATUS.code_of(State.AWAITING_SUPPLEMENT)
        5
        >>> DVCQG_STATUS.state_of(10)
        <State.RESULT_RETURNED: 'Đã trả kết quả'>
        >>> DVCQG_STATUS.label_of(3)
        'Không được tiếp nhận'

        A deployment that reports pauses and stops as "processed" (as one
        province does) overrides a few outbound codes:

        >>> thanh_hoa = DVCQG_STATUS.override(
        ...     name="DVCQG (TH)",
        ...     outbound={State.AWAITING_SUPPLEMENT: 9, State.AWAITING_FEE: 9, State.STOPPED: 9},
        ... )
        >>> thanh_hoa.code_of(State.STOPPED), thanh_hoa.state_of(8)
        (9, <State.STOPPED: 'Dừng xử lý'>)
    """

    name: str
    outbound: tuple[tuple[State, int], ...] = attrs.field(converter=_pairs_from_states)
    inbound: tuple[tuple[int, State], ...] = attrs.field(converter=_pairs_from_codes)
    labels: tuple[tuple[int, str], ...] = attrs.field(default=(), converter=_labels)

    def __attrs_post_init__(self) -> None:
        states = [s for s, _ in self.outbound]
        if len(set(states)) != len(states):
            raise _MappingError(f"status mapping {self.name!r}: a state is mapped twice outbound")
        codes = [c for c, _ in self.inbound]
        if len(set(codes)) != len(codes):
            raise _MappingError(f"status mapping {self.name!r}: a code is mapped twice inbound")
        unknown = sorted({c for _, c in self.outbound} - set(codes))
        if unknown:
            raise _MappingError(
                f"status mapping {self.name!r}: outbound codes {unknown} have no inbound state"
            )

    def code_of(self, state: State) -> int:
        """Return the status code to send for *state*.

        Raises:
            UnmappedStatusError: the mapping has no code for *state*.

        Example:
            >>> from lapvo_cchc.dossiers import DVCQG_STATUS, State
            >>> DVCQG_STATUS.code_of(State.IN_PROGRESS)
            4
        """
        for s, c in self.outbound:
            if s is state:
                return c
        raise UnmappedStatusError(f"status mapping {self.name!r}: no code for state {state.name}")

    def state_of(self, code: int) -> State:
        """Return the state a received status *code* means.

        Raises:
            UnmappedStatusError: the code is unknown to the mapping.

        Example:
            >>> from lapvo_cchc.dossiers import DVCQG_STATUS
            >>> DVCQG_STATUS.state_of(5).name
            'AWAITING_SUPPLEMENT'
        """
        for c, s in self.inbound:
            if c == code:
                return s
        known = ", ".join(str(c) for c, _ in self.inbound)
        raise UnmappedStatusError(
            f"status mapping {self.name!r}: unknown status code {code}; known codes: {known}"
        )

    def label_of(self, code: int) -> str:
        """Return the portal's label for *code* (empty if the mapping has no label for it).

        Example:
            >>> from lapvo_cchc.dossiers import DVCQG_STATUS
            >>> DVCQG_STATUS.label_of(9)
            'Đã xử lý xong'
        """
        for c, label in self.labels:
            if c == code:
                return label
        return ""

    def override(
        self,
        *,
        name: str | None = None,
        outbound: Mapping[State, int] | None = None,
        inbound: Mapping[int, State] | None = None,
        labels: Mapping[int, str] | None = None,
    ) -> StatusMapping:
        """Return a copy with some entries replaced or added (the rest kept).

        Example:
            >>> from lapvo_cchc.dossiers import DVCQG_STATUS, State
            >>> m = DVCQG_STATUS.override(outbound={State.RECEIVED: 4})
            >>> m.code_of(State.RECEIVED), DVCQG_STATUS.code_of(State.RECEIVED)
            (4, 2)
        """
        return StatusMapping(
            name=self.name if name is None else name,
            outbound={**dict(self.outbound), **(outbound or {})},
            inbound={**dict(self.inbound), **(inbound or {})},
            labels={**dict(self.labels), **(labels or {})},
        )


class _MappingError(LapvoError, ValueError):
    pass


DVCQG_STATUS = StatusMapping(
    name="DVCQG",
    outbound={
        State.SUBMITTED: 1,
        State.RECEIVED: 2,
        State.REFUSED: 3,
        State.IN_PROGRESS: 4,
        State.AWAITING_SUPPLEMENT: 5,
        State.AWAITING_FEE: 6,
        State.WITHDRAWN: 7,
        State.STOPPED: 8,
        State.RESOLVED: 9,
        State.RESULT_RETURNED: 10,
    },
    inbound={
        1: State.SUBMITTED,
        2: State.RECEIVED,
        3: State.REFUSED,
        4: State.IN_PROGRESS,
        5: State.AWAITING_SUPPLEMENT,
        6: State.AWAITING_FEE,
        7: State.WITHDRAWN,
        8: State.STOPPED,
        9: State.RESOLVED,
        10: State.RESULT_RETURNED,
    },
    labels={
        1: "Mới đăng ký",
        2: "Được tiếp nhận",
        3: "Không được tiếp nhận",
        4: "Đang xử lý",
        5: "Yêu cầu bổ sung giấy tờ",
        6: "Yêu cầu thực hiện nghĩa vụ tài chính",
        7: "Công dân yêu cầu rút hồ sơ",
        8: "Dừng xử lý",
        9: "Đã xử lý xong",
        10: "Đã trả kết quả",
    },
)
"""The built-in mapping to the national portal's ``TrangThaiHoSo`` codes 1–10.

One-to-one: every state has a code and every code a state
(docs/design/national-portal.md#status-codes, seen in
four independent implementations). See ``docs/dossiers.md``.

Example:
    >>> from lapvo_cchc.dossiers import DVCQG_STATUS, State
    >>> all(DVCQG_STATUS.state_of(DVCQG_STATUS.code_of(s)) is s for s in State)
    True
"""
