"""A school admin invites teachers with a one-time link; the link lets the teacher join.

Its own blueprint (``school``): the same URLs as ever, kept apart from the sign-in views.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from leergang.auth import invites
from leergang.auth.access import Capability, staff_required
from leergang.auth.forms import InviteForm, JoinForm
from leergang.db import get_session
from leergang.web import render

bp = Blueprint("school", __name__)


@bp.route("/school/invites", methods=["GET", "POST"])
@staff_required(Capability.INVITE_TEACHERS)
def invite_teachers():
    """A school admin invites a teacher with a one-time link."""
    session = get_session()
    form = InviteForm()
    link = None
    if current_user.school_id is None:
        abort(403)
    if form.validate_on_submit():
        if invites.email_taken(session=session, email=form.email.data.strip()):
            form.email.errors.append(_("There is already an account with this e-mail address."))
        else:
            _invite, token = invites.create_invite(
                session=session,
                admin=current_user,
                email=form.email.data,
                valid_for=current_app.config["INVITE_VALID_FOR"],
            )
            link = url_for("school.join", token=token, _external=True)
            form.email.data = ""
    return render(
        "classes/invites.html",
        form=form,
        link=link,
        invites=invites.open_invites(session=session, school_id=current_user.school_id),
    ), 422 if form.errors else 200


@bp.route("/school/join/<token>", methods=["GET", "POST"])
def join(token: str):
    """The invite link: the new teacher chooses their name and password."""
    session = get_session()
    invite = invites.usable_invite(session=session, token=token)
    if invite is None:
        return render(
            "error.html",
            title=_("This invitation does not work"),
            message=_(
                "The link was used already or is more than a week old. Ask your school's "
                "admin for a new one."
            ),
        ), 404
    form = JoinForm()
    if form.validate_on_submit():
        if invites.email_taken(session=session, email=invite.email):
            abort(409)
        user = invites.accept_invite(
            session=session,
            invite=invite,
            display_name=form.display_name.data,
            password=form.password.data,
        )
        if current_user.is_authenticated:
            logout_user()
        login_user(user)
        flash(_("Welcome, %(name)s! Create your first class.", name=user.display_name), "success")
        return redirect(url_for("classes.index"))
    return render("classes/join.html", form=form, invite=invite), 422 if form.errors else 200
