"""Where uploads go: public media by URL, private files (nomination CVs and letters, certificates)
never under a public URL, on the filesystem by default and on S3-compatible storage by setting.

The settings are read in a subprocess with the environment under test, as a server would read them;
nothing here talks to an object store (signing a URL is done locally).
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parent.parent
S3_ENV = {
    "MEDIA_STORAGE": "s3",
    # Never contacted: these tests only build URLs.
    "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9",
    "MEDIA_S3_BUCKET": "portal-media",
    "PRIVATE_S3_BUCKET": "portal-private",
}
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test-access-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret-key",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def settings_read_with(environment: dict[str, str]) -> subprocess.CompletedProcess:
    """Import the settings module in a fresh interpreter with only `environment` set (beyond PATH)
    and print what the storage settings came out as."""
    program = (
        "import json\n"
        "from attachment_portal import settings as s\n"
        "print(json.dumps({'STORAGES': s.STORAGES, 'MEDIA_ROOT': s.MEDIA_ROOT, 'MEDIA_URL': s.MEDIA_URL,"
        " 'PRIVATE_MEDIA_ROOT': s.PRIVATE_MEDIA_ROOT}, default=str))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def storage_settings(environment: dict[str, str]) -> dict:
    result = settings_read_with(environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_private_files_are_kept_outside_the_media_root_by_default():
    read = storage_settings({})

    private = read["STORAGES"]["private"]
    assert private["BACKEND"] == "core.private_storage.PrivateFileSystemStorage"
    assert private["OPTIONS"]["location"] == read["PRIVATE_MEDIA_ROOT"]
    assert not Path(read["PRIVATE_MEDIA_ROOT"]).is_relative_to(read["MEDIA_ROOT"])
    assert not Path(read["MEDIA_ROOT"]).is_relative_to(read["PRIVATE_MEDIA_ROOT"])


def test_a_private_file_on_the_filesystem_has_no_url_at_all(settings):
    name = storages["private"].save("nominations/letter.pdf", ContentFile(b"%PDF-1.4\n"))

    assert (Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / name).is_file()
    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    with pytest.raises(ValueError, match="private file"):
        storages["private"].url(name)


def test_on_s3_public_media_has_plain_urls_and_private_files_urls_signed_for_a_minute(monkeypatch):
    read = storage_settings(S3_ENV)
    for variable, value in CREDENTIALS.items():
        monkeypatch.setenv(variable, value)

    public, private = read["STORAGES"]["default"], read["STORAGES"]["private"]
    assert public["OPTIONS"]["bucket_name"] == "portal-media"
    assert private["OPTIONS"]["bucket_name"] == "portal-private"
    assert private["OPTIONS"]["default_acl"] is None
    assert private["OPTIONS"]["querystring_expire"] == 60
    public_url = import_string(public["BACKEND"])(**public["OPTIONS"]).url("portraits/abc.jpg")
    private_url = import_string(private["BACKEND"])(**private["OPTIONS"]).url("nominations/letter.pdf")

    assert public_url == "http://127.0.0.1:9/portal-media/portraits/abc.jpg"
    assert private_url.startswith("http://127.0.0.1:9/portal-private/nominations/letter.pdf?")
    query = parse_qs(urlsplit(private_url).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert query["X-Amz-Signature"]


@pytest.mark.parametrize("missing", ["MEDIA_S3_BUCKET", "PRIVATE_S3_BUCKET"])
def test_s3_media_needs_both_buckets_named(missing):
    environment = {name: value for name, value in S3_ENV.items() if name != missing}

    result = settings_read_with(environment)

    assert result.returncode != 0
    assert missing in result.stderr
