"""A real PostgreSQL server for the SQL adapter tests (fixture helpers, imported by test modules).

Order of preference:

1. ``LAPVO_PG_DSN`` is set: that server is used (each test gets its own schema).
2. Debian's PostgreSQL binaries (``/usr/lib/postgresql/*/bin/initdb`` and
   ``pg_ctl``) are installed: a throwaway cluster is created in a temporary
   directory, listening on 127.0.0.1 only on a free port, and stopped at the
   end of the session. As root it runs as the ``postgres`` OS user
   (``runuser``), since ``initdb`` refuses root.
3. Neither: the tests FAIL, saying what to install, unless
   ``LAPVO_SKIP_POSTGRES=1`` is set, in which case they are skipped with that
   reason (never silently).

Use it with ``from _pg import pg_dsn  # noqa: F401`` in a test module.

``pg_cluster`` gives a test its own durable cluster (never ``LAPVO_PG_DSN``),
which it may stop like a crash (``Cluster.halt``) and start again
(``Cluster.resume``); it needs the Debian binaries.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

INSTALL_HINT = (
    "install Debian's `postgresql` package (sh .ci/postgres-install.sh) or set LAPVO_PG_DSN "
    "to a server the tests may create schemas in; set LAPVO_SKIP_POSTGRES=1 to skip the "
    "PostgreSQL tests explicitly"
)

_CLUSTER_KEY = pytest.StashKey["str | BaseException"]()


def _unavailable(reason: str) -> None:
    if os.environ.get("LAPVO_SKIP_POSTGRES") == "1":
        pytest.skip(f"PostgreSQL tests skipped by LAPVO_SKIP_POSTGRES=1 ({reason})")
    pytest.fail(f"no PostgreSQL server for the SQL adapter tests: {reason}; {INSTALL_HINT}")


def _bin_dir() -> str | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
    )
    return os.path.dirname(found[-1]) if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary directory.

    ``durable=False`` (the session cluster) trades durability for speed
    (``fsync``, ``synchronous_commit`` and ``full_page_writes`` off). A cluster
    that is :meth:`halt`-ed must be ``durable=True``: with ``synchronous_commit``
    off, an immediate shutdown may lose transactions it had acknowledged.
    """

    def __init__(self, bin_dir: str, *, durable: bool = False) -> None:
        self.bin_dir = bin_dir
        self.durable = durable
        # As root the server runs as `postgres`, which must reach the directory: /tmp, not a
        # TMPDIR under /root.
        parent = "/tmp" if os.geteuid() == 0 and os.path.isdir("/tmp") else None  # noqa: S108
        self.root = tempfile.mkdtemp(prefix="lapvo-pg-", dir=parent)
        self.data = os.path.join(self.root, "data")
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.started = False

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [*self.prefix, *args], capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args[:1])} failed ({result.returncode}): "
                f"{result.stdout[-2000:]}{result.stderr[-2000:]}"
            )

    def start(self) -> str:
        """Create and start the cluster; return its DSN."""
        self._run(
            os.path.join(self.bin_dir, "initdb"),
            "-D",
            self.data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        self.resume()
        return self.dsn

    @property
    def dsn(self) -> str:
        """The libpq connection string of the cluster's ``postgres`` database."""
        return f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"

    def resume(self) -> None:
        """Start the server of the (created) cluster and wait until it accepts connections."""
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root}"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            os.path.join(self.bin_dir, "pg_ctl"),
            "-D",
            self.data,
            "-l",
            os.path.join(self.root, "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        self.started = True

    def halt(self) -> None:
        """Stop the server like a crash (``pg_ctl stop -m immediate``): no checkpoint, no goodbye.

        Sessions are cut off mid-transaction; :meth:`resume` replays the WAL.
        """
        self._run(
            os.path.join(self.bin_dir, "pg_ctl"), "-D", self.data, "-m", "immediate", "-w",
            "stop",
        )  # fmt: skip
        self.started = False

    def stop(self) -> None:
        """Stop the server and remove its directory."""
        try:
            if self.started:
                self._run(
                    os.path.join(self.bin_dir, "pg_ctl"), "-D", self.data, "-m", "fast", "-w",
                    "stop",
                )  # fmt: skip
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _server(config: pytest.Config) -> str:
    """The session's server DSN: LAPVO_PG_DSN, or a cluster started once per session."""
    dsn = os.environ.get("LAPVO_PG_DSN")
    if dsn:
        return dsn
    if _CLUSTER_KEY not in config.stash:
        bin_dir = _bin_dir()
        if bin_dir is None:
            config.stash[_CLUSTER_KEY] = LookupError(
                "LAPVO_PG_DSN is not set and no /usr/lib/postgresql/*/bin/initdb was found"
            )
        else:
            cluster = Cluster(bin_dir)
            config.add_cleanup(cluster.stop)
            try:
                config.stash[_CLUSTER_KEY] = cluster.start()
            except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
                config.stash[_CLUSTER_KEY] = RuntimeError(
                    f"starting a throwaway cluster with {bin_dir} failed: {exc}"
                )
    found = config.stash[_CLUSTER_KEY]
    if isinstance(found, BaseException):
        _unavailable(str(found))
    assert isinstance(found, str)
    return found


def _shown(dsn: str) -> str:
    """*dsn* without its password, for messages."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        params = conninfo_to_dict(dsn)
    except Exception:  # any unparsable DSN is shown as such
        return "(unparsable DSN)"
    params.pop("password", None)
    return " ".join(f"{k}={v}" for k, v in params.items())


@pytest.fixture
def pg_cluster() -> Iterator[Cluster]:
    """A dedicated, durable throwaway cluster (started), for tests that stop the server.

    Unlike :func:`pg_dsn` it never uses ``LAPVO_PG_DSN``: a test may halt it.
    """
    bin_dir = _bin_dir()
    if bin_dir is None:
        _unavailable("a dedicated cluster needs /usr/lib/postgresql/*/bin/initdb")
        raise AssertionError("unreachable: _unavailable skips or fails")
    cluster = Cluster(bin_dir, durable=True)
    try:
        cluster.start()
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        cluster.stop()
        _unavailable(f"starting a dedicated cluster with {bin_dir} failed: {exc}")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_dsn(request: pytest.FixtureRequest) -> Iterator[str]:
    """A DSN whose ``search_path`` is a fresh schema, dropped after the test."""
    try:
        import psycopg
        from psycopg.conninfo import make_conninfo
    except ImportError:
        _unavailable('psycopg is not installed (pip install "lapvo-cchc[sql]")')
        raise  # unreachable: _unavailable skips or fails
    base = _server(request.config)
    schema = f"lapvo_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except psycopg.Error as exc:
        _unavailable(f"cannot create a schema on {_shown(base)}: {exc}")
    yield make_conninfo(base, options=f"-c search_path={schema}")
    with (
        contextlib.suppress(psycopg.Error),
        psycopg.connect(base, autocommit=True, connect_timeout=10) as conn,
    ):
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
