from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CommunityPreference, EmailChoice, NotificationPreference

SAME_AS_GENERAL = ""


class PreferenceForm(forms.ModelForm):
    """A person's general email choice and language, plus one optional choice per community they belong to."""

    class Meta:
        model = NotificationPreference
        fields = ["email", "language"]
        widgets = {"email": forms.RadioSelect}

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("The language I last used on the site"))] + list(
            self.fields["language"].choices
        )[1:]
        self.communities = list(communities)
        current = {}
        if self.instance.user_id:
            current = dict(
                CommunityPreference.objects.filter(user_id=self.instance.user_id).values_list("community_id", "email")
            )
        for community in self.communities:
            self.fields[self.community_field(community)] = forms.ChoiceField(
                label=community.name,
                choices=[(SAME_AS_GENERAL, _("Same as my general choice"))] + list(EmailChoice.choices),
                required=False,
                initial=current.get(community.pk, SAME_AS_GENERAL),
            )

    @staticmethod
    def community_field(community):
        return f"community_{community.pk}"

    def community_fields(self):
        return [self[self.community_field(c)] for c in self.communities]

    def save(self, commit=True):
        preference = super().save(commit=commit)
        for community in self.communities:
            choice = self.cleaned_data.get(self.community_field(community)) or SAME_AS_GENERAL
            if choice == SAME_AS_GENERAL:
                CommunityPreference.objects.filter(user=preference.user, community=community).delete()
            else:
                CommunityPreference.objects.update_or_create(
                    user=preference.user, community=community, defaults={"email": choice}
                )
        return preference
