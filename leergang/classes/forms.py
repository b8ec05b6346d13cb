"""Teacher forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from leergang.csrf import Form
from leergang.web import LEVEL_NAMES


class ClassForm(Form):
    name = StringField(
        _l("Name of the class"),
        validators=[DataRequired(message=_l("Give the class a name.")), Length(max=80)],
        description=_l("For example: Groep 8B or 3 KB-a."),
    )
    school_year = SelectField(_l("School year"))
    level = SelectField(
        _l("Level"),
        choices=[SelectChoice(key, name) for key, name in LEVEL_NAMES.items()],
        validators=[DataRequired()],
    )
    secret_kind = RadioField(
        _l("How do pupils sign in?"),
        choices=[
            SelectChoice("pictures", _l("Three pictures (best for groep 7 and 8)")),
            SelectChoice("pin", _l("A PIN of four digits (for older pupils)")),
        ],
        default="pictures",
    )


class PupilListForm(Form):
    names = TextAreaField(
        _l("First names or nicknames, one per line"),
        validators=[
            DataRequired(message=_l("Paste or type at least one name.")),
            # 40 names fit many times over; a stray paste of a whole document does not.
            Length(max=10_000, message=_l("This list is too long: paste at most 40 names.")),
        ],
        description=_l("No surnames, birth dates or e-mail addresses: a first name is enough."),
        render_kw={"rows": 10},
    )


class ClassNameForm(Form):
    name = StringField(
        _l("Name of the class"),
        validators=[DataRequired(message=_l("Give the class a name.")), Length(max=80)],
    )


class RenameForm(Form):
    name = StringField(
        _l("New name"),
        validators=[DataRequired(message=_l("Type a name.")), Length(max=40)],
    )


class CoTeacherForm(Form):
    teacher = SelectField(_l("Teacher"), coerce=int)


class AssignmentForm(Form):
    item = SelectField(
        _l("What do you assign?"), validators=[DataRequired(message=_l("Choose something."))]
    )
    who = RadioField(
        _l("For whom?"),
        choices=[
            SelectChoice("class", _l("The whole class")),
            SelectChoice("pupils", _l("Chosen pupils")),
        ],
        default="class",
    )
    pupils = SelectMultipleField(
        _l("Pupils"), choices=[], widget=ListWidget(), option_widget=CheckboxInput()
    )
    starts_on = DateField(_l("Start date (optional)"), validators=[Optional()])
    due_on = DateField(_l("Due date (optional)"), validators=[Optional()])

    def validate_pupils(self, field):
        if self.who.data == "pupils" and not field.data:
            raise ValidationError(_l("Choose at least one pupil, or choose the whole class."))

    def validate_due_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The due date is before the start date."))
