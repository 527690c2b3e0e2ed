from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("second-factor/enrol/", views.enrol, name="otp-enrol"),
    path("second-factor/", views.verify, name="otp-verify"),
]
