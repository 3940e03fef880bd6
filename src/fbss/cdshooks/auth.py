"""The EHR's JWT (CDS Hooks 2.0.1 "Trusting CDS Clients"): signed with ES384 or RS384 by a trusted issuer.

Checked, in order: the Bearer header; the algorithm (only ES384 / RS384: never `none`, never a symmetric one);
the issuer is configured; the key comes from the issuer's configured JWK Set or from an allow-listed `jku`;
the signature; `aud` equals the URL called; `exp`, `iat` and `nbf` within the allowed clock skew; `iat` not too
old; `sub` and `jti` present; the `jti` never seen before. Any failure is `Unauthorized` with no detail for the
caller; the reason is kept on the exception for logs.
"""

from __future__ import annotations

import base64
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from fbss.cdshooks.settings import CdsSettings, TrustedIssuer
from fbss.cdshooks.stores import ReplayStore

ALLOWED_ALGORITHMS = ("ES384", "RS384")
_KEY_TYPES = {"ES384": "EC", "RS384": "RSA"}
JWKS_CACHE_SECONDS = 300
MAX_KEY_SETS = 64  # imported public key sets kept by a verifier (a few per trusted issuer)


class Unauthorized(Exception):
    """The request is not from a trusted EHR. The message is for logs only, never for the response."""


@dataclass(frozen=True, slots=True)
class Caller:
    issuer: TrustedIssuer
    subject: str
    jti: str
    claims: dict[str, Any]


JwksFetcher = Callable[[str], dict[str, Any]]


class JwtVerifier:
    def __init__(
        self,
        settings: CdsSettings,
        replay: ReplayStore,
        fetch_jwks: JwksFetcher | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.settings = settings
        self.replay = replay
        self.fetch_jwks = fetch_jwks or _cached_fetcher(settings.fetch_timeout_seconds)
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self._key_sets: dict[bytes, KeySet] = {}

    def verify(self, authorization: str | None, audience: str) -> Caller:
        """The verified caller of a request to `audience` (the URL called); Unauthorized otherwise."""
        token = _bearer(authorization)
        header, unverified = _peek(token)
        algorithm = header.get("alg")
        if algorithm not in ALLOWED_ALGORITHMS:
            raise Unauthorized(f"algorithm {algorithm!r} is not allowed")
        issuer = self.settings.issuer(str(unverified.get("iss", "")))
        if issuer is None:
            raise Unauthorized("issuer not trusted")
        keys = self._keys(issuer, header, algorithm)
        try:
            claims = jwt.decode(token, keys, algorithms=[algorithm]).claims
        except (JoseError, ValueError) as error:
            raise Unauthorized(f"signature: {error}") from error
        self._check_claims(claims, issuer, audience)
        expires = dt.datetime.fromtimestamp(float(claims["exp"]), dt.UTC)
        skew = dt.timedelta(seconds=self.settings.clock_skew_seconds)
        if not self.replay.remember(issuer.iss, str(claims["jti"]), expires + skew):
            raise Unauthorized("jti seen before")
        return Caller(issuer, str(claims["sub"]), str(claims["jti"]), dict(claims))

    def _keys(self, issuer: TrustedIssuer, header: dict[str, Any], algorithm: str) -> KeySet:
        jku = header.get("jku")
        if jku is not None:
            if jku not in issuer.jku_allowed:
                raise Unauthorized("jku not allowed for this issuer")
            raw = self.fetch_jwks(str(jku))
        elif issuer.jwks:
            raw = issuer.jwks
        else:
            raise Unauthorized("no keys configured and no jku")
        usable = [key for key in raw.get("keys", []) if key.get("kty") == _KEY_TYPES[algorithm]]
        if "kid" in header:
            usable = [key for key in usable if key.get("kid") == header["kid"]]
        if not usable:
            raise Unauthorized("no key of the right type and kid")
        return self._imported(usable)

    def _imported(self, usable: list[dict[str, Any]]) -> KeySet:
        """The keys as a KeySet, imported once per distinct set of public keys (not on every request)."""
        fingerprint = orjson.dumps(usable, option=orjson.OPT_SORT_KEYS)
        found = self._key_sets.get(fingerprint)
        if found is None:
            try:
                found = KeySet.import_key_set({"keys": usable})
            except (JoseError, ValueError) as error:
                raise Unauthorized(f"unusable key: {error}") from error
            if len(self._key_sets) >= MAX_KEY_SETS:
                self._key_sets.clear()  # keys rotate rarely: start over rather than grow
            self._key_sets[fingerprint] = found
        return found

    def _check_claims(self, claims: dict[str, Any], issuer: TrustedIssuer, audience: str) -> None:
        now = self.now().timestamp()
        skew = self.settings.clock_skew_seconds
        if claims.get("iss") != issuer.iss:
            raise Unauthorized("iss")
        audiences = claims.get("aud")
        if audiences != audience and not (isinstance(audiences, list) and audience in audiences):
            raise Unauthorized("aud does not match the URL called")
        for name in ("exp", "iat"):
            if not isinstance(claims.get(name), int | float) or isinstance(claims.get(name), bool):
                raise Unauthorized(f"{name} missing")
        if now > claims["exp"] + skew:
            raise Unauthorized("expired")
        if claims["iat"] > now + skew:
            raise Unauthorized("issued in the future")
        if now - claims["iat"] > self.settings.max_token_age_seconds + skew:
            raise Unauthorized("issued too long ago")
        nbf = claims.get("nbf")
        if nbf is not None and (not isinstance(nbf, int | float) or nbf > now + skew):
            raise Unauthorized("not yet valid")
        for name in ("sub", "jti"):
            if not isinstance(claims.get(name), str) or not claims[name]:
                raise Unauthorized(f"{name} missing")


def _bearer(authorization: str | None) -> str:
    if not authorization:
        raise Unauthorized("no Authorization header")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("not a Bearer token")
    return token.strip()


def _peek(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims before verification, only to pick the algorithm, issuer and key."""
    parts = token.split(".")
    if len(parts) != 3:
        raise Unauthorized("not a compact JWS")
    try:
        header, claims = (orjson.loads(_b64(part)) for part in parts[:2])
    except (ValueError, orjson.JSONDecodeError) as error:
        raise Unauthorized("undecodable token") from error
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise Unauthorized("undecodable token")
    return header, claims


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _cached_fetcher(timeout: float) -> JwksFetcher:
    cache: dict[str, tuple[float, dict[str, Any]]] = {}

    def fetch(url: str) -> dict[str, Any]:
        hit = cache.get(url)
        if hit and time.monotonic() - hit[0] < JWKS_CACHE_SECONDS:
            return hit[1]
        try:
            response = httpx.get(url, timeout=timeout, follow_redirects=False)
            response.raise_for_status()
            keys = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise Unauthorized(f"jku fetch failed: {error}") from error
        if not isinstance(keys, dict):
            raise Unauthorized("jku did not return a JWK Set")
        cache[url] = (time.monotonic(), keys)
        return keys

    return fetch
