"""The plugin registry (private; public as :class:`lapvo_cchc.plugins.Registry`)."""

from __future__ import annotations

import enum
import os
from importlib import metadata
from typing import TYPE_CHECKING, Any, Final

import attrs

from lapvo_cchc.calendars import WorkCalendar
from lapvo_cchc.deadlines import Regime
from lapvo_cchc.dossiers import StatusMapping
from lapvo_cchc.errors import LapvoError
from lapvo_cchc.kpi import IndicatorRegistry, ScoringRules
from lapvo_cchc.plugins._files import CatalogPack, parse_calendar, parse_catalog, read_text
from lapvo_cchc.plugins._profile import Profile, parse_profile
from lapvo_cchc.procedures import InMemoryCatalog

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [
    "BUILTIN_ORIGIN",
    "ENTRY_POINT_GROUP",
    "BrokenPlugin",
    "Extension",
    "Kind",
    "PluginError",
    "Registry",
]

ENTRY_POINT_GROUP: Final = "lapvo_cchc.plugins"
"""The entry-point group packages declare their extensions in.

Example:
    >>> ENTRY_POINT_GROUP
    'lapvo_cchc.plugins'
"""

BUILTIN_ORIGIN: Final = "lapvo-cchc"
"""The origin shown for the built-in extensions (this distribution's name).

Example:
    >>> BUILTIN_ORIGIN
    'lapvo-cchc'
"""


class Kind(enum.Enum):
    """The extension points: what a plugin may add, each with the type of its value.

    An entry point is named ``<kind>.<name>`` with the kind's value below,
    e.g. ``ledger_profile.dongthap-igate``.

    Example:
        >>> [k.value for k in Kind][:3]
        ['ledger_profile', 'calendar', 'status_mapping']
    """

    LEDGER_PROFILE = "ledger_profile"
    """A ledger export's format: :class:`~lapvo_cchc.plugins.Profile` or a TOML file."""
    CALENDAR = "calendar"
    """A :class:`~lapvo_cchc.calendars.WorkCalendar` (or a TOML overlay file)."""
    STATUS_MAPPING = "status_mapping"
    """A vendor's status codes ↔ the lifecycle: :class:`~lapvo_cchc.dossiers.StatusMapping`."""
    CATALOG = "catalog"
    """A procedure list: :class:`~lapvo_cchc.plugins.CatalogPack` (or a TOML file)."""
    INDICATORS = "indicators"
    """An indicator set: :class:`~lapvo_cchc.kpi.IndicatorRegistry`."""
    SCORING = "scoring"
    """Scoring rules of an evaluation index: :class:`~lapvo_cchc.kpi.ScoringRules`."""
    DEADLINE_REGIME = "deadline_regime"
    """A deadline regime: :class:`~lapvo_cchc.deadlines.Regime`."""
    REPORT_ENGINE = "report_engine"
    """A report engine: a callable with the signature of :func:`lapvo_cchc.kpi.report`."""


_TYPES: Final[dict[Kind, type | None]] = {
    Kind.LEDGER_PROFILE: Profile,
    Kind.CALENDAR: WorkCalendar,
    Kind.STATUS_MAPPING: StatusMapping,
    Kind.CATALOG: CatalogPack,
    Kind.INDICATORS: IndicatorRegistry,
    Kind.SCORING: ScoringRules,
    Kind.DEADLINE_REGIME: Regime,
    Kind.REPORT_ENGINE: None,  # any callable
}
_FILE_KINDS: Final = (Kind.LEDGER_PROFILE, Kind.CALENDAR, Kind.CATALOG)


class PluginError(LapvoError, LookupError):
    """An extension that is not registered, or a plugin that failed to load when asked for.

    Example:
        >>> issubclass(PluginError, LookupError)
        True
    """


@attrs.frozen
class Extension:
    """One registered extension, as ``lapvo-cchc plugins`` lists it.

    Attributes:
        kind: Its extension point.
        name: Its name within the kind.
        origin: The distribution that provides it (``lapvo-cchc`` for the
            built-ins, a package name for a plugin, ``file`` for a file).
        target: Where the value comes from (``module:attribute``, a resource path).

    Example:
        >>> Extension(Kind.CALENDAR, "vietnam", "lapvo-cchc", "lapvo_cchc.calendars:vietnam").name
        'vietnam'
    """

    kind: Kind
    name: str
    origin: str
    target: str


