"""A real MariaDB server for the SQL adapter tests (fixture helpers, imported by test modules).

Order of preference, mirroring tests/_pg.py:

1. ``LAPVO_MARIADB_URL`` is set (an SQLAlchemy URL such as
   ``mysql+pymysql://user:pw@host:3306/db``): that server is used; each test
   gets its own database, created and dropped by the URL's user.
2. Debian's ``mariadb-server`` is installed (``mariadbd`` and
   ``mariadb-install-db``): a throwaway server is initialised in a temporary
   directory (``--datadir``, socket inside it), listening on 127.0.0.1 only on
   a free port, and stopped at the end of the session. As root it runs as the
   ``mysql`` OS user (``--user=mysql``).
3. Neither: the tests FAIL, saying what to install, unless
   ``LAPVO_SKIP_MARIADB=1`` is set, in which case they are skipped with that
   reason (never silently).

Use it with ``from _mariadb import mariadb_url  # noqa: F401`` in a test module.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

INSTALL_HINT = (
    "install Debian's `mariadb-server` package (sh .ci/mariadb-install.sh) or set "
    "LAPVO_MARIADB_URL to a server the tests may create databases in; set "
    "LAPVO_SKIP_MARIADB=1 to skip the MariaDB tests explicitly"
)
USER = "lapvo"
PASSWORD = "lapvo-test"  # noqa: S105 - a throwaway server on loopback

_SERVER_KEY = pytest.StashKey["str | BaseException"]()


def _unavailable(reason: str) -> None:
    if os.environ.get("LAPVO_SKIP_MARIADB") == "1":
        pytest.skip(f"MariaDB tests skipped by LAPVO_SKIP_MARIADB=1 ({reason})")
    pytest.fail(f"no MariaDB server for the SQL adapter tests: {reason}; {INSTALL_HINT}")


def _binary(*names: str) -> str | None:
    for name in names:
        for folder in ("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"):
            path = os.path.join(folder, name)
            if os.access(path, os.X_OK):
                return path
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A throwaway MariaDB server in a temporary directory."""

    def __init__(self, server: str, install_db: str) -> None:
        self.server = server
        self.install_db = install_db
        # As root the server runs as `mysql`, which must reach the directory: /tmp.
        parent = "/tmp" if os.geteuid() == 0 and os.path.isdir("/tmp") else None  # noqa: S108
        self.root = tempfile.mkdtemp(prefix="lapvo-mariadb-", dir=parent)
        self.data = os.path.join(self.root, "data")
        self.socket = os.path.join(self.root, "mysqld.sock")
        self.port = _free_port()
        self.user: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("mysql")
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self.user = ["--user=mysql"]
        self.process: subprocess.Popen[bytes] | None = None

    def _options(self) -> list[str]:
        return ["--no-defaults", f"--datadir={self.data}", *self.user]

    def start(self) -> str:
        """Initialise and start the server; return the SQLAlchemy URL of its test account."""
        result = subprocess.run(
            [
                self.install_db,
                *self._options(),
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"mariadb-install-db failed ({result.returncode}): "
                f"{result.stdout[-2000:]}{result.stderr[-2000:]}"
            )
        log = open(os.path.join(self.root, "server.log"), "wb")  # noqa: SIM115 - kept by Popen
        self.process = subprocess.Popen(
            [
                self.server,
                *self._options(),
                f"--socket={self.socket}",
                f"--port={self.port}",
                "--bind-address=127.0.0.1",
                f"--pid-file={os.path.join(self.root, 'mariadbd.pid')}",
                "--skip-log-bin",
                "--skip-name-resolve",
                "--innodb-flush-log-at-trx-commit=0",
                "--innodb-buffer-pool-size=64M",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_bin",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self._wait_and_create_account()
        return f"mysql+pymysql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/"

    def _wait_and_create_account(self) -> None:
        import pymysql

        assert self.process is not None
        deadline = time.monotonic() + 60
        while not self._listening():
            if self.process.poll() is not None or time.monotonic() > deadline:
                with open(os.path.join(self.root, "server.log"), encoding="utf-8") as f:
                    tail = f.read()[-2000:]
                raise RuntimeError(f"mariadbd did not start: {tail}")
            time.sleep(0.05)
        conn = pymysql.connect(unix_socket=self.socket, user="root", password="")
        with conn, conn.cursor() as cur:
            cur.execute(f"CREATE USER '{USER}'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}'")
            cur.execute(f"GRANT ALL PRIVILEGES ON *.* TO '{USER}'@'127.0.0.1'")

    def _listening(self) -> bool:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(self.socket)
            except OSError:
                return False
            return True

    def version(self) -> str:
        """The server's version string."""
        import pymysql

        with pymysql.connect(unix_socket=self.socket, user="root") as conn, conn.cursor() as cur:
            cur.execute("SELECT VERSION()")
            row: Any = cur.fetchone()
            return str(row[0])

    def stop(self) -> None:
        """Stop the server and remove its directory."""
        try:
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _server(config: pytest.Config) -> str:
    """The session's server URL (no database): LAPVO_MARIADB_URL, or a server started once."""
    url = os.environ.get("LAPVO_MARIADB_URL")
    if url:
        return url
    if _SERVER_KEY not in config.stash:
        server = _binary("mariadbd", "mysqld")
        install_db = _binary("mariadb-install-db", "mysql_install_db")
        if server is None or install_db is None:
            config.stash[_SERVER_KEY] = LookupError(
                "LAPVO_MARIADB_URL is not set and no mariadbd/mariadb-install-db was found"
            )
        else:
            instance = Server(server, install_db)
            config.add_cleanup(instance.stop)
            try:
                config.stash[_SERVER_KEY] = instance.start()
            except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
                config.stash[_SERVER_KEY] = RuntimeError(
                    f"starting a throwaway server with {server} failed: {exc}"
                )
    found = config.stash[_SERVER_KEY]
    if isinstance(found, BaseException):
        _unavailable(str(found))
    assert isinstance(found, str)
    return found


@pytest.fixture
def mariadb_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """An SQLAlchemy URL of a fresh database, dropped after the test."""
    try:
        import sqlalchemy as sa
    except ImportError:
        _unavailable('SQLAlchemy/PyMySQL are not installed (pip install "lapvo-cchc[sql]")')
        raise  # unreachable: _unavailable skips or fails
    base = sa.make_url(_server(request.config))
    name = f"lapvo_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base.set(database=None), poolclass=sa.pool.NullPool)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name} CHARACTER SET utf8mb4")
    except sa.exc.SQLAlchemyError as exc:
        admin.dispose()
        _unavailable(f"cannot create a database on {base!r}: {exc}")
    yield base.set(database=name).render_as_string(hide_password=False)
    with contextlib.suppress(sa.exc.SQLAlchemyError), admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE {name}")
    admin.dispose()
