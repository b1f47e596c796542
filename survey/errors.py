"""Friendly error pages (Indonesian first); JSON for API clients."""
from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register(app: Flask) -> None:
    def page(status: int, title: tuple[str, str], text: tuple[str, str]):
        def handler(error):
            if _wants_json():
                return {"error": title[1], "message": getattr(error, "description", text[1])}, status
            return render_template("errors/error.html", status=status, title=title, text=text), status
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
