"""The writing toolbar, the live preview and the @ list work in a real browser, in Arabic (right to left),
under the site's Content-Security-Policy."""

import pytest

from tests.factories import PASSWORD, UserFactory
from tests.factories.communities import CommunityFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def member(community, name):
    user = UserFactory()
    user.profile.display_name = name
    user.profile.save()
    MembershipFactory(community=community, user=user)
    return user


def test_toolbar_live_preview_and_mentions_in_arabic(browser, live_server):
    community = CommunityFactory(slug="ecrire")
    author = member(community, "Amina Ben Salah")
    member(community, "منى الشريف")
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: "Content Security Policy" in message.text and problems.append(message.text))
    page.goto(f"{live_server.url}/ar/accounts/login/")
    page.fill("input[name=login]", author.email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/profile/**")

    page.goto(f"{live_server.url}/ar/communities/ecrire/discussions/new/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    box = page.locator("textarea[name=body]")
    assert box.get_attribute("dir") == "auto"
    toolbar = page.locator(".writing-toolbar")
    assert toolbar.is_visible()  # shown by the script; hidden without it

    # Bold with nothing selected writes the markers around the caret; typing fills them in.
    box.click()
    toolbar.locator("button[data-md=bold]").click()
    page.keyboard.type("مهم")
    assert box.input_value() == "**مهم**"
    preview = page.locator(".writing-preview .post-body")
    preview.locator("strong").wait_for()
    assert preview.locator("strong").inner_text() == "مهم"

    # A list from the toolbar, then a mention chosen from the @ list.
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    toolbar.locator("button[data-md=list]").click()
    page.keyboard.type("شكراً @من")
    option = page.locator(".writing-mentions [role=option]")
    option.first.wait_for()
    assert option.all_inner_texts() == ["منى الشريف"]
    page.keyboard.press("Enter")
    assert box.input_value() == "**مهم**\n- شكراً @[منى الشريف] "
    preview.locator("a.mention").wait_for()
    assert preview.locator("a.mention").inner_text() == "@منى الشريف"
    assert preview.locator("li").count() == 1
    assert problems == []  # nothing refused by the Content-Security-Policy, no script error
    context.close()
