"""Progress of long reads and reports: a tqdm bar, a notebook widget or log lines.

:class:`ProgressBar` counts rows (call it once per row, e.g. as the ``on_record``
callback of :func:`lapvo_cchc.kpi.report`) and shows, where the output goes:

* on a terminal, a tqdm bar on standard error: rows read, percent, rate and
  time left (ETA);
* in a Jupyter kernel, tqdm's notebook widget (when ``ipywidgets`` is
  installed; otherwise the same text bar, which the notebook shows under the
  cell);
* elsewhere (a pipe, a log file, a service), a line on the
  ``lapvo_cchc.progress`` logger every *log_interval* seconds with the same
  figures; a job shorter than that logs nothing.

The bars are tqdm's, from the optional ``progress`` extra
(``pip install "lapvo-cchc[progress]"``). Without it, ``mode="auto"`` shows
nothing (the work is done all the same) and an explicit mode raises
:class:`~lapvo_cchc.errors.MissingExtraError`.

The percent and ETA need a total: :func:`count_rows` counts the data rows of a
CSV file (gzip too) by counting its line ends, quickly and without parsing.

Example:
    >>> with ProgressBar(total=3, desc="Reading", mode="off") as bar:
    ...     for row in ["a", "b", "c"]:
    ...         bar(row)
    >>> bar.count
    3
"""

from __future__ import annotations

import gzip
import importlib.util
import logging
import os
import sys
from typing import IO, TYPE_CHECKING, Any, Final, Literal

from lapvo_cchc.errors import MissingExtraError

if TYPE_CHECKING:
    from types import TracebackType

__all__ = [
    "LOGGER_NAME",
    "ProgressBar",
    "ProgressMode",
    "count_rows",
    "file_progress",
    "resolve_mode",
]

ProgressMode = Literal["auto", "bar", "notebook", "log", "off"]
"""Where progress goes: ``auto`` picks ``notebook``, ``bar`` or ``log`` from the output."""

LOGGER_NAME: Final = "lapvo_cchc.progress"
"""The logger of the ``log`` mode (level INFO)."""

_MODES: Final = ("auto", "bar", "notebook", "log", "off")
_LOG_FORMAT: Final = (
    "{desc}: {n_fmt}/{total_fmt}{unit} ({percentage:.0f}%), {rate_fmt}, "
    "elapsed {elapsed}, ETA {remaining}"
)
_LOG_FORMAT_NO_TOTAL: Final = "{desc}: {n_fmt}{unit}, {rate_fmt}, elapsed {elapsed}"
_CHUNK: Final = 1 << 20


def _tqdm_installed() -> bool:
    return importlib.util.find_spec("tqdm") is not None


