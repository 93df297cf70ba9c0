r"""Ledger profiles as data: column names, date style and the words of an export.

A :class:`Profile` says which source header feeds which ledger column, how
dates are written and which words the export uses for channels, levels,
finish kinds, the assisted flag and time-limit units. Profiles are TOML files
(:func:`parse_profile`, :func:`load_profile`); the built-in ``flat`` and ``vi``
ship as package data and register like any plugin.

Example:
    >>> p = parse_profile('''
    ... name = "mine"
    ... dates = "dmy"
    ... [columns]
    ... dossier_code = ["Số HS"]
    ... [vocabulary.channels]
    ... online = ["Qua mạng"]
    ... ''')
    >>> p.column_for("  số hs "), p.channel_words()["qua mạng"].name
    ('dossier_code', 'ONLINE')
"""

from __future__ import annotations

import os
import tomllib
import unicodedata
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from lapvo_cchc.dossiers import Channel
from lapvo_cchc.errors import DecodeError, InvalidArgumentError
from lapvo_cchc.kpi import FinishKind

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from importlib.resources.abc import Traversable

__all__ = [
    "COLUMNS",
    "DATE_COLUMNS",
    "TIME_UNITS",
    "Profile",
    "header_key",
    "load_profile",
    "parse_profile",
]

COLUMNS: Final = (
    "dossier_code",
    "procedure_code",
    "agency_code",
    "level",
    "field",
    "channel",
    "assisted",
    "received_at",
    "time_limit",
    "due_at",
    "finished_at",
    "finish_kind",
    "supplement_requested_at",
    "supplement_supplied_at",
)
"""The ledger's columns, in the documented order (docs/ledger.md)."""

DATE_COLUMNS: Final = frozenset(
    {"received_at", "due_at", "finished_at", "supplement_requested_at", "supplement_supplied_at"}
)
"""Columns that hold instants or dates (rewritten to ISO 8601 by a ``dmy`` profile)."""

TIME_UNITS: Final = ("working_days", "working_hours", "calendar_days")
"""The unit names a ledger's ``time_limit`` cell may use (and profile words map to)."""

_LEVELS: Final = ("province", "district", "commune")
_TRUE: Final = frozenset({"1", "true"})
_FALSE: Final = frozenset({"", "0", "false"})


def header_key(text: str) -> str:
    """A header or word as compared: NFC, case-folded, BOM dropped, inner spaces collapsed.

    Example:
        >>> header_key("\ufeffMã  Hồ sơ ")
        'mã hồ sơ'
    """
    return " ".join(unicodedata.normalize("NFC", text.replace("\ufeff", "")).casefold().split())


def _word(text: str) -> str:
    """A vocabulary word as cells are compared: NFC, lower case, outer spaces dropped."""
    return unicodedata.normalize("NFC", text).strip().lower()


