"""Certificates: the signed-in officer's own (`urlpatterns`, under /my/certificate/) and the public
check of a code (`verify_urls`, under /verify/).

Two namespaces, since the two lists are included at two places and Django reverses only one
include per namespace. No pattern takes an officer id: a certificate number is looked up among the
signed-in officer's own certificates (officers.views.certificates).
"""

from django.urls import path

from officers.views import certificates

app_name = "certificates"

urlpatterns = [
    path("", certificates.mine, name="mine"),
    path("<str:number>/download/", certificates.download, name="download"),
]

verify_urls = (
    [
        path("", certificates.verify_form, name="form"),
        path("<str:code>/", certificates.verify, name="certificate"),
    ],
    "verify",
)
