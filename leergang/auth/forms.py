"""Sign-in and invitation forms (Flask-WTF: every form carries a CSRF token)."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from leergang.csrf import Form


class StaffLoginForm(Form):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class ClassCodeForm(Form):
    code = StringField(
        _l("Class code"),
        validators=[DataRequired(message=_l("Type the class code from your card."))],
    )


class PictureForm(Form):
    picked = HiddenField()


class PinForm(Form):
    pin = PasswordField(
        _l("Your PIN (4 digits)"),
        validators=[
            DataRequired(message=_l("Type your 4 digits.")),
            Regexp(r"^\d{4}$", message=_l("A PIN has exactly 4 digits.")),
        ],
    )


class InviteForm(Form):
    email = StringField(
        _l("E-mail address of the teacher"),
        validators=[
            DataRequired(message=_l("Type an e-mail address.")),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("This is not an e-mail address.")),
            Length(max=254),
        ],
    )


class JoinForm(Form):
    display_name = StringField(
        _l("Your name as pupils know it"),
        validators=[DataRequired(message=_l("Type your name.")), Length(max=80)],
        description=_l("For example: Juf Fatima or Meneer De Vries."),
    )
    password = PasswordField(
        _l("Choose a password (at least 10 characters)"),
        validators=[
            DataRequired(message=_l("Choose a password.")),
            Length(min=10, max=200, message=_l("Use at least 10 characters.")),
        ],
    )
    confirm = PasswordField(
        _l("Type the password again"),
        validators=[EqualTo("password", message=_l("The two passwords are not the same."))],
    )
