"""Who may see or do what in the communities: the only place these rules live.

Views, feeds, search sources and the API call these small functions. The roles:

- moderator: a member of the "Moderators" group, or a superuser; sees and moderates
  every community (moderation needs it);
- facilitator: an active membership with the facilitator role; runs one community;
- member: an active membership;
- everyone else, signed in or not. Site staff get no extra view of members-only
  communities: partners share there on the promise that only members read it.

A public community's name, description and published content are public. A
members-only community is listed to signed-in people (so they can ask to join), but
its lessons, discussions, events, members and files are for members and moderators.
"""

from django.utils import timezone

from kms.accounts.groups import MODERATORS, group_names

from .models import Community, Lesson, Membership

EDIT_WINDOW = timezone.timedelta(minutes=30)


def _signed_in(user):
    return user is not None and user.is_authenticated and user.is_active


def membership_of(user, community):
    """The person's membership row in the community (any state), or None; cached per user object."""
    if not _signed_in(user):
        return None
    cache = user.__dict__.setdefault("_community_memberships", {})
    if community.pk not in cache:
        cache[community.pk] = Membership.objects.filter(user=user, community=community).first()
    return cache[community.pk]


def forget_memberships(user):
    """Drop the per-user cache after a membership changed within the same request."""
    user.__dict__.pop("_community_memberships", None)


def is_moderator(user):
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return MODERATORS in group_names(user)


def is_member(user, community):
    membership = membership_of(user, community)
    return membership is not None and membership.is_active


def readable_community_ids(user):
    """The communities whose members-only content the person may read: their active memberships,
    or every community for moderators (who read every community's pages)."""
    if not _signed_in(user):
        return set()
    if is_moderator(user):
        return set(Community.objects.values_list("pk", flat=True))
    return set(
        Membership.objects.filter(user=user, state=Membership.State.ACTIVE).values_list("community_id", flat=True)
    )


def is_facilitator(user, community):
    membership = membership_of(user, community)
    return membership is not None and membership.is_facilitator


# --- Communities and membership ----------------------------------------------------------


def can_see_community(user, community):
    """May see that the community exists: its name, description and how to join."""
    return community.is_public or _signed_in(user)


def can_view_details(user, community, member_of=None):
    """May see more of the community than its name: description, themes, countries, counts, facilitators.

    A members-only community shows non-members its name alone, and how to ask to join. Lists pass
    `member_of`, the ids of the person's active communities, to spare a query per community.
    """
    if community.is_public:
        return True
    if member_of is not None:
        return community.pk in member_of or is_moderator(user)
    return can_view_content(user, community)


def can_view_content(user, community):
    """May read what members wrote: published lessons, discussions, events, files."""
    return community.is_public or is_member(user, community) or is_moderator(user)


def can_view_members(user, community):
    return is_member(user, community) or is_moderator(user)


def can_join(user, community):
    """May join at once (open communities)."""
    return _signed_in(user) and community.join_policy == Community.JoinPolicy.OPEN and not is_member(user, community)


def can_request_membership(user, community):
    """May ask the facilitators to be let in (and has not already asked)."""
    if not _signed_in(user) or community.join_policy != Community.JoinPolicy.ON_REQUEST:
        return False
    membership = membership_of(user, community)
    return membership is None or membership.state in (Membership.State.LEFT, Membership.State.DECLINED)


def can_leave(user, community):
    return is_member(user, community)


def can_manage_members(user, community):
    """May approve or decline requests, promote members and invite people."""
    return is_facilitator(user, community) or is_moderator(user)


can_invite = can_manage_members


def can_edit_community(user, community):
    return is_facilitator(user, community) or is_moderator(user)


# --- Lessons -----------------------------------------------------------------------------


def can_post_lesson(user, community):
    return is_member(user, community)


def can_view_lesson(user, lesson):
    """Published: whoever reads the community. A draft is the author's alone until submitted;
    after that (submitted, changes requested, rejected) the reviewers see it too."""
    if lesson.state == Lesson.State.PUBLISHED:
        return can_view_content(user, lesson.community)
    if _signed_in(user) and lesson.author_id == user.pk:
        return True
    if lesson.state == Lesson.State.DRAFT:
        return False
    return is_facilitator(user, lesson.community) or is_moderator(user)


def can_edit_lesson(user, lesson):
    """Authors edit their drafts and answer change requests, while they are still members."""
    return (
        _signed_in(user)
        and lesson.author_id == user.pk
        and lesson.state in (Lesson.State.DRAFT, Lesson.State.CHANGES_REQUESTED)
        and is_member(user, lesson.community)
    )


can_submit_lesson = can_edit_lesson


def can_moderate_lesson(user, lesson):
    """Facilitators review their community's lessons (not their own); moderators review all."""
    if is_moderator(user):
        return True
    return is_facilitator(user, lesson.community) and lesson.author_id != user.pk


def reviewable_community_ids(user):
    """The communities whose waiting lessons and flagged messages the person reviews: every one for
    moderators, the ones they facilitate for facilitators, none for anyone else."""
    if not _signed_in(user):
        return set()
    if is_moderator(user):
        return set(Community.objects.values_list("pk", flat=True))
    return set(
        Membership.objects.filter(
            user=user, state=Membership.State.ACTIVE, role=Membership.Role.FACILITATOR
        ).values_list("community_id", flat=True)
    )


def can_moderate_community(user, community):
    """May open the community's moderation queue and hide content."""
    return is_facilitator(user, community) or is_moderator(user)


# --- Discussions -------------------------------------------------------------------------


def can_view_thread(user, thread):
    if thread.lesson_id and not can_view_lesson(user, thread.lesson):
        return False
    return can_view_content(user, thread.community)


def can_write(user, community):
    """May write in the community (and so preview what they write): its members."""
    return is_member(user, community)


def can_follow(user, thread):
    """Anyone signed in who can read a discussion may follow it (and is told of replies while they can)."""
    return _signed_in(user) and not thread.is_hidden and can_view_thread(user, thread)


def can_mention(user, community):
    """May look up the community's members to mention them: who may write there, and moderators."""
    return can_view_members(user, community)


def can_start_thread(user, community):
    return is_member(user, community)


def can_reply(user, thread):
    return is_member(user, thread.community) and not thread.is_hidden


def can_edit_post(user, post, community, now=None):
    """Authors may correct what they wrote for a short while, unless it has been hidden."""
    now = now or timezone.now()
    return (
        _signed_in(user)
        and post.author_id == user.pk
        and not post.is_hidden
        and now - post.created_at <= EDIT_WINDOW
        and is_member(user, community)
    )


def can_flag(user, post, community):
    return _signed_in(user) and post.author_id != user.pk and can_view_content(user, community)


def can_hide(user, community):
    return can_moderate_community(user, community)


def can_see_hidden(user, community):
    """Hidden content stays visible (marked) to those who can audit it."""
    return can_moderate_community(user, community)


# --- Files and events --------------------------------------------------------------------


def can_view_attachment(user, attachment):
    return can_view_lesson(user, attachment.lesson)


def can_add_attachment(user, lesson):
    return can_edit_lesson(user, lesson)


def can_view_event(user, event):
    return can_view_content(user, event.community)


def can_see_online_link(user, event):
    return is_member(user, event.community) or is_moderator(user)


def can_manage_events(user, community):
    return is_facilitator(user, community) or is_moderator(user)


def can_have_feed(community):
    """Feeds are public by nature (readers fetch them without signing in): public communities only."""
    return community.is_public
