"""Flask extensions, created unbound and bound in create_app()."""
import hashlib

from flask import request
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from .models.base import Base


def client_address() -> str:
    """The client's address as the trusted proxies reported it (ProxyFix), never a raw header."""
    return request.remote_addr or "unknown"


def _session_identifier() -> str:
    # Flask-Login's own identifier reads X-Forwarded-For straight from the client, so anyone
    # could forge the binding. The address ProxyFix settled on is the only input here.
    return hashlib.sha512(client_address().encode()).hexdigest()


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
limiter = Limiter(key_func=client_address, default_limits=[])
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = "strong"
login_manager._session_identifier_generator = _session_identifier
login_manager.login_message = "Silakan masuk untuk membuka halaman ini."
