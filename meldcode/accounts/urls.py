"""URLs for accounts."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("verify/", views.verify_view, name="verify"),
    path("enrol/", views.enrol_view, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("security/", views.security_view, name="security"),
    path("security/backup-codes/", views.backup_codes_regenerate_view, name="backup_codes"),
    path("security/logout-everywhere/", views.logout_everywhere_view, name="logout_everywhere"),
]