def _in_notebook() -> bool:
    """Whether this process is a Jupyter kernel (IPython's kernel app is running)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and "IPKernelApp" in shell.config


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or exotic stream
        return False


def resolve_mode(mode: ProgressMode = "auto", stream: IO[str] | None = None) -> ProgressMode:
    """The concrete mode *mode* stands for, given the output *stream* (default stderr).

    ``auto`` is ``notebook`` in a Jupyter kernel, ``bar`` on a terminal and
    ``log`` otherwise; ``off`` when tqdm is not installed.

    Raises:
        ValueError: an unknown mode.
        MissingExtraError: an explicit mode other than ``off`` without tqdm.

    Example:
        >>> import io
        >>> resolve_mode("auto", io.StringIO())     # not a terminal
        'log'
        >>> resolve_mode("off")
        'off'
    """
    if mode not in _MODES:
        raise ValueError(f"progress mode: expected one of {', '.join(_MODES)}, got {mode!r}")
    if mode == "off":
        return "off"
    if not _tqdm_installed():
        if mode == "auto":
            return "off"
        raise MissingExtraError(
            f'progress mode {mode!r} needs tqdm: pip install "lapvo-cchc[progress]"'
        )
    if mode != "auto":
        return mode
    if _in_notebook():
        return "notebook"
    return "bar" if _is_terminal(stream if stream is not None else sys.stderr) else "log"


class _LogFile:
    """A file for tqdm that turns each redrawn line into one log record."""

    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger
        self.last = ""

    def write(self, text: str) -> None:
        line = text.replace("\r", "\n").strip().splitlines()
        if line and line[-1].strip() and line[-1].strip() != self.last:
            self.last = line[-1].strip()
            self.logger.info("%s", self.last)

    def flush(self) -> None:
        """Nothing to flush: every line went to the logger."""


class ProgressBar:
    """A progress display for a count of rows; call it once per row.

    Args:
        total: The number of rows expected (for the percent and the ETA), or
            ``None`` when unknown (then rows and rate only).
        desc: What is being done (``"Reading ledger.csv"``).
        unit: The name of what is counted.
        mode: See :data:`ProgressMode` (default ``auto``).
        stream: The terminal for the ``bar`` mode (default stderr).
        log_interval: Seconds between two log lines in ``log`` mode; nothing is
            logged for a job shorter than that.
        step: Rows counted between two updates of the display (a bar redraws
            at most ten times a second anyway; counting in steps keeps the cost
            per row to an addition).

    Attributes:
        mode: The concrete mode (``off`` when nothing is shown).
        total: The rows expected (None when unknown).
        count: Rows counted so far.

    Example:
        >>> bar = ProgressBar(total=None, mode="off")
        >>> for _ in range(5):
        ...     bar(None)
        >>> bar.update(10)
        >>> bar.close()
        >>> bar.count, bar.mode
        (15, 'off')
    """

    def __init__(
        self,
        total: int | None = None,
        *,
        desc: str = "",
        unit: str = "rows",
        mode: ProgressMode = "auto",
        stream: IO[str] | None = None,
        log_interval: float = 10.0,
        step: int = 512,
    ) -> None:
        self.mode: ProgressMode = resolve_mode(mode, stream)
        self.total = total
        self.count = 0
        self._pending = 0
        self._step = max(1, step)
        self._bar: Any = None
        if self.mode == "off":
            return
        options: dict[str, Any] = {
            "total": total,
            "desc": desc,
            "unit": f" {unit}",
            "unit_scale": True,
        }
        if self.mode == "notebook" and importlib.util.find_spec("ipywidgets") is not None:
            from tqdm.notebook import tqdm as notebook_tqdm

            self._bar = notebook_tqdm(**options)
            return
        from tqdm import tqdm

        if self.mode == "log":
            options["unit_scale"] = False  # exact counts in a log: 512/1024 rows
            self._bar = tqdm(
                **options,
                file=_LogFile(logging.getLogger(LOGGER_NAME)),
                mininterval=log_interval,
                maxinterval=max(log_interval, 10.0),
                delay=log_interval,
                bar_format=_LOG_FORMAT if total is not None else _LOG_FORMAT_NO_TOTAL,
            )
            return
        # a terminal, or a notebook without ipywidgets: the text bar (stderr shows under the cell)
        self._bar = tqdm(**options, file=stream if stream is not None else sys.stderr)

    def __call__(self, _row: object = None) -> None:
        """Count one row (the argument, e.g. the record read, is ignored)."""
        self.count += 1
        self._pending += 1
        if self._pending >= self._step:
            self._flush()

    def update(self, rows: int) -> None:
        """Count *rows* more at once (e.g. a part read by another process)."""
        self.count += rows
        self._pending += rows
        self._flush()

    def restart(self) -> None:
        """Count again from zero: a second pass over the same rows.

        Example:
            >>> bar = ProgressBar(total=10, mode="off")
            >>> bar.update(10)
            >>> bar.restart()
            >>> bar.count
            0
        """
        self.count = 0
        self._pending = 0
        if self._bar is None:
            return
        if self.mode == "log":
            # no line now: a log shows the new pass when it is due
            self._bar.n = self._bar.last_print_n = 0
            return
        self._bar.reset(total=self.total)

    def _flush(self) -> None:
        if self._bar is not None and self._pending:
            self._bar.update(self._pending)
        self._pending = 0

    def close(self) -> None:
        """Show the final count and release the display (safe to call twice)."""
        self._flush()
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def count_rows(path: str | os.PathLike[str], *, header: bool = True) -> int:
    r"""The data rows of a CSV file, counted as line ends (``.gz`` read through gzip).

    A last line without a line end counts; a quoted cell spanning lines makes
    the count an over-estimate, which only makes the percentage end early.

    Example:
        >>> import pathlib, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
        >>> _ = p.write_text("code,agency\n1,a\n2,b")
        >>> count_rows(p)
        2
    """
    lines = 0
    last = b"\n"
    opener = gzip.open if os.fspath(path).endswith(".gz") else open
    with opener(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    return max(0, lines - 1) if header else lines


def file_progress(
    path: str | os.PathLike[str], progress: bool | ProgressMode, *, desc: str | None = None
) -> ProgressBar | None:
    """The :class:`ProgressBar` of reading the ledger file *path*, or ``None`` when off.

    *progress* is ``False`` (none), ``True`` (``"auto"``) or a
    :data:`ProgressMode`. The total is :func:`count_rows` for a CSV file,
    counted only when something is shown; unknown for a workbook.

    Example:
        >>> file_progress("ledger.csv", False) is None
        True
    """
    if progress is False:
        return None
    mode: ProgressMode = "auto" if progress is True else progress
    if resolve_mode(mode) == "off":
        return None
    name = os.fspath(path)
    total = None if name.lower().endswith(".xlsx") else count_rows(name)
    return ProgressBar(total, desc=desc or os.path.basename(name), mode=mode)
