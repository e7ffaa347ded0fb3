from django import forms
from django.utils.translation import gettext_lazy as _

from scientix.accounts.models import Subject, User
from scientix.core.text import validate_plain_text
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

    def clean(self):
        cleaned = super().clean()
        for name in ("name", "organisation", "about"):
            value = cleaned.get(name)
            if value:
                try:
                    validate_plain_text(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
                else:
                    cleaned[name] = value.strip()
        return cleaned


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

