from django import forms
from django.utils.translation import gettext_lazy as _

from scientix.accounts.models import Subject, User
from scientix.languages import EU_LANGUAGES


class ProfileForm(forms.ModelForm):
    subjects = forms.MultipleChoiceField(
        label=_("Subjects"), choices=Subject.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you read"), choices=EU_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = User
        fields = ["name", "country", "organisation", "professional_role", "subjects", "languages", "about", "preferred_language"]
        labels = {
            "name": _("Name"),
            "country": _("Country"),
            "organisation": _("Organisation"),
            "professional_role": _("Role"),
            "about": _("About you"),
            "preferred_language": _("Language of our e-mails"),
        }
        widgets = {"about": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}

    def clean_name(self):
        return _plain_text(self.cleaned_data["name"])

    def clean_organisation(self):
        return _plain_text(self.cleaned_data["organisation"])

    def clean_about(self):
        return _plain_text(self.cleaned_data["about"], multiline=True)


def _plain_text(value: str, *, multiline: bool = False) -> str:
    """Refuse control characters; profile text is shown as plain text (auto-escaped)."""
    allowed = {"\n", "\r", "\t"} if multiline else set()
    if any(ord(char) < 32 and char not in allowed for char in value):
        raise forms.ValidationError(_("Remove the control characters from this text."))
    return value.strip()


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    confirm = forms.BooleanField(label=_("I understand that my account and personal data will be erased for good."))

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not correct."))
        return password

