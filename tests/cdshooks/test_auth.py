"""Only a trusted EHR's fresh, signed, single-use JWT for this very URL gets an answer; anything else is 401."""

from __future__ import annotations

import base64
import json
import time

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey

from tests.cdshooks.conftest import hook_request, prefetch_of

PATH = "/fbss-patient-view"


@pytest.fixture
def body(rich_record):
    patient_id, resources = rich_record
    return hook_request("patient-view", patient_id, prefetch_of(resources, patient_id))


def _unsigned(claims: dict) -> str:
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _assert_refused(response) -> None:
    assert response.status_code == 401
    assert response.content == b""
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_valid_es384_token_is_accepted(server, body):
    assert server.post(PATH, body).status_code == 200


def test_a_valid_rs384_token_is_accepted(server, body):
    assert server.post(PATH, body, algorithm="RS384").status_code == 200


def test_no_token_is_refused(server, body):
    import httpx

    _assert_refused(httpx.post(server.url(PATH), json=body))


def test_an_expired_token_is_refused(server, body):
    now = int(time.time())
    _assert_refused(server.post(PATH, body, claims={"iat": now - 1200, "exp": now - 900}))


def test_a_token_within_the_clock_skew_is_accepted(server, body):
    now = int(time.time())
    assert server.post(PATH, body, claims={"iat": now - 200, "exp": now - 60}).status_code == 200


def test_a_replayed_token_is_refused(server, body):
    token = server.token(PATH)
    assert server.post(PATH, body, token=token).status_code == 200
    _assert_refused(server.post(PATH, body, token=token))


def test_a_token_for_another_url_is_refused(server, body):
    _assert_refused(server.post(PATH, body, claims={"aud": server.url("/fbss-order-sign")}))


def test_an_unsigned_token_is_refused(server, body):
    now = int(time.time())
    claims = {
        "iss": "https://ehr.example.org",
        "sub": "x",
        "aud": server.url(PATH),
        "iat": now,
        "exp": now + 60,
        "jti": "u1",
    }
    _assert_refused(server.post(PATH, body, token=_unsigned(claims)))


def test_a_symmetric_algorithm_is_refused_even_with_a_valid_signature(server, body, hs384_key):
    _assert_refused(server.post(PATH, body, key=hs384_key, algorithm="HS384"))


def test_an_untrusted_issuer_is_refused(server, body):
    _assert_refused(server.post(PATH, body, claims={"iss": "https://other.example.org"}))


def test_a_key_the_issuer_does_not_publish_is_refused(server, body):
    stranger = ECKey.generate_key("P-384", parameters={"kid": "ec-1"})
    _assert_refused(server.post(PATH, body, key=stranger))


def test_a_token_not_yet_valid_is_refused(server, body):
    _assert_refused(server.post(PATH, body, claims={"nbf": int(time.time()) + 3600}))


def test_a_token_issued_in_the_future_is_refused(server, body):
    now = int(time.time())
    _assert_refused(server.post(PATH, body, claims={"iat": now + 3600, "exp": now + 3900}))


@pytest.mark.parametrize("claim", ["jti", "sub", "exp", "iat"])
def test_a_token_missing_a_required_claim_is_refused(server, body, claim):
    _assert_refused(server.post(PATH, body, claims={claim: None}))


def test_keys_from_an_allow_listed_jku_are_used(server, body):
    header = {"jku": f"{server.base}/jwks"}
    assert server.post(PATH, body, key=server.ehr.jku_key, header=header).status_code == 200


def test_a_jku_not_on_the_allow_list_is_refused(server, body):
    header = {"jku": "https://attacker.example.org/jwks"}
    _assert_refused(server.post(PATH, body, key=server.ehr.jku_key, header=header))


def test_the_body_is_not_read_before_the_token_is_checked(server):
    import httpx

    _assert_refused(
        httpx.post(server.url(PATH), content=b"not json", headers={"Authorization": "Bearer x.y.z"})
    )


def test_a_signed_token_without_claims_is_refused(server, body):
    token = jwt.encode({"alg": "ES384", "kid": "ec-1"}, {}, server.ehr.ec_key, algorithms=["ES384"])
    _assert_refused(server.post(PATH, body, token=token))
