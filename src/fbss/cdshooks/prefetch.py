"""The FHIR data a hook needs: from `prefetch` when the EHR sent it, else fetched from `fhirServer` with the
`fhirAuthorization` token; when neither is possible the service answers 412 (CDS Hooks 2.0.1 "Prefetch")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from fbss.cdshooks.models import HookRequest
from fbss.cdshooks.settings import TrustedIssuer

MAX_PAGES = 20
_TOKEN = re.compile(r"\{\{\s*context\.([A-Za-z]+)\s*\}\}")


class PrefetchUnavailable(Exception):
    """A prefetch key is missing and the service cannot fetch it (answer 412)."""


class FhirFetcher(Protocol):
    def get(self, url: str, token: str | None) -> dict[str, Any]:
        """GET one FHIR URL as JSON; raises on any failure."""
        ...


class HttpFhirFetcher:
    def __init__(self, timeout: float) -> None:
        self.client = httpx.Client(timeout=timeout, follow_redirects=False)

    def get(self, url: str, token: str | None) -> dict[str, Any]:
        headers = {"Accept": "application/fhir+json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = self.client.get(url, headers=headers)
        response.raise_for_status()
        body = response.json()
        if not isinstance(body, dict):
            raise ValueError("not a FHIR resource")
        return body


@dataclass(slots=True)
class Gathered:
    resources: list[dict[str, Any]] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)  # keys the EHR answered with an OperationOutcome
    fetched: list[str] = field(default_factory=list)


def render(template: str, context: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        found = context.get(match.group(1))
        if not isinstance(found, str):
            raise PrefetchUnavailable(f"context.{match.group(1)} is not in the request")
        return found

    return _TOKEN.sub(value, template)


def gather(
    request: HookRequest, templates: dict[str, str], issuer: TrustedIssuer, fetcher: FhirFetcher
) -> Gathered:
    """Every resource the templates ask for."""
    found = Gathered()
    prefetch = request.prefetch or {}
    for key, template in templates.items():
        if key in prefetch:
            _take(prefetch[key], key, found)
            continue
        url = _fetchable(request, issuer, render(template, request.context))
        token = request.fhirAuthorization.access_token if request.fhirAuthorization else None
        try:
            _take_pages(fetcher, url, token, key, found)
        except (httpx.HTTPError, ValueError) as error:
            raise PrefetchUnavailable(f"{key}: fetch failed ({type(error).__name__})") from error
        found.fetched.append(key)
    return found


def _fetchable(request: HookRequest, issuer: TrustedIssuer, query: str) -> str:
    if not request.fhirServer:
        raise PrefetchUnavailable("prefetch missing and no fhirServer to fetch from")
    base = request.fhirServer.rstrip("/")
    if base not in issuer.fhir_servers:
        raise PrefetchUnavailable("fhirServer is not one this issuer may send")
    return f"{base}/{query}"


def _take(value: Any, key: str, found: Gathered) -> None:
    if value is None:
        return  # the EHR found nothing for this template
    if not isinstance(value, dict):
        raise PrefetchUnavailable(f"prefetch {key} is not a FHIR resource")
    if value.get("resourceType") == "OperationOutcome":
        found.unavailable.append(key)
        return
    if value.get("resourceType") == "Bundle":
        for entry in value.get("entry", ()):
            resource = entry.get("resource") if isinstance(entry, dict) else None
            mode = entry.get("search", {}).get("mode") if isinstance(entry, dict) else None
            if (
                isinstance(resource, dict)
                and mode != "outcome"
                and resource.get("resourceType") != "OperationOutcome"
            ):
                found.resources.append(resource)
        return
    found.resources.append(value)


def _take_pages(fetcher: FhirFetcher, url: str, token: str | None, key: str, found: Gathered) -> None:
    base = url.split("/", 3)[:3]
    for _page in range(MAX_PAGES):
        body = fetcher.get(url, token)
        _take(body, key, found)
        following = [link.get("url") for link in body.get("link", ()) if link.get("relation") == "next"]
        if not following or not isinstance(following[0], str):
            return
        if following[0].split("/", 3)[:3] != base:
            raise ValueError("a next link points to another server")
        url = following[0]
