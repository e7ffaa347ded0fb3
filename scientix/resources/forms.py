from django import forms
from django.utils.translation import gettext_lazy as _

from scientix.core.text import validate_plain_text

SCORES = [(n, str(n)) for n in range(1, 6)]


class RatingForm(forms.Form):
    pedagogical_value = forms.TypedChoiceField(label=_("Pedagogical value"), choices=SCORES, coerce=int, widget=forms.RadioSelect)
    curricular_integration = forms.TypedChoiceField(label=_("Curricular integration"), choices=SCORES, coerce=int, widget=forms.RadioSelect)
    clarity = forms.TypedChoiceField(label=_("Clarity of presentation"), choices=SCORES, coerce=int, widget=forms.RadioSelect)


class ReviewForm(forms.Form):
    text = forms.CharField(label=_("Your review"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                           validators=[validate_plain_text])
