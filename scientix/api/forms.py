from django import forms
from django.utils.translation import gettext_lazy as _

from scientix.core.text import validate_plain_text


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"), max_length=80, validators=[validate_plain_text],
        help_text=_("What the token is for, e.g. “school website” or “my import script”."),
    )
