"""Steps the browser tests share."""

from playwright.sync_api import expect

PASSWORD = "browser-test-pass-1"


def admin_login(page, base, username, password=PASSWORD):
    """Sign in at the admin's login form, as a person would."""
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("input[type=submit], button[type=submit]").first.click()
    expect(page.locator("#user-tools")).to_be_visible()
