"""gunicorn settings for `make run` and the benchmarks: one gevent worker serving thousands of phones.

- gevent-websocket's worker (access_log.Worker: it logs requests through gunicorn's access log,
  without personal data): each WebSocket is one greenlet reading frames (simple-websocket, the
  alternative, adds a reader greenlet per socket and its handshake parser), and room messages are
  written straight to its socket (townhall/realtime/fanout.py).
- worker_connections: gevent's pool caps open connections per worker (gunicorn's default is 1,000).
- A restart (SIGTERM) ends the worker once requests in progress are done, without closing thousands
  of sockets one by one or waiting out gunicorn's graceful timeout: phones reconnect to the new
  process with their backoff (townhall/realtime/lifecycle.py).
- Garbage collection: start-up objects are frozen out of collections. A collection of the middle
  generation looks at every object that survived the young collections since the last one: with
  thresholds (50,000, 20) that was up to a million objects, measured at 200 ms of a stalled loop
  every few seconds under 1,000 votes/s. Young collections every 20,000 objects and a middle one
  every 4 keep each pause near 20 ms. A full collection looks at every object of every connected
  phone: about a second at 10,000 phones. Nothing a phone leaves behind when it goes needs one
  (its connection is freed as soon as it closes: tests/test_socket_garbage.py), so one is
  considered only every 1,000 middle collections, and runs once the old generation has grown by
  a quarter since the last (Python's rule).
"""
import gc
import os
import resource
import signal

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
# gevent-websocket's worker, its requests logged through gunicorn's access log (access_log.py).
worker_class = "access_log.Worker"
# The access log, off unless ACCESS_LOG names a file or "-" (stdout): never a client address, user
# agent, header, cookie, query string or token (access_log.Logger), whatever the format says.
logger_class = "access_log.Logger"
accesslog = os.environ.get("ACCESS_LOG") or None
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
workers = 1
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "20000"))
backlog = 4096
graceful_timeout = 10
timeout = 60
control_socket_disable = True


def post_fork(server, worker):
    """Each phone is a file descriptor: raise the soft limit to the hard one (often 1,024 vs 1M+)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    if wanted < worker_connections + 100:
        server.log.warning("only %s file descriptors: at most that many phones can connect", wanted)


def post_worker_init(worker):
    from townhall.realtime import lifecycle

    gc.freeze()
    gc.set_threshold(20_000, 4, 1_000)
    if os.environ.get("LOOP_MONITOR_FILE"):
        from townhall import loop_monitor

        loop_monitor.start(os.environ["LOOP_MONITOR_FILE"])
    stop = worker.handle_exit

    def handle_exit(sig, frame):
        stop(sig, frame)
        lifecycle.stop_soon(worker.wsgi)

    signal.signal(signal.SIGTERM, handle_exit)  # gunicorn registered its handler before this hook


def worker_exit(server, worker):
    from townhall.realtime import lifecycle

    lifecycle.at_exit(worker.wsgi)
