"""The respondent's questionnaire by link: thin views over `flow` (pages, state) and
`submission` (rules, storing once)."""
from __future__ import annotations

import logging

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm

from ..edge import check_public_submission
from ..extensions import db
from ..i18n import tr
from ..studies.service import get_study
from . import bp, flow
from .links import find_token, redeem_token
from .public import public_study
from .submission import store_submission

log = logging.getLogger(__name__)

UNAVAILABLE = {
    "unknown": (404, ("Survei tidak ditemukan", "Survey not found"),
                ("Tautan survei ini tidak dikenal. Periksa kembali alamatnya atau tanyakan kepada "
                 "petugas yang membagikannya.",
                 "This survey link is not known. Check the address or ask whoever shared it.")),
    "draft": (404, ("Survei ini belum dibuka", "This survey is not open yet"),
              ("Survei ini sedang disiapkan dan belum menerima jawaban. Silakan coba lagi nanti.",
               "This survey is being prepared and does not take answers yet. Please try later.")),
    "token_required": (403, ("Survei ini memerlukan tautan pribadi", "This survey needs a personal link"),
                       ("Survei ini hanya dapat diisi melalui tautan pribadi yang dibagikan kepada Anda. "
                        "Gunakan tautan atau kode QR yang Anda terima.",
                        "This survey can only be answered through the personal link you were given.")),
    "token_invalid": (404, ("Tautan tidak dikenal", "Unknown link"),
                      ("Tautan pribadi ini tidak dikenal. Periksa kembali alamatnya.",
                       "This personal link is not known. Check the address.")),
    "token_used": (410, ("Tautan ini sudah digunakan", "This link has been used"),
                   ("Jawaban melalui tautan ini sudah kami terima. Setiap tautan hanya dapat dipakai satu kali. "
                    "Terima kasih.",
                    "Answers through this link have already been received. Each link works once. Thank you.")),
    "closed": (410, ("Survei ini sudah ditutup", "This survey is closed"),
               ("Terima kasih atas kesediaan Anda. Survei ini tidak lagi menerima jawaban.",
                "Thank you for your willingness. This survey no longer takes answers.")),
}


# The templates of the questionnaire (and of its preview, and the enumerator's interview) lay out
# a paired statement's two answer rows with this.
bp.add_app_template_global(flow.answer_rows, "answer_rows")
bp.add_app_template_global(flow.paired_errors, "paired_errors")


class StepForm(FlaskForm):
    """CSRF only: the answers are checked by the shared rules in submission.py."""


@bp.route("/s/<slug>/", defaults={"number": 1}, methods=("GET", "POST"))
@bp.route("/s/<slug>/<int:number>", methods=("GET", "POST"))
def questionnaire(slug: str, number: int):
    # The study as seen a few seconds ago at most (survey/collect/public.py): a page needs no database.
    study = public_study(db.session, slug, current_app.config["PUBLIC_STUDY_SECONDS"])
    reason = flow.availability(study)
    if reason:
        return unavailable(reason, study)
    g.lang = study.language
    token_problem = _token_problem(study)
    if token_problem:
        return unavailable(token_problem, study)
    instrument = study.questionnaire
    pages = flow.build_pages(instrument)
    if not 1 <= number <= len(pages):
        abort(404)
    page, state, form = pages[number - 1], flow.load_state(session, study.id), StepForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        return _post(study, instrument, pages, page, state, form)
    if page.number > 1:
        if state is None:
            return redirect(_url(study, 1))
        if state.finished:
            return redirect(url_for(".thanks", slug=study.slug))
        blocker = flow.first_incomplete(instrument, pages, state)
        if blocker is not None and blocker.number < page.number:
            return redirect(_url(study, blocker.number))
    elif state is not None and state.finished:
        state = None  # a new respondent on the same device
    return _render(study, instrument, pages, page, form, state, flow.page_values(page, state), {})


