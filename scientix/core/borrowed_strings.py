"""Messages that Django and django-allauth show on our pages, copied into our catalog.

Those libraries do not ship every EU language (Django lacks Maltese;
allauth lacks Irish, Maltese and Portuguese as 'pt'), so our catalog carries
the strings our pages show and ``locale/`` overrides the libraries' own.
Nothing here runs: the calls only mark the strings for ``makemessages``.
"""

from django.utils.translation import gettext_noop, ngettext


def _marked_for_extraction():  # pragma: no cover - never called
    # django-allauth: form labels, placeholders and errors on the account pages.
    gettext_noop("Email")
    gettext_noop("Email address")
    gettext_noop("Password")
    gettext_noop("Password (again)")
    gettext_noop("Remember Me")
    gettext_noop("Current Password")
    gettext_noop("New Password")
    gettext_noop("New Password (again)")
    gettext_noop("You must type the same password each time.")
    gettext_noop("The email address and/or password you specified are not correct.")
    gettext_noop("Too many failed login attempts. Try again later.")
    gettext_noop("This account is currently inactive.")
    gettext_noop("Please type your current password.")
    gettext_noop("Incorrect password.")
    gettext_noop("The password reset token was invalid.")
    gettext_noop("Your primary email address must be verified.")
    gettext_noop("Be patient, you are sending too many requests.")
    gettext_noop("A user is already registered with this email address.")
    # Django: field validation and password rules.
    gettext_noop("This field is required.")
    gettext_noop("Enter a valid email address.")
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices.")
    gettext_noop("This password is too common.")
    gettext_noop("This password is entirely numeric.")
    gettext_noop("The password is too similar to the %(verbose_name)s.")
    gettext_noop("Your password can’t be too similar to your other personal information.")
    gettext_noop("Your password can’t be a commonly used password.")
    gettext_noop("Your password can’t be entirely numeric.")
    ngettext(
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
        0,
    )
    ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        0,
    )
    ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        0,
    )
