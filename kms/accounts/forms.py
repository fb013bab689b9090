from django import forms
from django.utils.translation import gettext_lazy as _

from kms.taxonomy.models import Country, Organisation
from kms.text import NameField

from .avatars import reencode
from .models import AVATAR_MAX_BYTES, SPOKEN_LANGUAGES, Profile, ResearcherRequest, validate_avatar_size


class AvatarField(forms.ImageField):
    """A picture checked by its content, not its name, and stored re-encoded (kms.accounts.avatars)."""

    # The name's extension says nothing about the content: a PNG named .pdf is stored as the PNG it is.
    default_validators = []

    def to_python(self, data):
        if data and data.size > AVATAR_MAX_BYTES:
            validate_avatar_size(data)
        upload = super().to_python(data)
        return reencode(upload) if upload else upload


class ProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=SPOKEN_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Profile
        fields = ["display_name", "organisation", "organisation_other", "country", "languages", "bio", "avatar"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5, "maxlength": 1000})}
        field_classes = {"avatar": AvatarField, "display_name": NameField, "organisation_other": NameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name_en")
        self.fields["country"].queryset = Country.objects.order_by("name_en")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") and cleaned.get("organisation_other"):
            self.add_error(
                "organisation_other", _("Choose an organisation from the list or type another one, not both.")
            )
        return cleaned


class ResearcherRequestForm(forms.ModelForm):
    class Meta:
        model = ResearcherRequest
        fields = ["organisation", "reason"]
        labels = {"reason": _("Why do you need the researcher role?")}
        help_texts = {"reason": _("Your research, the project or publication you want to add. Staff read this.")}
        widgets = {"reason": forms.Textarea(attrs={"rows": 4, "maxlength": 2000, "dir": "auto"})}
        field_classes = {"organisation": NameField}


class DecisionForm(forms.Form):
    """Staff's answer to a researcher request, with an optional note the member reads."""

    note = forms.CharField(
        label=_("Note to the member"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
