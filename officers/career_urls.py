"""A graduate's own career page. No pattern takes an officer id: the view serves the signed-in officer."""

from django.urls import path

from officers.views import career

app_name = "career"

urlpatterns = [
    path("", career.home, name="home"),
]
