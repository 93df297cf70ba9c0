"""Request bodies streamed into a worker thread as lines of text (private).

``POST /kpi/report`` never holds the ledger in memory: the event loop reads the
body chunk by chunk into a small bounded buffer (an anyio memory stream), and
the report, running in a worker thread, pulls UTF-8 lines from it
(:class:`LineFeed`). When the buffer is full the loop stops reading, so the
client is slowed down instead of the server filling up (TCP back-pressure).
Memory per request is the buffer plus one line, whatever the body size.
"""

from __future__ import annotations

import codecs
import io
from typing import TYPE_CHECKING, Final, TypeVar

import anyio
import anyio.from_thread
import anyio.to_thread

from lapvo_cchc.web._problems import Problem

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Iterator

T = TypeVar("T")

BUFFERED_CHUNKS: Final = 4
"""How many body chunks (each at most what the server read at once, ~64 KiB) wait for the thread."""
MAX_LINE: Final = 1 << 20
"""The longest physical line of a streamed ledger, in characters (longer → 422)."""


class _Aborted(Exception):  # noqa: N818 - control flow between the loop and the thread
    """The body stopped arriving (too large, client gone): the thread stops too."""


class LineFeed:
    """The lines of a UTF-8 body, split as a file opened with ``newline=""`` (ends kept).

    *receive* returns the next chunk of bytes, or ``None`` at the end. A leading
    byte-order mark is dropped. Bytes that are not UTF-8, or a line longer than
    :data:`MAX_LINE`, end the iteration with a 422 :class:`Problem` naming the
    byte offset or line.
    """

    def __init__(self, receive: Callable[[], bytes | None]) -> None:
        self._receive = receive

    def __iter__(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
        consumed = 0
        lineno = 0
        pending = ""
        while True:
            chunk = self._receive()
            final = chunk is None
            data = b"" if chunk is None else chunk
            try:
                text = decoder.decode(data, final)
            except UnicodeDecodeError as exc:
                held = len(decoder.getstate()[0])
                offset = max(consumed - held, 0) + exc.start
                raise Problem.invalid(
                    "body", "$", f"the ledger is not UTF-8 (byte offset {offset}); convert it first"
                ) from None
            consumed += len(data)
            lines = io.StringIO(pending + text, newline="").readlines()
            pending = ""
            if lines and not final:
                last = lines[-1]
                if not last.endswith("\n"):  # unfinished, or a "\r" that "\n" may follow
                    pending = lines.pop()
            if len(pending) > MAX_LINE:
                raise Problem.invalid(
                    "body",
                    "$",
                    f"line {lineno + len(lines) + 1} is longer than {MAX_LINE} characters",
                )
            for line in lines:
                if len(line) > MAX_LINE:
                    raise Problem.invalid(
                        "body", "$", f"line {lineno + 1} is longer than {MAX_LINE} characters"
                    )
                lineno += 1
                yield line
            if final:
                return


def _first_cause(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The exception to re-raise from a task group: the cause, not the thread's echo of it."""
    leaves: list[BaseException] = []

    def walk(exc: BaseException) -> None:
        if isinstance(exc, BaseExceptionGroup):
            for inner in exc.exceptions:
                walk(inner)
        else:
            leaves.append(exc)

    walk(group)
    causes = [e for e in leaves if not isinstance(e, _Aborted)]
    return (causes or leaves)[0]


async def stream_lines_to_thread(
    chunks: AsyncIterator[bytes], work: Callable[[Iterator[str]], T]
) -> T:
    """Run ``work(lines)`` in a worker thread while *chunks* arrive; its result.

    An exception of *chunks* (a 413 past the size limit, the client gone)
    stops *work* and is raised here; an exception of *work* (a bad header)
    stops reading the body and is raised here.
    """
    send, recv = anyio.create_memory_object_stream[bytes](BUFFERED_CHUNKS)
    failed: list[BaseException] = []

    async def produce() -> None:
        with send:  # closed on every exit: the thread's receive() then ends
            try:
                async for chunk in chunks:
                    if chunk:
                        await send.send(chunk)
            except (anyio.BrokenResourceError, anyio.ClosedResourceError):
                return  # the thread stopped reading (its own error or result)
            except Exception as exc:
                failed.append(exc)  # before the close, so the thread sees it
                raise

    def receive() -> bytes | None:
        try:
            item = anyio.from_thread.run(recv.receive)
        except (anyio.EndOfStream, anyio.ClosedResourceError):
            if failed:
                raise _Aborted from None
            return None
        return item

    def consume() -> T:
        try:
            return work(iter(LineFeed(receive)))
        finally:
            anyio.from_thread.run_sync(recv.close)

    results: list[T] = []
    try:
        async with anyio.create_task_group() as group:
            group.start_soon(produce)
            results.append(await anyio.to_thread.run_sync(consume))
    except BaseExceptionGroup as exc:
        raise _first_cause(exc) from None
    return results[0]
