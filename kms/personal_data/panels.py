"""The page editor's view of the check: what was found in the page and its files, the box to tick
before publishing, and, once published over a warning, who confirmed it and when."""

from wagtail.admin.panels import Panel

from .forms import CONFIRM


class PersonalDataPanel(Panel):
    def get_form_options(self):
        return {"fields": [CONFIRM]}  # rendered here, not again at the end of the form

    class BoundPanel(Panel.BoundPanel):
        template_name = "personal_data/panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            form = self.form
            if not form.personal_data_findings and CONFIRM in form.fields:
                form.show_personal_data(self.instance.personal_data_findings())
            context.update(findings=form.personal_data_findings, field=form[CONFIRM], item=self.instance)
            return context
