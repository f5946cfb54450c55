"""The scaled-out layout on one machine, on loopback: PostgreSQL, Redis, two app processes (gunicorn,
one gevent worker each) and nginx in front (deploy/nginx/townhall.conf). `make scaleout` runs it until
Ctrl-C; tests/test_scaleout.py and the two-process scale benchmark use the same Layout.

    python -m scripts.scaleout [folder]   # default instance/scaleout; NGINX_PORT (8080), PROCESSES (2)

Everything it starts lives in the folder (the database cluster too, kept across runs) and stops with it.
"""
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from benchmarks.server import Server, free_port, wait_until_up
from scripts import local_servers

ROOT = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "townhall.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not found:
        raise RuntimeError("nginx is not installed (Debian: apt-get install nginx)")
    return found


def nginx_config(prefix: Path, listen: int, app_ports: list[int]) -> str:
    """deploy/nginx/townhall.conf with this layout's folder, port and app processes filled in."""
    servers = "\n        ".join(f"server 127.0.0.1:{port};" for port in app_ports)
    return (NGINX_TEMPLATE.read_text().replace("{{PREFIX}}", str(prefix))
            .replace("{{LISTEN}}", f"127.0.0.1:{listen}").replace("{{SERVERS}}", servers))


class Layout:
    """PostgreSQL + Redis + `processes` app processes + nginx, started in order by start()."""

    def __init__(self, folder: Path, *, processes: int = 2, nginx_port: int | None = None, env: dict | None = None):
        self.folder = Path(folder).resolve()
        self.nginx_port = nginx_port or free_port()
        self.base = f"http://127.0.0.1:{self.nginx_port}"
        self.count = processes
        self.extra_env = env or {}
        self.postgres: local_servers.Postgres | None = None
        self.redis: local_servers.Redis | None = None
        self.apps: list[Server] = []
        self.nginx: subprocess.Popen | None = None

    @property
    def env(self) -> dict:
        """What every app process shares (and what a script reaching the same database needs)."""
        assert self.postgres and self.redis
        secret = self.folder / "secret_key"
        if not secret.exists():
            secret.write_text(secrets.token_urlsafe(48))
        return {"DATABASE_URL": self.postgres.url, "REDIS_URL": self.redis.url, "PUBLIC_URL": self.base,
                "PROXY_HOPS": "1", "SECRET_KEY": secret.read_text().strip(), **self.extra_env}

    def start(self) -> "Layout":
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self.postgres = local_servers.start_postgres(self.folder / "pg", log=self.folder / "postgres.log")
            self.redis = local_servers.start_redis(self.folder / "redis")
            for i in range(self.count):  # the first runs the migrations (Server.start), the others find them done
                app = Server(env={**self.env, "TOWNHALL_PROCESS": f"app{i + 1}"})
                app.start()
                self.apps.append(app)
            self._start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_nginx(self) -> None:
        prefix = self.folder / "nginx"
        (prefix / "tmp").mkdir(parents=True, exist_ok=True)
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_config(prefix, self.nginx_port, [app.port for app in self.apps]))
        with open(prefix / "nginx.log", "ab") as log:
            self.nginx = subprocess.Popen([nginx_binary(), "-p", str(prefix), "-c", str(conf),
                                           "-e", str(prefix / "error.log")], stdout=log, stderr=subprocess.STDOUT)
        wait_until_up(self.base + "/healthz")

    def stop(self) -> None:
        if self.nginx and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: open connections finish
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait()
        for app in self.apps:
            app.close()
        self.apps = []
        for server in (self.redis, self.postgres):
            if server:
                server.stop()

    def __enter__(self) -> "Layout":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "instance" / "scaleout")
    layout = Layout(folder, processes=int(os.environ.get("PROCESSES", "2")),
                    nginx_port=int(os.environ.get("NGINX_PORT", "8080")))
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    print(f"Starting PostgreSQL, Redis, {layout.count} app processes and nginx in {folder} ...", flush=True)
    with layout:
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "setup-link"], cwd=ROOT,
                       env={**os.environ, **layout.apps[0].env}, check=True)
        ports = ", ".join(str(app.port) for app in layout.apps)
        print(f"Townhall is served at {layout.base} (nginx), by app processes on ports {ports}.\n"
              f"PostgreSQL and Redis: {layout.env['DATABASE_URL']}  {layout.env['REDIS_URL']}\n"
              "Ctrl-C stops everything.", flush=True)
        stop.wait()
        print("Stopping ...", flush=True)


if __name__ == "__main__":
    main()
