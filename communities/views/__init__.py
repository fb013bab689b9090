"""Member-facing pages: partners never use the Wagtail admin. One module per concern.

Every view asks `permissions` before showing anything and leaves changes to the
action modules (`membership`, `invitations`, `lessons`, `moderation`, `discussions`,
`events`), whose refusals it turns into a message, or a 403. A refused post
re-renders its form with what the person typed and the reason. Members-only content
answers 404 to people who may not see it, so its existence does not leak either.
"""
