"""Messages that Django and django-allauth show on our pages, copied into our catalog.

Those libraries do not ship every EU language (Django lacks Maltese;
allauth lacks Irish, Maltese and Portuguese as 'pt'), so our catalog carries
the strings our pages show and ``locale/`` overrides the libraries' own.
Nothing here runs: the calls only mark the strings for ``makemessages``.

The second list is Django's date vocabulary (``django.utils.dates`` and
``dateformat``): month and weekday names behind every date the portal
writes. Django has no Maltese catalog, so without these our Maltese dates
would read "5 ta’ March". Marking them here, not only adding them to
``locale/mt/``, is what keeps them through ``make messages`` (which runs
with ``--no-obsolete`` and drops every msgid no source file uses). Our
copies also lowercase the names where the language writes them so (CLDR),
which Django's catalogs for some languages do not.
"""

from django.utils.translation import gettext_noop, ngettext, pgettext_lazy


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


def _date_words():  # pragma: no cover - never called
    # django.utils.dates: WEEKDAYS, WEEKDAYS_ABBR, MONTHS, MONTHS_3 ("b", "M"),
    # MONTHS_AP ("N", context "abbrev. month"), MONTHS_ALT ("E", context "alt. month").
    gettext_noop("Monday")
    gettext_noop("Tuesday")
    gettext_noop("Wednesday")
    gettext_noop("Thursday")
    gettext_noop("Friday")
    gettext_noop("Saturday")
    gettext_noop("Sunday")
    gettext_noop("Mon")
    gettext_noop("Tue")
    gettext_noop("Wed")
    gettext_noop("Thu")
    gettext_noop("Fri")
    gettext_noop("Sat")
    gettext_noop("Sun")
    gettext_noop("January")
    gettext_noop("February")
    gettext_noop("March")
    gettext_noop("April")
    gettext_noop("May")
    gettext_noop("June")
    gettext_noop("July")
    gettext_noop("August")
    gettext_noop("September")
    gettext_noop("October")
    gettext_noop("November")
    gettext_noop("December")
    gettext_noop("jan")
    gettext_noop("feb")
    gettext_noop("mar")
    gettext_noop("apr")
    gettext_noop("may")
    gettext_noop("jun")
    gettext_noop("jul")
    gettext_noop("aug")
    gettext_noop("sep")
    gettext_noop("oct")
    gettext_noop("nov")
    gettext_noop("dec")
    pgettext_lazy("abbrev. month", "Jan.")
    pgettext_lazy("abbrev. month", "Feb.")
    pgettext_lazy("abbrev. month", "March")
    pgettext_lazy("abbrev. month", "April")
    pgettext_lazy("abbrev. month", "May")
    pgettext_lazy("abbrev. month", "June")
    pgettext_lazy("abbrev. month", "July")
    pgettext_lazy("abbrev. month", "Aug.")
    pgettext_lazy("abbrev. month", "Sept.")
    pgettext_lazy("abbrev. month", "Oct.")
    pgettext_lazy("abbrev. month", "Nov.")
    pgettext_lazy("abbrev. month", "Dec.")
    pgettext_lazy("alt. month", "January")
    pgettext_lazy("alt. month", "February")
    pgettext_lazy("alt. month", "March")
    pgettext_lazy("alt. month", "April")
    pgettext_lazy("alt. month", "May")
    pgettext_lazy("alt. month", "June")
    pgettext_lazy("alt. month", "July")
    pgettext_lazy("alt. month", "August")
    pgettext_lazy("alt. month", "September")
    pgettext_lazy("alt. month", "October")
    pgettext_lazy("alt. month", "November")
    pgettext_lazy("alt. month", "December")
    # django.utils.dateformat: "a", "A" and "P".
    gettext_noop("a.m.")
    gettext_noop("p.m.")
    gettext_noop("AM")
    gettext_noop("PM")
    gettext_noop("midnight")
    gettext_noop("noon")
