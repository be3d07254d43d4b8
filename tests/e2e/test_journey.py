"""End to end in Chromium: apply, get approved by staff, start a thread, reply,
react, open a content warning."""
import pytest
from playwright.sync_api import expect

from tests.live import STAFF_NAME, STAFF_PASSWORD

pytestmark = pytest.mark.e2e

APPLICANT, APPLICANT_PASSWORD = "hopeful_wren", "a gentle long passphrase"


def sign_in(page, username, password):
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_crisis_help_is_reachable_without_an_account(new_page):
    page = new_page()
    page.goto("/")
    page.get_by_role("link", name="Need help now?").click()
    expect(page.get_by_role("heading", name="Need help now?", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Call 988").first).to_have_attribute("href", "tel:988")
    expect(page.get_by_role("link", name="Text HOME to 741741").first).to_have_attribute(
        "href", "sms:741741?&body=HOME")
    assert page.foreign_requests == [] and page.console_errors == []


def test_apply_approve_post_reply_react_and_open_a_content_warning(new_page):
    applicant = new_page()
    applicant.goto("/")
    applicant.get_by_role("link", name="Apply to join").first.click()
    applicant.get_by_label("Pseudonym").fill(APPLICANT)
    applicant.get_by_label("Password").fill(APPLICANT_PASSWORD)
    applicant.get_by_label("What brings you to this community?").fill("Starting KAP soon, want company.")
    applicant.get_by_label("Are you a patient").fill("A patient.")
    applicant.get_by_role("button", name="Send my application").click()
    expect(applicant.get_by_role("heading", name="waiting for approval")).to_be_visible()

    staff = new_page()
    sign_in(staff, STAFF_NAME, STAFF_PASSWORD)
    staff.get_by_role("navigation", name="Main").get_by_text("Moderation tools").click()
    staff.get_by_role("link", name="Applicants").click()
    expect(staff.get_by_text("Starting KAP soon, want company.")).to_be_visible()
    staff.get_by_role("button", name=f"Approve {APPLICANT}").click()
    expect(staff.get_by_text(f"{APPLICANT} was approved.")).to_be_visible()

    applicant.goto("/")
    # A newly approved member's first visit: a welcome, not "welcome back".
    expect(applicant.get_by_role("heading", name=f"Welcome, {APPLICANT}")).to_be_visible()
    applicant.get_by_role("link", name="Treatment journeys").click()
    applicant.get_by_role("link", name="Start a thread").click()
    applicant.get_by_label("Title").fill("Before my first session")
    applicant.get_by_label("Your post").fill("I'm **nervous** and hopeful.")
    applicant.get_by_role("button", name="Post thread").click()
    expect(applicant.get_by_role("heading", name="Before my first session")).to_be_visible()
    expect(applicant.locator(".post-body strong", has_text="nervous")).to_be_visible()

    applicant.get_by_label("Your reply").fill("The hardest part was the weeks before.")
    applicant.get_by_label("Content warning").fill("low mood")
    applicant.get_by_role("button", name="Post reply").click()
    thread_url = applicant.url.split("#")[0]

    staff.goto(thread_url)
    warning = staff.locator("details.content-warning")
    hidden_text = staff.get_by_text("The hardest part was the weeks before.")
    expect(warning.get_by_text("Content warning: low mood")).to_be_visible()
    expect(hidden_text).to_be_hidden()
    warning.locator("summary").click()
    expect(hidden_text).to_be_visible()

    first_post = staff.locator("article.post").first
    support = first_post.get_by_role("button", name="Sending support")
    expect(support).to_have_attribute("aria-pressed", "false")
    support.click()
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(support).to_have_text("Sending support 1")

    for page in (applicant, staff):
        assert page.foreign_requests == [], page.foreign_requests
        assert page.console_errors == [], page.console_errors


def test_keyboard_only_reply(new_page, live_server):
    live_server.flask("users", "create", "keyboard_kim", "--password-stdin", stdin="keyboard kim passphrase\n")
    page = new_page()
    sign_in(page, "keyboard_kim", "keyboard kim passphrase")
    page.goto("/c/coping/new")
    page.get_by_label("Title").fill("Typing only")
    page.get_by_label("Your post").fill("No mouse today.")
    page.get_by_role("button", name="Post thread").click()
    page.get_by_label("Your reply").focus()
    page.keyboard.type("Reply typed with the keyboard.")
    page.keyboard.press("Tab")  # to the content warning
    page.keyboard.press("Tab")  # to the button
    assert page.evaluate("document.activeElement.textContent.trim()") == "Post reply"
    page.keyboard.press("Enter")
    expect(page.get_by_text("Reply typed with the keyboard.")).to_be_visible()
