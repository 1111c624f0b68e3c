from . import test_login_journey as j
from django_otp.plugins.otp_totp.models import TOTPDevice
from meldcode.accounts import services


def test_scratch(page):
    from django.contrib.auth.models import Group
    Group.objects.get_or_create(name="clinician")
    user = services.user_create(email=j.EMAIL, password=j.PASSWORD, full_name=j.FULL_NAME, roles=[])
    services.totp_device_confirm(device=services.totp_device_get_or_create_unconfirmed(user=user))
    codes = services.backup_codes_regenerate(user=user)
    page.goto("/accounts/security/")
    print("\nURL1", page.url)
    page.locator('input[name="email"]').fill(j.EMAIL)
    page.locator('input[name="password"]').fill("wrong")
    j.submit(page, "id_password")
    page.wait_for_load_state()
    print("URL after wrong pw", page.url)
    print(page.locator("form:has(#id_email)").evaluate("e => e.outerHTML"))
    j.log_in_with_password(page)
    page.wait_for_url("**/verify/**")
    print("URL verify", page.url)
    page.locator("#id_token").fill("000000")
    j.submit(page, "id_token")
    page.locator('[role="alert"]').wait_for()
    print(page.locator("form:has(#id_token)").evaluate("e => e.outerHTML"))
    page.locator("#id_token").fill(next(c for c in codes if not c.isdigit()))
    j.submit(page, "id_token")
    page.wait_for_load_state()
    print("URL final", page.url)
