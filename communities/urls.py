"""Member-facing pages of the communities of practice (under the language prefix)."""

app_name = "communities"
urlpatterns = []
