"""Bilingual UI text: Indonesian first, English available.

Templates write both texts inline, `{{ tr("Kirim", "Submit") }}`, so a page's wording stays
in one place. The language is the study's for respondents, else the visitor's choice
(`?lang=en`, kept in a cookie), else Indonesian.
"""
from __future__ import annotations

from flask import Flask, g, has_request_context, request

LANGUAGES = ("id", "en")
# The product's name, shown in every page's header and title: the one place to change it.
PRODUCT_NAME = "Survei Persepsi"


def tr(indonesian: str, english: str) -> str:
    lang = getattr(g, "lang", None) if has_request_context() else None
    return english if lang == "en" else indonesian


def init_i18n(app: Flask) -> None:
    @app.before_request
    def _choose_language():
        wanted = request.args.get("lang")
        g.lang = wanted if wanted in LANGUAGES else (
            request.cookies.get("lang") if request.cookies.get("lang") in LANGUAGES else "id")

    @app.after_request
    def _remember_language(response):
        wanted = request.args.get("lang")
        if wanted in LANGUAGES:
            response.set_cookie("lang", wanted, max_age=365 * 24 * 3600, samesite="Lax")
        return response

    app.jinja_env.globals["tr"] = tr
    app.jinja_env.globals["product_name"] = PRODUCT_NAME