def _post(study, instrument, pages, page, state, form):
    last = page.number == len(pages)
    if state is not None and state.finished:
        if last:  # a replayed final submit: the response is already stored
            return redirect(url_for(".thanks", slug=study.slug), 303)
        state = None
    if state is None:
        if page.kind != flow.INTRO:
            flash(tr("Sesi pengisian sudah berakhir. Silakan mulai lagi dari awal.",
                     "This session has ended. Please start again."), "error")
            return redirect(_url(study, 1), 303)
        state = flow.State.start()
    clean, errors = flow.read_page(instrument, page, request.form)
    flow.remember(state, page, clean)
    flow.save_state(session, study.id, state)
    if request.form.get("nav") == "back":
        return redirect(_url(study, max(page.number - 1, 1)), 303)
    if errors:
        return _render(study, instrument, pages, page, form, state, request.form.to_dict(),
                       errors, status=422)
    if not last:
        return redirect(_url(study, page.number + 1), 303)

    submission, _ = flow.submission(instrument, state, clean if page.kind == flow.OPEN else {})
    if submission is None:
        blocker = flow.first_incomplete(instrument, pages, state) or page
        flash(tr("Masih ada pertanyaan yang belum dijawab.", "Some questions are not answered yet."),
              "error")
        return redirect(_url(study, blocker.number), 303)
    # The study as it is now, in the transaction that stores the response: if it closed a moment
    # ago, nothing is stored. (An open study's instrument cannot change: only drafts are edited.)
    study = get_study(db.session, study.slug)
    reason = flow.availability(study)
    if reason:
        return unavailable(reason, study)
    check_public_submission(study)  # 429 past the study's submissions per address per hour
    stored = store_submission(db.session, study, submission, channel="link",
                              response_uuid=state.uuid, started_at=state.started_at)
    token = session.get(_token_key(study))
    if stored.created and token and not redeem_token(db.session, study, token, stored.response_id):
        db.session.rollback()  # the token was used meanwhile (another device): store nothing
        return unavailable("token_used", study)
    db.session.commit()
    session.pop(_token_key(study), None)
    if stored.conflict:
        log.warning("response %s resent with different content; the first one is kept", state.uuid)
    flow.finish(session, study.id, state)
    return redirect(url_for(".thanks", slug=study.slug), 303)


@bp.get("/s/<slug>/selesai")
def thanks(slug: str):
    study = get_study(db.session, slug)
    if study is None:
        return unavailable("unknown", None)
    g.lang = study.language
    return render_template("collect/thanks.html", study=study)


def _token_key(study) -> str:
    return f"t{study.id}"


def _token_problem(study) -> str | None:
    """A single-use link (?t=...) is remembered for the session; tokens-only studies need one.

    A token that is unknown or used is forgotten at once, so one bad shared link does not
    break the study's plain link for this browser afterwards."""
    given = request.args.get("t")
    if given:
        session[_token_key(study)] = given
    token = session.get(_token_key(study))
    if token is None:
        return "token_required" if study.access == "tokens" else None
    row = find_token(db.session, study, token)
    if row is None or row.response_id is not None:
        session.pop(_token_key(study), None)
        return "token_invalid" if row is None else "token_used"
    return None


def unavailable(reason: str, study):
    status, title, text = UNAVAILABLE[reason]
    if study is not None:
        g.lang = study.language
    return render_template("errors/error.html", status=status, title=title, text=text), status


def _url(study, number: int) -> str:
    return url_for(".questionnaire", slug=study.slug, number=number)


def _render(study, instrument, pages, page, form, state, values, errors, status=200):
    draft = f"survey:{study.slug}:{state.uuid}" if state is not None and not state.finished else None
    return render_template("collect/page.html", study=study, instrument=instrument, page=page,
                           total=len(pages), last=page.number == len(pages), form=form,
                           values=values, errors=errors, draft=draft,
                           text_limit=flow.SESSION_TEXT_LIMIT), status
