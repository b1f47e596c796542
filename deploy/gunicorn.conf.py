"""gunicorn settings read from the environment (`gunicorn -c deploy/gunicorn.conf.py wsgi:app`).

WEB_CONCURRENCY sets the worker count, and the app reads the same variable: with more than one
worker it refuses to start on in-memory rate limits (each worker would count on its own).
A `-w` on the command line is written back to WEB_CONCURRENCY before the workers load the app.
"""
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # > the database statement timeout (15 s)
graceful_timeout = 20
accesslog = None  # the app writes one JSON line per request (with its request id)
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    os.environ["WEB_CONCURRENCY"] = str(server.cfg.workers)
