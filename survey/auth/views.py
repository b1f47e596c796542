"""Login, logout and user management (admin)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from ..extensions import db, limiter
from ..i18n import tr
from ..models import User
from . import bp
from .access import role_required, safe_next
from .forms import LoginForm, LogoutForm, NewUserForm
from .sessions import end_all_sessions, start_session
from .users import AccountError, authenticate, create_user

HOME_BY_ROLE = {"admin": "auth.users", "researcher": "studies.index", "enumerator": "enumerator.home"}


def _login_key() -> str:
    return f"{request.remote_addr}|{(request.form.get('email') or '').strip().lower()}"


@bp.route("/login", methods=("GET", "POST"))
@limiter.limit("10 per minute", key_func=_login_key, methods=["POST"])
@limiter.limit("30 per minute", methods=["POST"])  # per address, whatever the email
def login():
    form = LoginForm()
    next_url = safe_next(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for(HOME_BY_ROLE[current_user.role]))
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user)
            start_session(user)
            return redirect(next_url or url_for(HOME_BY_ROLE[user.role]))
        flash(tr("Email atau kata sandi salah.", "Wrong email or password."), "error")
    return render_template("auth/login.html", form=form, next_url=next_url), 200 if request.method == "GET" else 401


@bp.post("/logout")
def logout():
    if not LogoutForm().validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        end_all_sessions(current_user)  # a copied cookie must not outlive the logout
        db.session.commit()
    logout_user()
    flash(tr("Anda sudah keluar.", "You are logged out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/admin/users", methods=("GET", "POST"))
@role_required("admin")
def users():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = create_user(db.session, form.email.data, form.password.data, form.role.data, form.name.data or "")
        except AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            db.session.commit()
            flash(tr(f"Akun {user.email} dibuat.", f"Account {user.email} created."), "success")
            return redirect(url_for("auth.users"))
    accounts = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("auth/users.html", form=form, accounts=accounts, toggle=LogoutForm())


@bp.post("/admin/users/<int:user_id>/active")
@role_required("admin")
def toggle_active(user_id: int):
    if not LogoutForm().validate_on_submit():
        abort(400)
    user = db.session.get(User, user_id) or abort(404)
    if user.id == current_user.id:
        flash(tr("Anda tidak dapat menonaktifkan akun sendiri.", "You cannot deactivate yourself."), "error")
    else:
        user.active = not user.active
        end_all_sessions(user)
        db.session.commit()
    return redirect(url_for("auth.users"))


@bp.post("/admin/users/<int:user_id>/sessions")
@role_required("admin")
def end_sessions(user_id: int):
    """Log an account out on every device (a lost phone, a shared computer)."""
    if not LogoutForm().validate_on_submit():
        abort(400)
    user = db.session.get(User, user_id) or abort(404)
    end_all_sessions(user)
    db.session.commit()
    if user.id == current_user.id:
        logout_user()
        return redirect(url_for("auth.login"))
    flash(tr(f"{user.email} dikeluarkan dari semua perangkat.", f"{user.email} is logged out everywhere."), "success")
    return redirect(url_for("auth.users"))
