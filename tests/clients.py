"""Signed-in test clients for the standing users.

UserFactory sets the password after saving the user and does not save again, so a session made
by force_login (which hashes the password in hand) would not match the row in the database.
Saving the password first makes the session verify, as it would after a real sign-in.
"""

from django.test import Client


def signed_in_client(user, **client_options) -> Client:
    user.save(update_fields=["password"])
    client = Client(**client_options)
    client.force_login(user)
    return client