@attrs.frozen
class BrokenPlugin:
    """A plugin that failed to load, recorded by name with its error (never raised at large).

    Attributes:
        name: The entry point's name as declared (``ledger_profile.x``).
        origin: The distribution that declares it.
        target: The entry point's value (``module:attribute``).
        error: What went wrong (exception type and message).

    Example:
        >>> print(BrokenPlugin("calendar.x", "pkg", "pkg:x", "ImportError: no module pkg"))
        calendar.x (pkg, pkg:x): ImportError: no module pkg
    """

    name: str
    origin: str
    target: str
    error: str

    def __str__(self) -> str:
        return f"{self.name} ({self.origin}, {self.target}): {self.error}"


_UNSET: Final[Any] = object()


class _Slot:
    """A registered extension: its description and its source, then its value once made."""

    __slots__ = ("extension", "source", "value")

    def __init__(self, extension: Extension, source: object) -> None:
        self.extension = extension
        self.source = source
        self.value: Any = _UNSET


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _is_file(value: object) -> bool:
    return isinstance(value, (str, os.PathLike)) or (
        hasattr(value, "read_text") and hasattr(value, "is_file")
    )


class Registry:
    """Named extensions by :class:`Kind`: an instance the caller builds and passes around.

    :func:`~lapvo_cchc.plugins.default_registry` gives one with the built-ins
    and the installed plugins. An extension's value is made on its first
    lookup; entry points of a kind are imported on the first lookup of that
    kind. A plugin that fails (import error, a factory that raises, a value of
    the wrong type, a name already taken) is recorded in :attr:`broken` and
    left out; the others and the built-ins keep working.

    Args:
        entry_points: Entry points to offer (default: none). ``"installed"``
            discovers the group :data:`ENTRY_POINT_GROUP` of the installed
            distributions, on first need.

    Example:
        >>> from lapvo_cchc.calendars import vietnam
        >>> reg = Registry()
        >>> reg.add(Kind.CALENDAR, "national", vietnam)
        >>> reg.names(Kind.CALENDAR), reg.calendar("national").name
        (('national',), 'vietnam')
        >>> reg.calendar("nope")
        Traceback (most recent call last):
        ...
        lapvo_cchc.plugins._registry.PluginError: no calendar named 'nope'; known: national
    """

    def __init__(self, *, entry_points: Iterable[metadata.EntryPoint] | str = ()) -> None:
        if isinstance(entry_points, str) and entry_points != "installed":
            raise ValueError(
                f"entry_points: expected 'installed' or entry points, got {entry_points!r}"
            )
        self._offered: Iterable[metadata.EntryPoint] | str = entry_points
        self._pending: dict[Kind, list[metadata.EntryPoint]] | None = None
        self._slots: dict[Kind, dict[str, _Slot]] = {kind: {} for kind in Kind}
        self._broken: list[BrokenPlugin] = []

    # -- registering ---------------------------------------------------------------------

    def add(
        self,
        kind: Kind,
        name: str,
        source: object,
        *,
        origin: str = BUILTIN_ORIGIN,
        target: str = "",
        replace: bool = False,
    ) -> None:
        """Register *source* as the extension *name* of *kind*.

        *source* is the value itself, a file (a TOML profile, calendar or
        catalogue: a path or a package resource) or a callable without
        arguments that returns one of those (called on first lookup). A report
        engine is registered as the callable itself.

        Raises:
            PluginError: *name* is taken (unless *replace*).

        Example:
            >>> from lapvo_cchc.kpi import RULES_766_2022
            >>> reg = Registry()
            >>> reg.add(Kind.SCORING, "766", RULES_766_2022)
            >>> reg.scoring("766").version
            '766-2022.1'
        """
        slots = self._slots[kind]
        if name in slots and not replace:
            raise PluginError(
                f"{kind.value} {name!r} is already registered by {slots[name].extension.origin}"
            )
        if not target:
            target = getattr(source, "__module__", "") + ":" + getattr(source, "__qualname__", "")
            if target == ":":
                target = type(source).__name__
        slots[name] = _Slot(Extension(kind, name, origin, target), source)

    # -- entry points --------------------------------------------------------------------

    def _discover(self) -> dict[Kind, list[metadata.EntryPoint]]:
        if self._pending is None:
            offered = self._offered
            if isinstance(offered, str):
                offered = metadata.entry_points(group=ENTRY_POINT_GROUP)
            by_value = {kind.value: kind for kind in Kind}
            pending: dict[Kind, list[metadata.EntryPoint]] = {kind: [] for kind in Kind}
            for ep in offered:
                kind_text, _, name = ep.name.partition(".")
                kind = by_value.get(kind_text)
                if kind is None or not name:
                    self._broken.append(
                        BrokenPlugin(
                            ep.name,
                            _origin(ep),
                            ep.value,
                            f"expected an entry point named <kind>.<name> with a kind among "
                            f"{', '.join(by_value)}",
                        )
                    )
                    continue
                pending[kind].append(ep)
            self._pending = pending
        return self._pending

    def _ensure(self, kind: Kind) -> None:
        """Import the entry points of *kind* (once); failures go to :attr:`broken`."""
        pending = self._discover()[kind]
        while pending:
            ep = pending.pop(0)
            name = ep.name.partition(".")[2]
            origin = _origin(ep)
            if name in self._slots[kind]:
                owner = self._slots[kind][name].extension.origin
                self._broken.append(
                    BrokenPlugin(ep.name, origin, ep.value, f"the name is taken by {owner}")
                )
                continue
            try:
                source = ep.load()
            except Exception as exc:  # a plugin never breaks the tool
                self._broken.append(BrokenPlugin(ep.name, origin, ep.value, _describe(exc)))
                continue
            self._slots[kind][name] = _Slot(Extension(kind, name, origin, ep.value), source)

    # -- looking up ----------------------------------------------------------------------

    def names(self, kind: Kind) -> tuple[str, ...]:
        """The names registered for *kind*, sorted (its entry points imported first).

        Example:
            >>> Registry().names(Kind.REPORT_ENGINE)
            ()
        """
        self._ensure(kind)
        return tuple(sorted(self._slots[kind]))

    def extensions(self, kind: Kind | None = None) -> tuple[Extension, ...]:
        """Every extension of *kind* (or of all kinds), by kind then name.

        Example:
            >>> Registry().extensions()
            ()
        """
        kinds = list(Kind) if kind is None else [kind]
        out: list[Extension] = []
        for k in kinds:
            self._ensure(k)
            out.extend(self._slots[k][name].extension for name in sorted(self._slots[k]))
        return tuple(out)

    @property
    def broken(self) -> tuple[BrokenPlugin, ...]:
        """The plugins that failed to load so far, in the order they failed.

        Example:
            >>> Registry().broken
            ()
        """
        return tuple(self._broken)

    def check(self) -> tuple[BrokenPlugin, ...]:
        """Load every extension of every kind; return :attr:`broken` (failures are left out).

        Example:
            >>> Registry().check()
            ()
        """
        for kind in Kind:
            for name in self.names(kind):
                try:
                    self.get(kind, name)
                except PluginError:
                    continue
        return self.broken

    def get(self, kind: Kind, name: str) -> Any:
        """The value of the extension *name* of *kind*, made on first lookup.

        Raises:
            PluginError: no such name, or the plugin failed to load now (it is
                then recorded in :attr:`broken` and unregistered).

        Example:
            >>> Registry().get(Kind.SCORING, "x")
            Traceback (most recent call last):
            ...
            lapvo_cchc.plugins._registry.PluginError: no scoring named 'x'; known: (none)
        """
        self._ensure(kind)
        slot = self._slots[kind].get(name)
        if slot is None:
            known = ", ".join(sorted(self._slots[kind])) or "(none)"
            broken = [b.name for b in self._broken if b.name == f"{kind.value}.{name}"]
            hint = (
                f" (the plugin {broken[0]} failed to load, see `lapvo-cchc plugins`)"
                if broken
                else ""
            )
            raise PluginError(f"no {kind.value} named {name!r}; known: {known}{hint}")
        if slot.value is _UNSET:
            try:
                slot.value = self._make(kind, slot.source, slot.extension)
            except Exception as exc:  # a plugin never breaks the tool
                ext = slot.extension
                del self._slots[kind][name]
                entry = f"{kind.value}.{name}"
                self._broken.append(BrokenPlugin(entry, ext.origin, ext.target, _describe(exc)))
                raise PluginError(
                    f"{kind.value} {name!r} from {ext.origin} ({ext.target}) failed to load: "
                    f"{_describe(exc)}"
                ) from exc
        return slot.value

    def _make(self, kind: Kind, source: object, ext: Extension, *, depth: int = 0) -> Any:
        wanted = _TYPES[kind]
        if wanted is None:
            if callable(source):
                return source
        elif isinstance(source, wanted):
            return source
        if kind is Kind.CATALOG and isinstance(source, InMemoryCatalog):
            return CatalogPack(name=ext.name, catalog=source)
        if kind in _FILE_KINDS and _is_file(source):
            return self._parse_file(kind, source)
        if callable(source) and depth == 0:
            return self._make(kind, source(), ext, depth=1)
        expected = "a callable" if wanted is None else wanted.__name__
        raise TypeError(f"expected {expected} (or a factory of one), got {type(source).__name__}")

    def _parse_file(self, kind: Kind, source: Any) -> Any:
        text, origin = read_text(source)
        if kind is Kind.LEDGER_PROFILE:
            return parse_profile(text, origin=origin)
        if kind is Kind.CALENDAR:
            return parse_calendar(text, base=self.calendar, origin=origin)
        return parse_catalog(text, origin=origin)

    def _named_or_file(self, kind: Kind, name: str | os.PathLike[str]) -> Any:
        """A registered name, else a ``.toml`` file of that kind (read each time)."""
        if isinstance(name, str):
            self._ensure(kind)
            if name in self._slots[kind] or not name.endswith(".toml"):
                return self.get(kind, name)
        try:
            return self._parse_file(kind, name)
        except OSError as exc:
            raise PluginError(
                f"{kind.value}: cannot read {os.fspath(name)}: {exc.strerror or exc}"
            ) from None

    # -- typed lookups -------------------------------------------------------------------

    def profile(self, name: str | os.PathLike[str]) -> Profile:
        """A ledger profile by name, or from a ``.toml`` file.

        Example:
            >>> from lapvo_cchc.plugins import default_registry
            >>> default_registry().profile("vi").dates
            'dmy'
        """
        value: Profile = self._named_or_file(Kind.LEDGER_PROFILE, name)
        return value

    def calendar(self, name: str | os.PathLike[str]) -> WorkCalendar:
        """A calendar by name, or a TOML overlay file (see docs/plugins.md).

        Example:
            >>> from lapvo_cchc.plugins import default_registry
            >>> default_registry().calendar("vietnam").name
            'vietnam'
        """
        value: WorkCalendar = self._named_or_file(Kind.CALENDAR, name)
        return value

    def catalog(self, name: str | os.PathLike[str]) -> CatalogPack:
        """A procedure catalogue by name, or from a ``.toml`` file.

        Example:
            >>> from lapvo_cchc.plugins import default_registry
            >>> default_registry().catalog("sample").agency_names()["875"]
            'Huyện Lấp Vò'
        """
        value: CatalogPack = self._named_or_file(Kind.CATALOG, name)
        return value

    def indicators(self, name: str) -> IndicatorRegistry:
        """An indicator set by name.

        Example:
            >>> from lapvo_cchc.plugins import default_registry
            >>> "resolution_rate" in [i.name for i in default_registry().indicators("default")]
            True
        """
        value: IndicatorRegistry = self.get(Kind.INDICATORS, name)
        return value

    def scoring(self, name: str) -> ScoringRules:
        """Scoring rules by name.

        Example:
            >>> from lapvo_cchc.plugins import default_registry
            >>> default_registry().scoring("766-2022").version
            '766-2022.1'
        """
        value: ScoringRules = self.get(Kind.SCORING, name)
        return value

    def status_mapping(self, name: str) -> StatusMapping:
        """A status mapping by name.

        Example:
            >>> from lapvo_cchc.plugins import default_registry
            >>> default_registry().status_mapping("dvcqg").name
            'DVCQG'
        """
        value: StatusMapping = self.get(Kind.STATUS_MAPPING, name)
        return value

    def regime(self, name: str) -> Regime:
        """A deadline regime by name.

        Example:
            >>> from lapvo_cchc.plugins import default_registry
            >>> default_registry().regime("nd118-2025").name
            'ND118/2025'
        """
        value: Regime = self.get(Kind.DEADLINE_REGIME, name)
        return value

    def engine(self, name: str) -> Callable[..., Any]:
        """A report engine by name.

        Example:
            >>> from lapvo_cchc.plugins import default_registry
            >>> default_registry().engine("python").__name__
            'report'
        """
        value: Callable[..., Any] = self.get(Kind.REPORT_ENGINE, name)
        return value


def _origin(ep: metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return str(dist.name) if dist is not None else "(unknown distribution)"
