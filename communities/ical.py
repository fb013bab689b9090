"""Events as iCalendar files, so members can put them in their own calendars."""

from django.conf import settings
from django.utils.html import strip_tags
from icalendar import Calendar, vText
from icalendar import Event as ICalEvent


def calendar(events, community, with_links=False):
    """One VCALENDAR holding `events`; the online link only when the reader is a member."""
    cal = Calendar()
    cal.add("prodid", "-//kms//communities//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", str(community))
    host = settings.WAGTAILADMIN_BASE_URL.split("//")[-1].split("/")[0] or "kms"
    for event in events:
        item = ICalEvent()
        item.add("uid", f"{event.uid}@{host}")
        item.add("summary", event.title)
        item.add("dtstart", event.local_start)
        item.add("dtend", event.local_end)
        item.add("dtstamp", event.updated_at)
        item.add("categories", [event.get_kind_display()])
        if event.place:
            item.add("location", event.place)
        description = strip_tags(event.agenda).strip()
        if with_links and event.online_link:
            item.add("url", event.online_link)
            description = f"{description}\n\n{event.online_link}".strip()
        if description:
            item["description"] = vText(description)
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()
