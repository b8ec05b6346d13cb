"""Flask extensions, created once here and bound to the app in create_app()."""

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from htmx_flask import Htmx

from leergang.csrf import MaskedCSRFProtect

babel = Babel()
# Pages and fragments leave gzip- or Brotli-compressed (static files are compressed ahead).
compress = Compress()
# CSRF tokens masked anew in every response: pages are compressed (see leergang.csrf).
csrf = MaskedCSRFProtect()
htmx = Htmx()
login_manager = LoginManager()
# Pupil limits are keyed per class and pupil, not per IP: a whole school shares one address.
# The IP is only the default for routes that name no key of their own.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
