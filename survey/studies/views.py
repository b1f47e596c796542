"""The researcher's studies: list, a study's home (links, QR codes, tokens, team)."""
from __future__ import annotations

from flask import Response as HttpResponse
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from ..auth.access import researcher_study_or_404, role_required
from ..auth.forms import AssignForm
from ..auth.users import find_user
from ..collect.links import MAX_TOKENS_PER_REQUEST, generate_tokens, links_csv, qr_code
from ..collect.public import forget as forget_public_study
from ..extensions import db
from ..i18n import tr
from ..instruments import InstrumentError, build_instrument, library_names, load_instrument, load_template
from ..instruments.parser import MAX_FILE_BYTES as MAX_INSTRUMENT_BYTES
from ..instruments.parser import Problem
from ..instruments.xlsform import read_xlsform
from ..models import RespondentToken, Study
from ..models.base import utcnow
from . import bp, editor
from .monitoring import monitoring
from .service import (InstrumentFrozen, create_study, has_responses, instrument_of,
                      replace_instrument, response_counts)


class TokensForm(FlaskForm):
    count = IntegerField(validators=[NumberRange(min=1, max=MAX_TOKENS_PER_REQUEST)], default=50)


class CollectionForm(FlaskForm):
    status = SelectField(choices=["draft", "open", "closed"])  # a draft opens with the publish button
    access = SelectField(choices=["public", "tokens"])
    listed = BooleanField()  # on the public home page while open; off unless ticked
    # public-link submissions per address per hour; empty = the app default (a village office
    # behind one shared address may need more)
    submissions_per_hour = IntegerField(validators=[Optional(), NumberRange(min=1, max=100_000)])


class PopulationForm(FlaskForm):
    population = IntegerField(validators=[NumberRange(min=1, max=1_000_000_000)])


class CsrfForm(FlaskForm):
    """CSRF only."""


@bp.get("/")
@role_required("researcher", "admin")
def index():
    query = select(Study).order_by(Study.created_at.desc())
    if current_user.role != "admin":
        query = query.where(Study.owner_id == current_user.id)
    studies = db.session.scalars(query).all()
    return render_template("studies/index.html", studies=studies, counts=response_counts(db.session))


@bp.get("/<slug>/")
@role_required("researcher", "admin")
def show(slug: str):
    study = researcher_study_or_404(slug)
    n, last = response_counts(db.session).get(study.id, (0, None))
    tokens = db.session.scalars(select(RespondentToken).where(RespondentToken.study_id == study.id)
                                .order_by(RespondentToken.id)).all()
    return render_template("studies/show.html", study=study, n=n, last=last, tokens=tokens,
                           monitor=monitoring(db.session, study), population_form=PopulationForm(),
                           public_link=url_for("collect.questionnaire", slug=study.slug, _external=True),
                           tokens_form=TokensForm(), collection_form=CollectionForm(
                               status=study.status, access=study.access,
                               listed=study.listed, submissions_per_hour=study.submissions_per_hour),
                           default_per_hour=current_app.config["PUBLIC_SUBMISSIONS_PER_HOUR"],
                           assign_form=AssignForm(), csrf_form=CsrfForm())


@bp.post("/<slug>/collection")
@role_required("researcher", "admin")
def collection(slug: str):
    study = researcher_study_or_404(slug)
    form = CollectionForm()
    if not form.validate_on_submit() or (form.status.data == "draft") != (study.status == "draft"):
        abort(400)  # draft -> open is the publish button; nothing goes back to draft
    if form.status.data != study.status:
        study.status = form.status.data
        if study.status == "closed":
            study.closed_at = utcnow()
        elif study.published_at is None:
            study.published_at = utcnow()
    study.access = form.access.data
    study.listed = bool(form.listed.data)
    study.submissions_per_hour = form.submissions_per_hour.data
    db.session.commit()
    forget_public_study(study.slug)  # respondents of this process see the change at once
    flash(tr("Pengaturan pengumpulan data disimpan.", "Collection settings saved."), "success")
    return redirect(url_for(".show", slug=slug))


