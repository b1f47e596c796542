"""Friendly error pages (Indonesian first); JSON for API clients.

An exception may carry its own `text = (indonesian, english)` (hostile input, rate limits), shown
instead of the generic sentence of its status. A database that is down or too slow is a 503 with
Retry-After, never a 500: the client (and the enumerator app) should try again later.
"""
import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

RETRY_AFTER_SECONDS = 30
log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register(app: Flask) -> None:
    def page(status: int, title: tuple[str, str], text: tuple[str, str]):
        def handler(error):
            own = getattr(error, "text", None)
            if _wants_json():
                message = own[0] if own else getattr(error, "description", text[1])
                return {"status": "refused", "error": title[1], "message": message}, status
            return render_template("errors/error.html", status=status, title=title, text=own or text), status
        return handler

    app.register_error_handler(400, page(400, ("Permintaan tidak valid", "Bad request"),
                                         ("Data yang dikirim tidak dapat diproses.", "The request could not be processed.")))
    app.register_error_handler(403, page(403, ("Akses ditolak", "Forbidden"),
                                         ("Anda tidak memiliki akses ke halaman ini.", "You do not have access to this page.")))
    app.register_error_handler(404, page(404, ("Halaman tidak ditemukan", "Page not found"),
                                         ("Alamat yang Anda buka tidak ada. Periksa kembali tautannya.", "This address does not exist. Check the link.")))
    app.register_error_handler(413, page(413, ("Berkas terlalu besar", "File too large"),
                                         ("Ukuran berkas melebihi batas yang diizinkan.", "The file exceeds the size limit.")))
    app.register_error_handler(429, page(429, ("Terlalu banyak percobaan", "Too many attempts"),
                                         ("Tunggu sebentar lalu coba lagi.", "Wait a moment and try again.")))
    app.register_error_handler(500, page(500, ("Terjadi kesalahan", "Something went wrong"),
                                         ("Maaf, terjadi kesalahan di server. Jawaban yang belum terkirim tidak tersimpan; silakan coba lagi.", "Sorry, the server failed. Unsent answers were not stored; please try again.")))

    def database_unavailable(error):
        from flask import g

        from .extensions import db, login_manager
        g._login_user = login_manager.anonymous_user()  # the page must not ask the database who is logged in
        log.error("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001  (the connection is already gone)
            pass
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        message = ("Basis data sedang tidak dapat dihubungi. Tidak ada yang disimpan; "
                   "coba lagi beberapa saat lagi.")
        if _wants_json():
            return {"status": "unavailable", "error": "Service unavailable", "message": message}, 503, headers
        return render_template(
            "errors/error.html", status=503,
            title=("Layanan sedang tidak tersedia", "Service unavailable"),
            text=(message + " Jawaban yang sudah Anda isi di halaman ini belum terkirim.",
                  "The database cannot be reached. Nothing was stored; please try again in a moment.")), 503, headers

    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(PoolTimeout, database_unavailable)

    from .instruments.paths import PathError

    @app.errorhandler(PathError)
    def bad_field_name(error):
        message = f"Nama kolom formulir tidak valid: {error}"
        if _wants_json():
            return {"status": "refused", "error": "Bad request", "message": message}, 400
        return render_template("errors/error.html", status=400,
                               title=("Permintaan tidak valid", "Bad request"),
                               text=(message, f"Invalid form field name: {error}")), 400

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if _wants_json():
            return {"error": "CSRF", "message": error.description}, 400
        return render_template(
            "errors/error.html", status=400,
            title=("Sesi formulir kedaluwarsa", "Form session expired"),
            text=("Formulir ini tidak dapat diverifikasi (sesi habis atau dikirim dari luar situs). "
                  "Muat ulang halaman lalu kirim kembali.",
                  "This form could not be verified (expired session or sent from another site). "
                  "Reload the page and send it again.")), 400
