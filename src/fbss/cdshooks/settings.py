"""Settings of the CDS Hooks service: who may call it and where links point. Read once, passed down."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _secure_or_loopback(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme == "https" or (parsed.scheme == "http" and parsed.hostname in _LOOPBACK):
        return url.rstrip("/")
    raise ValueError(f"{url!r}: use https (plain http only on the loopback interface)")


class TrustedIssuer(BaseModel):
    """An EHR allowed to call the service: its `iss`, its keys, and the FHIR servers it may point us to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    iss: str = Field(min_length=1, description="The `iss` claim of the EHR's JWTs")
    jwks: dict[str, Any] | None = Field(None, description="The EHR's public JWK Set (keys ES384 or RS384)")
    jku_allowed: tuple[str, ...] = Field(
        (), description="JWK Set URLs the EHR may name in the JWT `jku` header; fetched over https"
    )
    fhir_servers: tuple[str, ...] = Field(
        (), description="FHIR base URLs (`fhirServer`) this EHR may send; the service fetches only from these"
    )

    @model_validator(mode="after")
    def _has_keys(self) -> TrustedIssuer:
        if not self.jwks and not self.jku_allowed:
            raise ValueError(f"trusted issuer {self.iss}: give a JWK Set or allowed jku URLs")
        return self

    @field_validator("jku_allowed", "fhir_servers")
    @classmethod
    def _secure(cls, urls: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_secure_or_loopback(url) for url in urls)


class CdsSettings(BaseModel):
    """Everything a deployment sets for CDS Hooks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service_base_url: str = Field(
        description="The public URL of the /cds-services endpoint as EHRs call it; JWT `aud` must equal "
        "this URL plus the service path"
    )
    public_base_url: str = Field(
        description="Base URL of the app; cards link to {public_base_url}/patients/{id}"
    )
    trusted_issuers: tuple[TrustedIssuer, ...] = Field(description="EHRs allowed to call the service")
    clock_skew_seconds: int = Field(300, ge=0, le=600, description="Tolerance on exp, iat and nbf")
    max_token_age_seconds: int = Field(
        3600, ge=60, description="Tokens issued longer ago than this are refused even if exp is later"
    )
    fetch_timeout_seconds: float = Field(5.0, gt=0, le=60, description="Timeout of FHIR and JWK Set fetches")
    order_codes: dict[str, str] = Field(
        default_factory=dict,
        description="Site order codes 'system|code' -> fbss procedure kind (e.g. esi_interlaminar, scs_trial)",
    )

    @field_validator("service_base_url", "public_base_url")
    @classmethod
    def _secure(cls, url: str) -> str:
        return _secure_or_loopback(url)

    def issuer(self, iss: str) -> TrustedIssuer | None:
        return next((issuer for issuer in self.trusted_issuers if issuer.iss == iss), None)

    def patient_url(self, patient_id: str) -> str:
        return f"{self.public_base_url}/patients/{patient_id}"
