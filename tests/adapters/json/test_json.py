"""Tests of the lapvo-cchc/1 JSON format (lapvo_cchc.adapters.json)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.adapters.json import (
    EVENT_TYPES,
    FORMAT,
    KINDS,
    decode,
    dumps,
    encode,
    json_schema,
    loads,
    make_converter,
)
from lapvo_cchc.calendars import DayOff, WorkCalendar, vietnam
from lapvo_cchc.deadlines import DECREE_118_2025, Deadline, TimeLimit, compute_deadline
from lapvo_cchc.dossiers import Dossier, Event, Received, Transferred
from lapvo_cchc.errors import DecodeError
from lapvo_cchc.procedures import Procedure, sample_catalog
from lapvo_cchc.testing import calendars, dossiers, event_histories, time_limits

CAL = vietnam()
CONVERTER = make_converter()
ICT = dt.timezone(dt.timedelta(hours=7))


def round_trip(value: Any, kind: type[Any]) -> Any:
    """Encode to JSON text and decode it back."""
    return loads(dumps(value, converter=CONVERTER), kind, converter=CONVERTER)


def a_dossier() -> Dossier:
    """A small dossier with a pause, a transfer and an apology."""
    d = Dossier.received(
        "000.00.06.H56-260302-0001",
        procedure_code="1.001193",
        time_limit=TimeLimit.working_days(3),
        agency="000.00.06.H56",
        channel="trực tiếp",
        at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ICT),
    )
    return (
        d.request_supplement(dt.datetime(2026, 3, 3, 10, 0, tzinfo=ICT))
        .supply(dt.datetime(2026, 3, 9, 8, 0, tzinfo=ICT))
        .record(
            Transferred(
                dt.datetime(2026, 3, 9, 9, 0, tzinfo=ICT),
                to_agency="000.00.12.H56",
                budget=TimeLimit.same_day(dt.time(15)),
            )
        )
    )


# -- round trips ----------------------------------------------------------------------------


@given(dossiers())
def test_dossiers_round_trip(d: Dossier) -> None:
    """Every dossier the strategies produce survives JSON text unchanged."""
    back = round_trip(d, Dossier)
    assert d == back
    assert [e.at.utcoffset() for e in d.events] == [e.at.utcoffset() for e in back.events]


@given(time_limits())
def test_time_limits_round_trip(limit: TimeLimit) -> None:
    """Every time limit survives JSON text unchanged."""
    assert limit == round_trip(limit, TimeLimit)


@given(event_histories())
def test_events_round_trip(events: tuple[Event, ...]) -> None:
    """Every event of every history survives JSON text unchanged, with its own class."""
    for event in events:
        back = round_trip(event, Event)
        assert type(event) is type(back)
        assert event == back


@given(dossiers(calendar=CAL))
def test_deadlines_round_trip(d: Dossier) -> None:
    """Deadlines derived from dossiers (with pauses and apologies) survive JSON text."""
    deadline = d.deadline(calendar=CAL)
    if deadline is not None:
        assert deadline == round_trip(deadline, Deadline)
        apologised = deadline.with_apology(deadline.date + dt.timedelta(days=3))
        assert apologised == round_trip(apologised, Deadline)


@given(calendars(), st.integers(2019, 2026))
def test_days_off_round_trip(cal: WorkCalendar, year: int) -> None:
    """Every day off of every official year survives JSON text unchanged."""
    for day in cal.days_off(year):
        assert day == round_trip(day, DayOff)


def test_procedures_round_trip() -> None:
    """Every procedure of the sample catalogue, with its steps, survives JSON text."""
    for procedure in sample_catalog():
        assert procedure == round_trip(procedure, Procedure)
        for step in procedure.steps:
            assert step == round_trip(step, type(step))


def test_hand_built_dossier_round_trip() -> None:
    """A dossier with a pause and a same-day transfer survives JSON text."""
    d = a_dossier()
    assert d == round_trip(d, Dossier)


# -- the format -----------------------------------------------------------------------------


def test_envelope_and_wire_values() -> None:
    """The envelope names the format and the kind; values use their documented wire forms."""
    doc = encode(a_dossier(), converter=CONVERTER)
    assert {"format", "kind", "data"} == set(doc)
    assert FORMAT == doc["format"]
    assert "dossier" == doc["kind"]
    data = doc["data"]
    assert "000.00.06.H56-260302-0001" == data["code"]
    assert "trực tiếp" == data["channel"]
    assert {"type": "received", "at": "2026-03-02T09:00:00+07:00"} == data["events"][0]
    assert "15:00:00" == data["events"][-1]["budget"]["cutoff"]


def test_deadline_regime_is_encoded_by_name() -> None:
    """A deadline names its regime; a regime unknown to the converter is refused."""
    deadline = compute_deadline(
        dt.datetime(2026, 3, 2, 9, tzinfo=ICT), TimeLimit.working_days(2), calendar=CAL
    )
    assert "ND118/2025" == encode(deadline, converter=CONVERTER)["data"]["regime"]
    custom = attrs.evolve(deadline, regime=attrs.evolve(DECREE_118_2025, name="HN-2026"))
    with pytest.raises(DecodeError, match="HN-2026"):
        encode(custom, converter=CONVERTER)
    own = make_converter(regimes=[custom.regime])
    assert custom == loads(dumps(custom, converter=own), Deadline, converter=own)


def test_other_offsets_decode_to_the_same_instant() -> None:
    """An instant written in UTC decodes to the same instant (events keep Vietnam time)."""
    doc = {
        "format": FORMAT,
        "kind": "event",
        "data": {"type": "received", "at": "2026-03-02T01:30:00Z"},
    }
    event = decode(doc, Event, converter=CONVERTER)
    assert Received(dt.datetime(2026, 3, 2, 8, 30, tzinfo=VIETNAM_TZ)) == event
    assert dt.timedelta(hours=7) == event.at.utcoffset()


def test_kinds_and_event_tags_cover_the_public_types() -> None:
    """Every event class has a tag and every kind has a schema."""
    assert set(Event.__subclasses__()) == set(EVENT_TYPES.values())
    assert len(EVENT_TYPES) == len(set(EVENT_TYPES.values()))
    for kind in KINDS.values():
        assert "data" in json_schema(kind)["properties"]


# -- errors ---------------------------------------------------------------------------------


def problems(exc: pytest.ExceptionInfo[DecodeError]) -> list[str]:
    """The problem lines of a DecodeError message (after its summary line)."""
    return str(exc.value).splitlines()[1:]


def test_every_bad_path_is_listed() -> None:
    """One DecodeError lists every bad path of the input, nested ones included."""
    doc = encode(a_dossier(), converter=CONVERTER)
    data = doc["data"]
    data["agency"] = 17
    data["assisted"] = "yes"
    data["time_limit"]["unit"] = "tuần"
    data["events"][0]["at"] = "2026-03-02T09:00:00"
    data["events"][1]["at"] = "tomorrow"
    data["events"][3]["budget"]["amount"] = -1
    data["events"][2]["colour"] = "red"
    with pytest.raises(DecodeError) as exc:
        decode(doc, Dossier, converter=CONVERTER)
    paths = sorted(line.split(": ", 1)[0] for line in problems(exc))
    expected = [
        "$.data.agency",
        "$.data.assisted",
        "$.data.events[0].at",
        "$.data.events[1].at",
        "$.data.events[2]",
        "$.data.events[3].budget",
        "$.data.time_limit.unit",
    ]
    assert expected == paths
    assert str(exc.value).startswith("7 problems in lapvo-cchc/1 input:")


def test_naive_datetime_names_its_path() -> None:
    """A naive instant is refused, naming where it is."""
    doc = encode(a_dossier(), converter=CONVERTER)
    doc["data"]["events"][2]["at"] = "2026-03-09T08:00:00"
    with pytest.raises(DecodeError) as exc:
        decode(doc, Dossier, converter=CONVERTER)
    assert 1 == len(problems(exc))
    assert problems(exc)[0].startswith("$.data.events[2].at: expected an instant with its UTC")


def test_missing_fields_and_wrong_envelope() -> None:
    """Missing fields and a wrong envelope are reported by path."""
    with pytest.raises(DecodeError) as exc:
        decode({"format": "lapvo-cchc/2", "kind": "event", "x": 1}, Dossier)
    assert [
        "$.format: expected 'lapvo-cchc/1', got 'lapvo-cchc/2'",
        "$.kind: expected 'dossier', got 'event'",
        "$.data: required field missing",
        "$.x: unexpected field",
    ] == problems(exc)
    doc = {"format": FORMAT, "kind": "time-limit", "data": {"amount": 1}}
    with pytest.raises(DecodeError) as exc:
        decode(doc, TimeLimit)
    assert ["$.data.unit: required field missing"] == problems(exc)


def test_domain_rules_are_decode_errors() -> None:
    """An illegal history or an invalid value is a DecodeError, not a cattrs or core error."""
    doc = encode(a_dossier(), converter=CONVERTER)
    doc["data"]["events"].append({"type": "received", "at": "2026-03-10T09:00:00+07:00"})
    with pytest.raises(DecodeError, match=r"^1 problem.*\n\$\.data: dossier"):
        decode(doc, Dossier, converter=CONVERTER)
    bad_code = encode(a_dossier(), converter=CONVERTER)
    bad_code["data"]["code"] = "not a code"
    with pytest.raises(DecodeError, match=r"\$\.data\.code: "):
        decode(bad_code, Dossier, converter=CONVERTER)
    bad_event = {"format": FORMAT, "kind": "event", "data": {"type": "eaten", "at": "x"}}
    with pytest.raises(DecodeError, match=r"\$\.data: expected an event with a 'type'"):
        decode(bad_event, Event)


def test_not_json_and_not_an_object() -> None:
    """Text that is not JSON, or JSON that is not an envelope, is a DecodeError."""
    with pytest.raises(DecodeError, match=r"\$: not JSON"):
        loads("{", Dossier)
    with pytest.raises(DecodeError, match=r"\$: expected a lapvo-cchc/1 envelope object"):
        loads("[]", Dossier)


def test_unknown_kinds_are_refused() -> None:
    """Only the classes of KINDS can be encoded, decoded or described."""
    with pytest.raises(DecodeError, match="no lapvo-cchc/1 kind"):
        encode(object())
    with pytest.raises(DecodeError, match="no lapvo-cchc/1 kind"):
        decode({}, int)
    with pytest.raises(DecodeError, match="no lapvo-cchc/1 kind"):
        json_schema(str)


def test_strict_scalars() -> None:
    """Booleans are not integers and numbers are not strings."""
    doc = {"format": FORMAT, "kind": "time-limit", "data": {"unit": "ngày", "amount": True}}
    with pytest.raises(DecodeError, match=r"\$\.data\.amount: expected an integer"):
        decode(doc, TimeLimit)
    doc = {"format": FORMAT, "kind": "event", "data": {"type": "stopped", "at": 5, "reason": 1}}
    with pytest.raises(DecodeError) as exc:
        decode(doc, Event)
    assert ["$.data.at", "$.data.reason"] == [p.split(":")[0] for p in problems(exc)]


# -- JSON Schema ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator_for() -> Any:
    """A function returning a jsonschema validator for a kind (jsonschema is a test dependency)."""
    import jsonschema

    def make(kind: type[Any]) -> Any:
        schema = json_schema(kind)
        jsonschema.Draft202012Validator.check_schema(schema)
        return jsonschema.Draft202012Validator(schema)

    return make


@given(d=dossiers(calendar=CAL))
def test_encoded_dossiers_and_deadlines_match_the_schema(validator_for: Any, d: Dossier) -> None:
    """Every encoded dossier and deadline validates against its JSON Schema."""
    validator_for(Dossier).validate(json.loads(dumps(d, converter=CONVERTER)))
    deadline = d.deadline(calendar=CAL)
    if deadline is not None:
        validator_for(Deadline).validate(encode(deadline, converter=CONVERTER))


def test_encoded_procedures_and_days_off_match_the_schema(validator_for: Any) -> None:
    """Procedures, steps and days off validate against their JSON Schema."""
    for procedure in sample_catalog():
        validator_for(Procedure).validate(encode(procedure, converter=CONVERTER))
    for day in CAL.days_off(2026):
        validator_for(DayOff).validate(encode(day, converter=CONVERTER))


def test_schema_rejects_naive_instants_and_extra_fields(validator_for: Any) -> None:
    """The schema, like the decoder, refuses naive instants and unknown fields."""
    validator = validator_for(Dossier)
    doc = encode(a_dossier(), converter=CONVERTER)
    assert validator.is_valid(doc)
    doc["data"]["events"][0]["at"] = "2026-03-02T09:00:00"
    assert not validator.is_valid(doc)
    doc = encode(a_dossier(), converter=CONVERTER)
    doc["data"]["extra"] = 1
    assert not validator.is_valid(doc)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=8,
)


@given(st.data(), JSON_VALUES)
def test_any_corruption_is_a_decode_error(data: st.DataObject, junk: object) -> None:
    """Replacing any part of a valid document with arbitrary JSON gives a DecodeError or a value."""
    doc = encode(a_dossier(), converter=CONVERTER)
    node: Any = doc
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = data.draw(st.sampled_from(keys))
        child = node[key]
        if not isinstance(child, dict | list) or not child or data.draw(st.booleans()):
            node[key] = junk
            break
        node = child
    try:
        decode(doc, Dossier, converter=CONVERTER)
    except DecodeError as exc:
        first_problem = str(exc).splitlines()[1]
    else:
        return
    assert first_problem.startswith("$")
