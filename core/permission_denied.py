"""The page shown when someone opens a page their role may not see (HTTP 403).

In the Secretariat's workspace it is a workspace page, with the workspace's header and a way back;
anywhere else it is a page of the public site. Either way it says what happened and where to go,
not a bare "403 Forbidden".
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def permission_denied(request: HttpRequest, exception: PermissionDenied | None = None) -> HttpResponse:
    user = getattr(request, "user", None)
    if request.path.startswith(reverse("admin:index")) and user is not None and user.is_active and user.is_staff:
        referer = request.headers.get("referer", "")
        # A link back only to a page of this site: the header is the visitor's to set.
        back = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}) else None
        context = {**admin.site.each_context(request), "title": _("This page is not open to your role"), "back": back}
        return render(request, "admin/403.html", context, status=403)
    return render(request, "403.html", status=403)
