"""gunicorn settings for Leergang: ``gunicorn -c gunicorn.conf.py 'leergang:create_app()'``.

Command-line options and GUNICORN_CMD_ARGS still override these.
"""

import os

# Card and invitation tokens never reach the logs (leergang/ops/gunicorn_logging.py).
logger_class = "leergang.ops.gunicorn_logging.RedactingLogger"
accesslog = os.environ.get("LEERGANG_ACCESS_LOG", "-")
errorlog = os.environ.get("LEERGANG_ERROR_LOG", "-")
bind = os.environ.get("LEERGANG_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Behind a reverse proxy that terminates https on the same machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