@bp.post("/<slug>/tokens")
@role_required("researcher", "admin")
def new_tokens(slug: str):
    study = researcher_study_or_404(slug)
    form = TokensForm()
    if not form.validate_on_submit():
        flash(tr(f"Jumlah token 1–{MAX_TOKENS_PER_REQUEST}.", f"Between 1 and {MAX_TOKENS_PER_REQUEST} tokens."), "error")
        return redirect(url_for(".show", slug=slug))
    generate_tokens(db.session, study, form.count.data)
    db.session.commit()
    flash(tr(f"{form.count.data} tautan sekali pakai dibuat.", f"{form.count.data} single-use links created."), "success")
    return redirect(url_for(".show", slug=slug))


@bp.get("/<slug>/tokens.csv")
@role_required("researcher", "admin")
def tokens_csv(slug: str):
    study = researcher_study_or_404(slug)
    rows = [(t.token, url_for("collect.questionnaire", slug=study.slug, t=t.token, _external=True),
             t.response_id is not None)
            for t in db.session.scalars(select(RespondentToken).where(RespondentToken.study_id == study.id)
                                        .order_by(RespondentToken.id))]
    return HttpResponse(links_csv(rows), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{study.slug}-tautan.csv"'})


@bp.get("/<slug>/qr.<kind>")
@role_required("researcher", "admin")
def qr(slug: str, kind: str):
    """QR code of the open link, or of one token's link with ?t=TOKEN."""
    study = researcher_study_or_404(slug)
    if kind not in ("svg", "png"):
        abort(404)
    token = request.args.get("t")
    if token and not db.session.scalar(select(RespondentToken.id).where(
            RespondentToken.study_id == study.id, RespondentToken.token == token)):
        abort(404)
    url = url_for("collect.questionnaire", slug=study.slug, _external=True, **({"t": token} if token else {}))
    return HttpResponse(qr_code(url, kind), mimetype="image/svg+xml" if kind == "svg" else "image/png",
                        headers={"Content-Disposition": f'inline; filename="{study.slug}-qr.{kind}"'})


@bp.post("/<slug>/team")
@role_required("researcher", "admin")
def assign(slug: str):
    study = researcher_study_or_404(slug)
    form = AssignForm()
    if not form.validate_on_submit():
        abort(400)
    user = find_user(db.session, form.email.data)
    if user is None or user.role != "enumerator":
        flash(tr("Tidak ada enumerator dengan email itu.", "No enumerator has that email."), "error")
    elif user not in study.enumerators:
        study.enumerators.append(user)
        db.session.commit()
        flash(tr(f"{user.email} ditugaskan.", f"{user.email} assigned."), "success")
    return redirect(url_for(".show", slug=slug))


@bp.post("/<slug>/team/<int:user_id>/remove")
@role_required("researcher", "admin")
def unassign(slug: str, user_id: int):
    study = researcher_study_or_404(slug)
    if not CsrfForm().validate_on_submit():
        abort(400)
    study.enumerators = [u for u in study.enumerators if u.id != user_id]
    db.session.commit()
    return redirect(url_for(".show", slug=slug))


class NewStudyForm(FlaskForm):
    template = SelectField(choices=[])
    institution = StringField(validators=[Length(max=300)])


@bp.route("/new", methods=("GET", "POST"))
@role_required("researcher", "admin")
def new():
    """A new draft study from a library instrument or an uploaded instrument file (YAML)."""
    form = NewStudyForm()
    form.template.choices = library_names()
    problems: list[str] = []
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        upload = request.files.get("instrument")
        skipped: list[str] = []
        try:
            if upload and upload.filename and upload.filename.lower().endswith(".xlsx"):
                instrument, skipped = read_xlsform(upload.read())
            elif upload and upload.filename:
                instrument = load_instrument(upload.read(MAX_INSTRUMENT_BYTES + 1))
            elif not (form.institution.data or "").strip():
                # A template's own institution is a placeholder: never let it reach a report unseen.
                raise InstrumentError([Problem("institution", "missing: name the office studied",
                                               "belum diisi: tuliskan nama kantor yang diteliti")])
            else:
                instrument = load_template(form.template.data, institution=form.institution.data.strip())
        except InstrumentError as exc:
            problems = exc.texts(g.lang)  # every problem, each with its location; nothing created
        else:
            study = create_study(db.session, instrument, status="draft")
            study.owner_id = current_user.id
            db.session.commit()
            flash(tr("Studi dibuat sebagai draf. Periksa instrumen lalu buka pengumpulan data.",
                     "Study created as a draft. Check the instrument, then open collection."), "success")
            for line in skipped:
                flash(tr(f"Perubahan dari XLSForm: {line}", f"Changed from the XLSForm: {line}"), "warning")
            return redirect(url_for(".show", slug=study.slug))
    return render_template("studies/new.html", form=form, problems=problems,
                           templates=[(name, load_template(name)) for name in library_names()]), 422 if problems else 200


@bp.post("/<slug>/publish")
@role_required("researcher", "admin")
def publish(slug: str):
    """Open a draft for responses; from now on the instrument is frozen once answers exist."""
    study = researcher_study_or_404(slug)
    if not CsrfForm().validate_on_submit():
        abort(400)
    if study.status == "draft":
        study.status, study.published_at = "open", utcnow()
        db.session.commit()
        forget_public_study(study.slug)
        flash(tr("Survei dibuka: tautan sudah dapat dibagikan.", "The survey is open: share the link."), "success")
    return redirect(url_for(".show", slug=slug))


@bp.post("/<slug>/population")
@role_required("researcher", "admin")
def population(slug: str):
    study = researcher_study_or_404(slug)
    form = PopulationForm()
    if form.validate_on_submit():
        study.population = form.population.data
        db.session.commit()
    else:
        flash(tr("Isikan jumlah populasi berupa angka bulat positif.", "Enter the population as a positive whole number."), "error")
    return redirect(url_for(".show", slug=slug))


EDITED_KEYS = ("title", "institution", "variable", "language", "introduction", "consent", "scale", "method",
               "dimensions", "demographics", "open_questions")


@bp.route("/<slug>/instrument", methods=("GET", "POST"))
@role_required("researcher", "admin")
def instrument(slug: str):
    """Edit the instrument in the browser while no response exists (then it is frozen)."""
    study = researcher_study_or_404(slug)
    frozen = has_responses(db.session, study)
    form = CsrfForm()
    document, problems, unsaved, focus = study.instrument, [], False, None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if frozen:
            abort(409)
        fields = {key: value for key, value in request.form.items(multi=False)
                  if key not in ("csrf_token", "action")}
        kept = {key: value for key, value in study.instrument.items() if key not in EDITED_KEYS}
        document = {**kept, **editor.document_from_fields(fields)}
        action = request.form.get("action", "save")
        if action != "save":
            focus, unsaved = editor.apply_and_locate(document, action), True
        else:
            try:
                replace_instrument(db.session, study, build_instrument(document))
            except InstrumentError as exc:
                problems = exc.problems
            except InstrumentFrozen:
                abort(409)
            else:
                db.session.commit()
                forget_public_study(study.slug)
                flash(tr("Instrumen disimpan.", "Instrument saved."), "success")
                return redirect(url_for(".instrument", slug=slug))
    # A browser posts every field; a partial post (or a document with a part removed) still renders,
    # with the missing parts empty and the parser's problems listed, never a 500.
    shown = {**document, "scale": document.get("scale") if isinstance(document.get("scale"), dict) else {},
             "dimensions": [d for d in document.get("dimensions") or [] if isinstance(d, dict)]}
    return render_template("studies/instrument.html", study=study, doc=shown, frozen=frozen, form=form,
                           problems=problems, errors=editor.errors_by_path(problems, g.lang), unsaved=unsaved,
                           focus=focus)


@bp.route("/<slug>/preview/", defaults={"number": 1}, methods=("GET", "POST"))
@bp.route("/<slug>/preview/<int:number>", methods=("GET", "POST"))
@role_required("researcher", "admin")
def preview(slug: str, number: int):
    """The questionnaire exactly as a respondent sees it, page by page; nothing is stored."""
    from flask import g

    from ..collect import flow
    from ..collect.views import StepForm
    study = researcher_study_or_404(slug)
    instrument = instrument_of(study)
    pages = flow.build_pages(instrument)
    if not 1 <= number <= len(pages):
        abort(404)
    form = StepForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        step = -1 if request.form.get("nav") == "back" else 1
        return redirect(url_for(".preview", slug=slug, number=min(max(number + step, 1), len(pages))), 303)
    g.lang = study.language
    return render_template("collect/page.html", study=study, instrument=instrument, page=pages[number - 1],
                           total=len(pages), last=number == len(pages), form=form, values={}, errors={},
                           draft=None, text_limit=flow.SESSION_TEXT_LIMIT, preview=True)
