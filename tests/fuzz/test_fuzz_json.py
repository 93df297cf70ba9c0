"""Fuzz the JSON envelope decoder and the national-portal payload parser: named errors only."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz._hostile import budget, json_value, tried
from lapvo_cchc.adapters import json as lj
from lapvo_cchc.adapters.dvcqg import format_dossier, parse_dossier, parse_procedures
from lapvo_cchc.deadlines import TimeLimit
from lapvo_cchc.dossiers import Channel, Dossier, Event
from lapvo_cchc.errors import LapvoError
from lapvo_cchc.procedures import Procedure

BUDGET = settings(
    max_examples=budget(200),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
ICT = dt.timezone(dt.timedelta(hours=7))
LIMIT = TimeLimit.working_days(3)
DOSSIER = (
    Dossier.received(
        "000.00.06.H56-260302-0001",
        procedure_code="1.001193",
        time_limit=LIMIT,
        agency="000.00.06.H56",
        channel=Channel.IN_PERSON,
        at=dt.datetime(2026, 3, 2, 9, tzinfo=ICT),
    )
    .request_supplement(dt.datetime(2026, 3, 3, 10, tzinfo=ICT), reason="bản sao")
    .supply(dt.datetime(2026, 3, 9, 8, tzinfo=ICT))
    .resolve(dt.datetime(2026, 3, 10, 15, tzinfo=ICT))
)
ENVELOPE = lj.encode(DOSSIER)
KINDS = [Dossier, Event, TimeLimit, Procedure]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*prefix, i))
    return out


def _replace(doc: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    doc = copy.deepcopy(doc)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = new
    return doc


ENVELOPE_PATHS = _paths(ENVELOPE)


@BUDGET
@given(st.sampled_from(ENVELOPE_PATHS), json_value, st.sampled_from(KINDS))
def test_json_envelope_with_a_hostile_value(path: tuple[Any, ...], new: Any, kind: type) -> None:
    tried("JSON envelope")
    with contextlib.suppress(LapvoError):
        lj.decode(_replace(ENVELOPE, path, new), kind)


@BUDGET
@given(st.text(max_size=200) | st.binary(max_size=200), st.sampled_from(KINDS))
def test_json_text(text: str | bytes, kind: type) -> None:
    tried("JSON envelope")
    with contextlib.suppress(LapvoError):
        lj.loads(text, kind)


def test_deeply_nested_json_is_a_named_error() -> None:
    tried("JSON envelope")
    deep = "[" * 100_000 + "]" * 100_000
    for text in (deep, '{"format": "lapvo-cchc/1", "kind": "dossier", "data": ' + deep + "}"):
        with contextlib.suppress(LapvoError):
            lj.loads(text, Dossier)


PAYLOAD = format_dossier(DOSSIER)
PAYLOAD_PATHS = _paths(PAYLOAD)


@BUDGET
@given(st.lists(st.tuples(st.sampled_from(PAYLOAD_PATHS), json_value), min_size=1, max_size=3))
def test_portal_payload_with_hostile_values(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    tried("DVCQG payload")
    payload: Any = PAYLOAD
    for path, new in changes:
        try:
            payload = _replace(payload, path, new)
        except (KeyError, IndexError, TypeError):  # an earlier change removed the path
            continue
    with contextlib.suppress(LapvoError):
        parse_dossier(payload, time_limit=LIMIT)


@BUDGET
@given(json_value)
def test_portal_payload_of_any_json(payload: Any) -> None:
    tried("DVCQG payload")
    for parse in (
        lambda: parse_dossier(payload, time_limit=LIMIT),
        lambda: parse_procedures(payload),
    ):
        with contextlib.suppress(LapvoError):
            parse()


def test_payload_round_trip_through_json_text() -> None:
    # the fixture itself parses (a fuzz target that always fails would hide defects)
    back = parse_dossier(json.loads(json.dumps(PAYLOAD)), time_limit=LIMIT)
    assert DOSSIER.state == back.state
