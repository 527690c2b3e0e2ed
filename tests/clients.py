"""Signed-in test clients. `force_login` skips the sign-in form (and django-axes, which needs the
request Django's `client.login()` does not pass); the sign-in form has tests of its own."""

from django.test import Client


def signed_in_client(user, **client_options) -> Client:
    client = Client(**client_options)
    client.force_login(user)
    return client
