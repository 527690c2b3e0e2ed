"""The public site's read-only JSON API (`/api/v1/`), its OpenAPI schema and the page describing it.

It shows what the public pages show and nothing more: every record is read through the same
`public()` querysets, responses are cached and invalidated with the pages (core/page_cache.py),
and any site may read it from a browser (`Access-Control-Allow-Origin: *`).
"""
