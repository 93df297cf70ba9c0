"""Typed columns to and from pandas and polars frames (private; see :mod:`.frames`).

Everything pandas or polars is typed ``Any`` here: the adapter works without
their stubs, and the public functions of :mod:`.frames` state what they
return.

Column kinds: ``str``, ``int``, ``float``, ``bool``, ``date`` (Vietnam
calendar days) and ``instant`` (aware, in Vietnam time: pandas
``datetime64[us, UTC+07:00]``, polars ``Datetime("us", "Etc/GMT-7")``).
Instants travel as integer microseconds since the POSIX epoch.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.adapters.frames._dates import POLARS_VIETNAM_TZ, FrameError, read_dates
from lapvo_cchc.adapters.frames._vector import EPOCH_ORDINAL, numpy_module
from lapvo_cchc.errors import MissingExtraError, NaiveDatetimeError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Backend", "Frame", "build_frame", "import_backend", "read_column"]

Backend: TypeAlias = Literal["pandas", "polars"]
Kind: TypeAlias = Literal["str", "int", "float", "bool", "date", "instant"]
Frame: TypeAlias = Any
"""A ``pandas.DataFrame`` or a ``polars.DataFrame``."""

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)


def import_backend(backend: str) -> Any:
    """Import pandas or polars, or raise :class:`MissingExtraError` naming the extra."""
    if backend not in ("pandas", "polars"):
        raise FrameError(f"backend: expected 'pandas' or 'polars', got {backend!r}")
    try:
        module = importlib.import_module(backend)
    except ImportError:
        raise MissingExtraError(
            f'dataframes need {backend}: pip install "lapvo-cchc[{backend}]"'
        ) from None
    return module


def backend_of(frame: object) -> Backend:
    """Which library *frame* comes from."""
    module = type(frame).__module__.partition(".")[0]
    if module == "pandas" and type(frame).__name__ == "DataFrame":
        return "pandas"
    if module == "polars" and type(frame).__name__ == "DataFrame":
        return "polars"
    raise FrameError(
        f"frame: expected a pandas or polars DataFrame, got {type(frame).__name__} {frame!r:.60}"
    )


def micros(value: dt.datetime | None) -> int | None:
    """Microseconds since the epoch of an aware instant (None stays None)."""
    return None if value is None else (value - _EPOCH) // _US


def _pandas_column(pd: Any, kind: Kind, values: Sequence[Any]) -> Any:
    np = numpy_module()
    missing = any(v is None for v in values)
    if kind == "str":
        return pd.Series(values, dtype=object if missing or not values else None)
    if kind == "int":
        return pd.Series(pd.array(values, dtype="Int64") if missing else np.array(values, "int64"))
    if kind == "float":
        return pd.Series([np.nan if v is None else v for v in values], dtype="float64")
    if kind == "bool":
        return pd.Series(pd.array(values, dtype="boolean") if missing else np.array(values, bool))
    nat = np.iinfo(np.int64).min  # NaT
    if kind == "date":
        days = np.array([nat if v is None else v - EPOCH_ORDINAL for v in values], "int64")
        return pd.Series(days.astype("datetime64[D]"))
    stamps = np.array([nat if v is None else v for v in values], "int64")
    utc = pd.Series(stamps.view("datetime64[us]")).dt.tz_localize("UTC")
    return utc.dt.tz_convert(VIETNAM_TZ)


def _polars_column(pl: Any, name: str, kind: Kind, values: Sequence[Any]) -> Any:
    if kind == "instant":
        stamps = pl.Series(name, values, dtype=pl.Int64)
        utc = pl.from_epoch(stamps, time_unit="us").dt.replace_time_zone("UTC")
        return utc.dt.convert_time_zone(POLARS_VIETNAM_TZ)
    if kind == "date":
        days = [None if v is None else v - EPOCH_ORDINAL for v in values]
        return pl.Series(name, days, dtype=pl.Int32).cast(pl.Date)
    dtype = {"str": pl.String, "int": pl.Int64, "float": pl.Float64, "bool": pl.Boolean}[kind]
    return pl.Series(name, values, dtype=dtype)


def build_frame(backend: str, columns: Sequence[tuple[str, Kind, Sequence[Any]]]) -> Frame:
    """A frame of typed columns: ``(name, kind, values)``; dates as ordinals, instants as µs."""
    module = import_backend(backend)
    if backend == "pandas":
        data = {name: _pandas_column(module, kind, values) for name, kind, values in columns}
        frame = module.DataFrame(data)
        if not columns or not len(columns[0][2]):
            frame = frame.reset_index(drop=True)
        return frame
    return module.DataFrame([_polars_column(module, n, k, v) for n, k, v in columns])


# -- reading -----------------------------------------------------------------------------


def _pandas_instants(pd: Any, series: Any, name: str, naive_is_vietnam: bool) -> list[int | None]:
    np = numpy_module()
    if series.dtype == object:
        series = pd.to_datetime(series, utc=False)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_convert("UTC").dt.tz_localize(None)
    elif series.dtype.kind == "M":
        if not naive_is_vietnam:
            raise NaiveDatetimeError(
                f"frame column {name!r}: naive datetimes (pass naive_is_vietnam=True to read "
                "them as Vietnam time)"
            )
        series = series.dt.tz_localize(VIETNAM_TZ).dt.tz_convert("UTC").dt.tz_localize(None)
    else:
        raise FrameError(f"frame column {name!r}: expected datetimes, got dtype {series.dtype}")
    values = series.to_numpy().astype("datetime64[us]")
    missing = np.isnat(values)
    ints = values.astype("int64").tolist()
    return [None if m else v for v, m in zip(ints, missing.tolist(), strict=True)]


def _polars_instants(pl: Any, series: Any, name: str, naive_is_vietnam: bool) -> list[int | None]:
    dtype = series.dtype
    if not isinstance(dtype, pl.Datetime):
        raise FrameError(f"frame column {name!r}: expected datetimes, got dtype {dtype}")
    if dtype.time_zone is None:
        if not naive_is_vietnam:
            raise NaiveDatetimeError(
                f"frame column {name!r}: naive datetimes (pass naive_is_vietnam=True to read "
                "them as Vietnam time)"
            )
        series = series.dt.replace_time_zone(POLARS_VIETNAM_TZ)
    values: list[int | None] = series.dt.epoch(time_unit="us").to_list()
    return values


def read_column(
    frame: Frame,
    name: str,
    kind: Kind,
    *,
    required: bool = True,
    naive_is_vietnam: bool = True,
) -> list[Any] | None:
    """A column as Python values: str/int/float/bool, date ordinals, instants in µs; None missing.

    A column that is absent gives None when not *required*.
    """
    backend = backend_of(frame)
    if name not in frame.columns:
        if required:
            raise FrameError(
                f"frame: missing column {name!r} (columns: {', '.join(map(str, frame.columns))})"
            )
        return None
    series = frame[name] if backend == "pandas" else frame.get_column(name)
    module = import_backend(backend)
    if kind == "instant":
        if backend == "pandas":
            return _pandas_instants(module, series, name, naive_is_vietnam)
        return _polars_instants(module, series, name, naive_is_vietnam)
    if kind == "date":
        read = read_dates(series, f"frame column {name!r}")
        ords: list[int] = read.ords.tolist()
        if read.valid is None:
            return ords
        return [o if ok else None for o, ok in zip(ords, read.valid.tolist(), strict=True)]
    values: list[Any] = series.tolist() if backend == "pandas" else series.to_list()
    return [_plain(v, kind, name, row) for row, v in enumerate(values)]


def _plain(value: Any, kind: Kind, name: str, row: int) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):  # NaN is missing
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    expected = {"str": (str,), "int": (int,), "float": (float, int), "bool": (bool,)}[kind]
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, expected) or (kind == "int" and isinstance(value, bool)):
        raise FrameError(
            f"frame column {name!r}, row {row}: expected {kind}, got {type(value).__name__} "
            f"{value!r}"
        )
    return value
