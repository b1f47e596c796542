"""Account forms (Flask-WTF: CSRF on every one)."""
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from ..models import ROLES

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Kata sandi", validators=[DataRequired(), Length(max=500)])


class LogoutForm(FlaskForm):
    """CSRF only: logging out is a POST so another site cannot log a user out."""


class NewUserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254), Regexp(EMAIL, message="Alamat email tidak valid.")])
    name = StringField("Nama", validators=[Length(max=200)])
    role = SelectField("Peran", choices=list(ROLES))
    password = PasswordField("Kata sandi", validators=[DataRequired(), Length(min=10, max=500)])


class AssignForm(FlaskForm):
    email = EmailField("Email enumerator", validators=[DataRequired(), Length(max=254)])
