"""Research URLs that carry no language prefix: OAI-PMH and citation exports."""

app_name = "research"
urlpatterns = []
