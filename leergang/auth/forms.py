"""Sign-in forms (Flask-WTF: every form carries a CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp


class StaffLoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class ClassCodeForm(FlaskForm):
    code = StringField(
        _l("Class code"),
        validators=[DataRequired(message=_l("Type the class code from your card."))],
    )


class PictureForm(FlaskForm):
    picked = HiddenField()


class PinForm(FlaskForm):
    pin = PasswordField(
        _l("Your PIN (4 digits)"),
        validators=[
            DataRequired(message=_l("Type your 4 digits.")),
            Regexp(r"^\d{4}$", message=_l("A PIN has exactly 4 digits.")),
        ],
    )
