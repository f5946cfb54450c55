"""gunicorn settings for `make run` (and the benchmarks): one gevent worker, WebSocket included."""
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
worker_class = "gevent"
workers = 1
control_socket_disable = True