def _pairs(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    items = value.items() if hasattr(value, "items") else value
    pairs = tuple((header_key(source), target) for source, target in items)
    unknown = sorted({target for _, target in pairs} - set(COLUMNS))
    if unknown:
        raise InvalidArgumentError(
            f"profile: expected target columns among {', '.join(COLUMNS)}, got {', '.join(unknown)}"
        )
    return pairs


def _words(value: Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    return tuple((_word(word), meaning) for word, meaning in value)


def _flags(value: Iterable[str]) -> frozenset[str]:
    return frozenset(_word(word) for word in value)


def _units(value: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    pairs = _words(value)
    unknown = sorted({unit for _, unit in pairs} - set(TIME_UNITS))
    if unknown:
        raise InvalidArgumentError(
            f"profile: expected time units among {', '.join(TIME_UNITS)}, got {', '.join(unknown)}"
        )
    return pairs


@attrs.frozen(kw_only=True)
class Profile:
    """A ledger export's format: source header → ledger column, date style and words.

    Headers are compared after :func:`header_key` (NFC, case-folded, spaces
    collapsed). Several source headers may feed one column (synonyms); the
    first one present in the file wins. Headers not in the mapping are ignored.
    The words extend the canonical ones every profile accepts: the values and
    names of :class:`~lapvo_cchc.dossiers.Channel` and
    :class:`~lapvo_cchc.kpi.FinishKind`, ``province`` / ``district`` /
    ``commune``, ``1`` / ``0`` / ``true`` / ``false`` and the unit names of
    :data:`TIME_UNITS`.

    Attributes:
        name: A short name (``flat``, ``vi``), as given to ``--profile``.
        columns: ``(source header, ledger column)`` pairs; a mapping is accepted.
        dates: ``"iso"`` (ISO 8601) or ``"dmy"`` (``dd/mm/yyyy [HH:MM[:SS]]``;
            ISO values are accepted too).
        channels: ``(word, Channel)`` pairs of the export's channel words.
        levels: ``(word, level)`` pairs (the level as the reader keeps it).
        finish_kinds: ``(word, FinishKind)`` pairs of its outcome words.
        true_words: Words of a true assisted flag.
        false_words: Words of a false assisted flag.
        time_units: ``(word, unit)`` pairs, e.g. ``("ngày làm việc", "working_days")``.
        description: One line for ``lapvo-cchc plugins``.

    Raises:
        ValueError: a target that is not one of :data:`COLUMNS`, or a unit not in
            :data:`TIME_UNITS`.

    Example:
        >>> p = Profile(name="mine", columns={"Số HS": "dossier_code"}, dates="dmy")
        >>> p.columns, p.column_for("số hs")
        ((('số hs', 'dossier_code'),), 'dossier_code')
    """

    name: str
    columns: tuple[tuple[str, str], ...] = attrs.field(converter=_pairs)
    dates: Literal["iso", "dmy"] = "iso"
    channels: tuple[tuple[str, Channel], ...] = attrs.field(default=(), converter=_words)
    levels: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_words)
    finish_kinds: tuple[tuple[str, FinishKind], ...] = attrs.field(default=(), converter=_words)
    true_words: frozenset[str] = attrs.field(default=frozenset(), converter=_flags)
    false_words: frozenset[str] = attrs.field(default=frozenset(), converter=_flags)
    time_units: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_units)
    description: str = ""

    def column_for(self, header: str) -> str | None:
        """The ledger column a source header feeds, or ``None``.

        Example:
            >>> p = Profile(name="x", columns={"dossier_code": "dossier_code"})
            >>> p.column_for("Dossier_Code"), p.column_for("note")
            ('dossier_code', None)
        """
        key = header_key(header)
        for source, target in self.columns:
            if source == key:
                return target
        return None

    def sources(self, column: str) -> tuple[str, ...]:
        """The source headers (as compared) that feed *column*.

        Example:
            >>> Profile(name="x", columns=[("Mã hồ sơ", "dossier_code")]).sources("dossier_code")
            ('mã hồ sơ',)
        """
        return tuple(source for source, target in self.columns if target == column)

    def locate(self, header: Sequence[str]) -> tuple[list[int], dict[str, str]]:
        """Where each of :data:`COLUMNS` is in *header* (-1 if absent), and its header text.

        Example:
            >>> p = Profile(name="x", columns=[("Mã hồ sơ", "dossier_code")])
            >>> index, shown = p.locate(["Ghi chú", "Mã hồ sơ"])
            >>> index[0], index[1], shown["dossier_code"]
            (1, -1, 'Mã hồ sơ')
        """
        index = [-1] * len(COLUMNS)
        shown: dict[str, str] = {}
        for position, text in enumerate(header):
            target = self.column_for(text)
            if target is None or target in shown:
                continue
            index[COLUMNS.index(target)] = position
            shown[target] = text.replace("\ufeff", "").strip()
        return index, shown

    # -- the lookup tables a reader uses (built once per reader) -------------------------

    def channel_words(self) -> dict[str, Channel]:
        """Every accepted channel cell (lower case) → :class:`~lapvo_cchc.dossiers.Channel`.

        Example:
            >>> Profile(name="x", columns={}).channel_words()["online"]
            <Channel.ONLINE: 'trực tuyến'>
        """
        return {
            **{c.value: c for c in Channel},
            **{c.name.lower(): c for c in Channel},
            **dict(self.channels),
        }

    def finish_words(self) -> dict[str, FinishKind]:
        """Every accepted finish-kind cell (lower case) → :class:`~lapvo_cchc.kpi.FinishKind`.

        Example:
            >>> Profile(name="x", columns={}).finish_words()["rút hồ sơ"].name
            'WITHDRAWN'
        """
        return {
            **{k.value: k for k in FinishKind},
            **{k.name.lower(): k for k in FinishKind},
            **dict(self.finish_kinds),
        }

    def level_words(self) -> dict[str, str]:
        """Every known level cell (lower case) → the level kept (other labels stay verbatim).

        Example:
            >>> Profile(name="x", columns={}, levels=[("Xã", "commune")]).level_words()["xã"]
            'commune'
        """
        return {**{level: level for level in _LEVELS}, **dict(self.levels)}

    def assisted_words(self) -> dict[str, bool]:
        """Every accepted assisted-flag cell (lower case) → its truth value.

        Example:
            >>> words = Profile(name="x", columns={}, true_words=["có"]).assisted_words()
            >>> words["có"], words["0"], words[""]
            (True, False, False)
        """
        return {
            **dict.fromkeys(_FALSE | self.false_words, False),
            **dict.fromkeys(_TRUE | self.true_words, True),
        }

    def unit_words(self) -> dict[str, str]:
        """Time-limit unit words (lower case) → a unit of :data:`TIME_UNITS`.

        Example:
            >>> Profile(name="x", columns={}).unit_words()["working_days"]
            'working_days'
        """
        return {**{unit: unit for unit in TIME_UNITS}, **dict(self.time_units)}


def _table(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise DecodeError(f"{where}: expected [{key}] to be a table, got {value!r}")
    return value


def _word_lists(table: Mapping[str, Any], key: str, where: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for meaning, given in table.items():
        words = [given] if isinstance(given, str) else given
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise DecodeError(
                f"{where}: expected {key}.{meaning} to be a list of strings, got {words!r}"
            )
        pairs.extend((word, meaning) for word in words)
    return pairs


def _member(enum_type: Any, name: str, key: str, where: str) -> Any:
    try:
        return enum_type[name.upper()]
    except KeyError:
        known = ", ".join(m.name.lower() for m in enum_type)
        raise DecodeError(f"{where}: [vocabulary.{key}] {name!r} is not one of {known}") from None


def parse_profile(text: str, *, origin: str = "<string>") -> Profile:
    r"""A :class:`Profile` from the text of a TOML profile file.

    The file has ``name``, optional ``description`` and ``dates`` (``iso`` or
    ``dmy``), a ``[columns]`` table (ledger column → list of source headers)
    and optional ``[vocabulary.*]`` tables: ``channels`` (``in_person``,
    ``online``, ``postal`` → words), ``finish_kinds`` (``approved``,
    ``rejected``, ... → words), ``levels`` (level → words), ``assisted``
    (``true`` / ``false`` → words) and ``time_units`` (unit → words).
    See docs/plugins.md.

    Args:
        text: The TOML text.
        origin: Where it came from, for messages (a path or a plugin name).

    Raises:
        DecodeError: not valid TOML or not a profile (the message names *origin*
            and the key at fault).

    Example:
        >>> parse_profile('name = "x"\n[columns]\nfoo = ["A"]', origin="x.toml")
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.DecodeError: x.toml: profile: expected target columns among ...
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DecodeError(f"{origin}: not a valid TOML profile: {exc}") from None
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise DecodeError(f'{origin}: expected a profile name (name = "..."), got {name!r}')
    dates = data.get("dates", "iso")
    if dates not in ("iso", "dmy"):
        raise DecodeError(f'{origin}: expected dates = "iso" or "dmy", got {dates!r}')
    columns = _table(data, "columns", origin)
    vocabulary = _table(data, "vocabulary", origin)
    unknown = sorted(
        set(vocabulary) - {"channels", "finish_kinds", "levels", "assisted", "time_units"}
    )
    if unknown:
        raise DecodeError(f"{origin}: unknown vocabulary table(s): {', '.join(unknown)}")
    words = {key: _word_lists(_table(vocabulary, key, origin), key, origin) for key in vocabulary}
    assisted: dict[str, tuple[str, ...]] = {"true": (), "false": ()}
    for word, flag in words.get("assisted", []):
        if flag not in assisted:
            raise DecodeError(
                f"{origin}: [vocabulary.assisted] keys are true and false, got {flag!r}"
            )
        assisted[flag] = (*assisted[flag], word)
    try:
        return Profile(
            name=name,
            columns=[(h, column) for h, column in _word_lists(columns, "columns", origin)],
            dates=dates,
            channels=[
                (w, _member(Channel, m, "channels", origin)) for w, m in words.get("channels", [])
            ],
            levels=words.get("levels", []),
            finish_kinds=[
                (w, _member(FinishKind, m, "finish_kinds", origin))
                for w, m in words.get("finish_kinds", [])
            ],
            true_words=assisted["true"],
            false_words=assisted["false"],
            time_units=words.get("time_units", []),
            description=str(data.get("description", "")),
        )
    except ValueError as exc:
        raise DecodeError(f"{origin}: {exc}") from None


def load_profile(source: str | os.PathLike[str] | Traversable) -> Profile:
    """Read a TOML profile file (a path, or a resource of an installed package).

    Raises:
        DecodeError: the file is not a profile (see :func:`parse_profile`).
        OSError: it cannot be read.

    Example:
        >>> from importlib import resources
        >>> load_profile(resources.files("lapvo_cchc.plugins") / "profiles" / "vi.toml").dates
        'dmy'
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, encoding="utf-8") as fh:
            text = fh.read()
        return parse_profile(text, origin=os.fspath(source))
    return parse_profile(source.read_text(encoding="utf-8"), origin=str(source))
