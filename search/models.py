from django.db import models


class IndexingFailure(models.Model):
    """The latest engine failures seen by indexing tasks, for `search_index status` and editors."""

    key = models.CharField(max_length=100)
    error = models.TextField()
    attempt = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
