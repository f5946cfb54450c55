"""Real PostgreSQL and Redis servers on loopback, each in a folder of its own: for the tests, the
benchmarks and `make scaleout`. Nothing here is a mock; nothing is started as a system service.

    pg = start_postgres(folder)       # pg.url: postgresql+psycopg://townhall@127.0.0.1:PORT/townhall
    with redis_server(folder) as r:   # r.url: redis://127.0.0.1:PORT
        ...

Run as root (CI, this machine), initdb and postgres refuse to start: they run as the `postgres` user
that Debian's package creates, and the folder is handed to it.
"""
import glob
import os
import pwd
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PG_USER = "townhall"
PG_DATABASE = "townhall"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin(name: str) -> str:
    """A PostgreSQL server program (initdb, pg_ctl, postgres): on PATH, or in Debian's versioned folder."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = candidates[0] if candidates else shutil.which(name)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (Debian: apt-get install postgresql)")
    return found


def _reachable_by_others(folder: Path) -> bool:
    """Every existing folder above `folder` lets other users through (o+x)."""
    return all(parent.stat().st_mode & stat.S_IXOTH for parent in folder.parents if parent.exists())


def _as_server_user(folder: Path) -> tuple[list[str], dict]:
    """(command prefix, environment) running a command as a user PostgreSQL accepts."""
    if os.geteuid() != 0:
        return [], {}
    user = pwd.getpwnam("postgres")
    for path in (folder, *folder.rglob("*")):
        os.chown(path, user.pw_uid, user.pw_gid)
    return ["runuser", "-u", "postgres", "--"], {"HOME": user.pw_dir}


@dataclass
class Postgres:
    folder: Path
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return self.database_url(PG_DATABASE)

    def database_url(self, name: str) -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: PostgreSQL's "smart" shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_postgres(folder: Path, port: int | None = None, *, log: Path | None = None) -> Postgres:
    """A new cluster in folder/data (made once, kept across starts), listening on 127.0.0.1 only,
    trusting local connections (a throwaway server for tests and a local layout, never production),
    with the role and database `townhall`. Waits until it accepts connections."""
    folder = Path(folder).resolve()
    if os.geteuid() == 0 and not _reachable_by_others(folder):
        # The postgres user cannot reach a folder under a private one (pytest's, root's home): the
        # cluster goes to a folder of its own under the temporary directory instead (new each start).
        folder = Path(tempfile.mkdtemp(prefix="townhall-pg-"))
    data = folder / "data"
    folder.mkdir(parents=True, exist_ok=True)
    prefix, env = _as_server_user(folder)
    env = {**os.environ, **env}
    if not (data / "PG_VERSION").exists():
        subprocess.run([*prefix, postgres_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                       check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    port = port or free_port()
    # Throwaway: no fsync, so a test run is not slowed by the disk; enough connections for two app
    # processes, their pools and the tests' own.
    command = [*prefix, postgres_bin("postgres"), "-D", str(data), "-p", str(port), "-h", "127.0.0.1",
               "-k", str(folder), "-c", "fsync=off", "-c", "synchronous_commit=off",
               "-c", "full_page_writes=off", "-c", "max_connections=300"]
    if log:
        with open(log, "ab") as output:  # the server keeps its own copy of the file
            process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=folder)
    else:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                   cwd=folder)
    server = Postgres(folder=folder, port=port, process=process)
    try:
        _wait_for_postgres(server)
        _create_role_and_database(server)
    except BaseException:
        server.stop()
        raise
    return server


def _connect(server: Postgres, user: str = "postgres", dbname: str = "postgres"):
    import psycopg

    return psycopg.connect(host="127.0.0.1", port=server.port, user=user, dbname=dbname, autocommit=True,
                           connect_timeout=2)


def _wait_for_postgres(server: Postgres, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            _connect(server).close()
            return
        except Exception:
            if server.process.poll() is not None:
                raise RuntimeError(f"postgres exited with code {server.process.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"postgres did not accept connections within {seconds:.0f} s") from None
            time.sleep(0.1)


def _create_role_and_database(server: Postgres) -> None:
    with _connect(server) as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (PG_USER,)).fetchone():
            conn.execute(f"CREATE ROLE {PG_USER} LOGIN CREATEDB")
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)).fetchone():
            conn.execute(f"CREATE DATABASE {PG_DATABASE} OWNER {PG_USER}")


@dataclass
class Redis:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_redis(folder: Path, port: int | None = None) -> Redis:
    """redis-server on 127.0.0.1, nothing saved to disk. Waits until it answers PING."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (Debian: apt-get install redis-server)")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Redis(port=port, process=process)
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    return server
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError("redis-server did not start")
        time.sleep(0.05)


@contextmanager
def redis_server(folder: Path, port: int | None = None):
    server = start_redis(folder, port)
    try:
        yield server
    finally:
        server.stop()


def create_database(server: Postgres, name: str, template: str | None = None) -> str:
    """A new database `name` (replacing one of that name), empty or copied from `template` (a fast copy
    of its tables, for one test each); its URL."""
    copy = f' TEMPLATE "{template}"' if template else ""
    with _connect(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"{copy} OWNER {PG_USER}')
    return server.database_url(name)


def drop_database(server: Postgres, name: str) -> None:
    with _connect(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
