"""A nominating focal point's pages. The ids in these paths are only looked up among the focal
point's own organisation's nominations and the calls open to their country (officers.views.nominate)."""

from django.urls import path

from officers.views import nominate

app_name = "nominate"

urlpatterns = [
    path("", nominate.home, name="home"),
    path("calls/<int:call_id>/new/", nominate.new_nomination, name="new"),
    path("nominations/<int:pk>/", nominate.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/submit/", nominate.submit, name="submit"),
    path("nominations/<int:pk>/withdraw/", nominate.withdraw, name="withdraw"),
    path("nominations/<int:pk>/delete/", nominate.delete, name="delete"),
    path("nominations/<int:pk>/documents/<str:name>/", nominate.document, name="document"),
]
