"""Certificates as verifiable credentials: a W3C Verifiable Credential 2.0 in the Open Badges 3.0 vocabulary
(`OpenBadgeCredential`), secured with a Data Integrity proof of the `eddsa-jcs-2022` cryptosuite (Ed25519 over
the JSON Canonicalization Scheme, RFC 8785, through the maintained `rfc8785` package), so that anyone can check
a certificate offline with the platform's public key.

- The issuer is the platform, named by the `did:key` of its Ed25519 public key (self-describing: the key is in
  the identifier); `issuer_document()` is what `GET /.well-known/karmayogi-issuer.json` publishes: the same key
  as Multikey (`publicKeyMultibase`) and as a JWK (what WebCrypto imports). The course's provider org appears
  as the achievement's `creator`.
- A revoked certificate's credential carries `validUntil` = the time it was revoked (signed like the rest),
  so an offline check tells "revoked" from "valid"; a changed field breaks the signature ("tampered").
- The private key is the secret ISSUER_KEY_SECRET_ARN names (karmayogi.platform.settings.issuer_key): made at
  deployment (infra/custom_resources/key_pairs/issuer.py), at start by the dev server (local/issuer.py).

`verify(credential, issuer)` is the offline verifier (the tests' and any relying party's); the web client's
verification page does the same in the browser."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CRYPTOSUITE = "eddsa-jcs-2022"
ISSUER_NAME = "Karmayogi Bharat"
MULTICODEC_ED25519_PUB = b"\xed\x01"

Outcome = Literal["valid", "revoked", "tampered"]


@dataclass(frozen=True)
class IssuerKey:
    public: bytes  # 32 bytes
    private: bytes  # 32 bytes (the Ed25519 seed)

    @property
    def multibase(self) -> str:
        return multibase_public_key(self.public)

    @property
    def did(self) -> str:
        return f"did:key:{self.multibase}"

    @property
    def verification_method(self) -> str:
        return f"{self.did}#{self.multibase}"


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def multibase_public_key(public: bytes) -> str:
    """The Multikey form of an Ed25519 public key: multibase base58btc ('z') of the multicodec 0xed01 + key."""
    import base58

    return "z" + base58.b58encode(MULTICODEC_ED25519_PUB + public).decode()


def public_key_of_multibase(value: str) -> bytes:
    import base58

    if not value.startswith("z"):
        raise ValueError("not base58btc multibase")
    raw = base58.b58decode(value[1:])
    if raw[:2] != MULTICODEC_ED25519_PUB or len(raw) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return raw[2:]


def new_key_pair() -> str:
    """A new Ed25519 key as the secret holds it: JSON {"publicKey", "privateKey"} (base64url, 32 bytes each)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return json.dumps({"publicKey": b64url(public), "privateKey": b64url(private)})


@lru_cache(maxsize=2)
def parse_key(secret: str) -> IssuerKey:
    """The secret's key pair, checked (a wrong secret fails loudly, naming what is wrong)."""
    from karmayogi.platform.settings import SettingsError

    try:
        document = json.loads(secret)
        public, private = b64url_decode(document["publicKey"]), b64url_decode(document["privateKey"])
        if len(public) != 32 or len(private) != 32:
            raise ValueError("wrong key sizes")
        if _public_of(private) != public:
            raise ValueError("the halves do not match")
    except (ValueError, KeyError, TypeError) as error:
        raise SettingsError("the issuer key secret is not {\"publicKey\", \"privateKey\"} of an Ed25519 key "
                            "(base64url, 32 bytes each)") from error
    return IssuerKey(public=public, private=private)


def issuer_key() -> IssuerKey:
    from karmayogi.platform.settings import get_settings

    return parse_key(get_settings().issuer_key)


def _public_of(private: bytes) -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def published_key() -> IssuerKey:
    """The issuer's public key as the stack gives it (ISSUER_PUBLIC_KEY: no secret read), else (tests, a
    function deployed without it) the public half of the secret's pair."""
    from karmayogi.platform.settings import get_settings

    public = get_settings().issuer_public_key
    if public:
        raw = b64url_decode(public)
        if len(raw) == 32:
            return IssuerKey(public=raw, private=b"")
    return issuer_key()


def issuer_document(key: IssuerKey | None = None) -> dict[str, Any]:
    """The public issuer profile (`GET /.well-known/karmayogi-issuer.json`): who signs and with what key."""
    key = key or published_key()
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": key.did,
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "cryptosuite": CRYPTOSUITE,
        "verificationMethod": [{
            "id": key.verification_method,
            "type": "Multikey",
            "controller": key.did,
            "publicKeyMultibase": key.multibase,
            "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": b64url(key.public)},
        }],
        "assertionMethod": [key.verification_method],
    }


def _utc(iso: str) -> str:
    """An ISO time as VC's dateTimeStamp in UTC (…Z), to the second (a time without offset is UTC)."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def unsigned_credential(certificate: dict[str, Any], issuer_did: str, *, verify_url: str | None = None,
                        competency_names: dict[str, str] | None = None) -> dict[str, Any]:
    """The credential of a certificate item (before its proof). `certificate` is the stored certificate
    (`id`, `learnerName`, `courseId`, `courseTitle`, `issuedAt`, `competencies`, optional `kind`,
    `providerName`, `providerOrgId`, `revokedAt`)."""
    names = competency_names or {}
    kind = certificate.get("kind", "course")
    achievement: dict[str, Any] = {
        "id": f"urn:karmayogi:{kind}:{certificate['courseId']}",
        "type": ["Achievement"],
        "achievementType": "Certificate" if kind == "course" else "Achievement",
        "name": certificate["courseTitle"],
        "description": ("Completed every mandatory content of the course on Karmayogi" if kind == "course"
                        else "Attended the event on Karmayogi"),
        "criteria": {"narrative": "Completion verified by the Karmayogi platform" if kind == "course"
                     else "Attendance recorded by the event's organiser"},
    }
    if certificate.get("providerName") or certificate.get("providerOrgId"):
        achievement["creator"] = {"id": f"urn:karmayogi:org:{certificate.get('providerOrgId') or 'unknown'}",
                                  "type": ["Profile"], "name": certificate.get("providerName") or ""}
    competencies = certificate.get("competencies") or []
    if competencies:
        achievement["alignment"] = [{
            "type": ["Alignment"],
            "targetCode": str(c["competencyId"]),
            "targetName": names.get(str(c["competencyId"]), str(c["competencyId"])),
            "targetDescription": f"level {int(c['level'])}",
            "targetType": "ext:KarmayogiCompetency",
            "targetUrl": f"urn:karmayogi:competency:{c['competencyId']}",
        } for c in competencies]
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:karmayogi:certificate:{certificate['id']}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate["courseTitle"],
        "issuer": {"id": issuer_did, "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": _utc(str(certificate["issuedAt"])),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                            "identityHash": certificate["learnerName"]}],
            "name": certificate["learnerName"],
            "achievement": achievement,
        },
    }
    if verify_url:
        credential["evidence"] = [{"id": verify_url, "type": ["Evidence"], "name": "Verification page"}]
    if certificate.get("revokedAt"):
        credential["validUntil"] = _utc(str(certificate["revokedAt"]))
    return credential


def _hash_data(document: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    import rfc8785

    return (hashlib.sha256(rfc8785.dumps(proof_config)).digest()
            + hashlib.sha256(rfc8785.dumps(document)).digest())


def sign(credential: dict[str, Any], key: IssuerKey | None = None, *, created: str | None = None) -> dict[str, Any]:
    """The credential with its `eddsa-jcs-2022` DataIntegrityProof (W3C VC Data Integrity EdDSA
    Cryptosuites v1.0 § 3.3): hash of the JCS proof options ‖ hash of the JCS document, signed with Ed25519."""
    import base58
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = key or issuer_key()
    document = {k: v for k, v in credential.items() if k != "proof"}
    proof_config = {
        "@context": document["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created or document["validFrom"],
        "verificationMethod": key.verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = Ed25519PrivateKey.from_private_bytes(key.private).sign(_hash_data(document, proof_config))
    proof = {k: v for k, v in proof_config.items() if k != "@context"}
    proof["proofValue"] = "z" + base58.b58encode(signature).decode()
    return {**document, "proof": proof}


@dataclass(frozen=True)
class Verification:
    outcome: Outcome
    reason: str = ""


def verify(credential: dict[str, Any], issuer: dict[str, Any], *, now: datetime | None = None) -> Verification:
    """Check a credential offline against the issuer document (`issuer_document()`, as published): the proof's
    key is one the issuer publishes, the signature covers the credential as it is, and it is not past its
    `validUntil` (revoked). Anything else is "tampered" with the reason."""
    import base58
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        credential = copy.deepcopy(credential)
        proof = credential.pop("proof")
        methods = {m["id"]: m for m in issuer.get("verificationMethod", [])}
        method = methods.get(proof.get("verificationMethod"))
        if method is None or proof.get("verificationMethod") not in issuer.get("assertionMethod", []):
            return Verification("tampered", "the proof's key is not the issuer's")
        if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
            return Verification("tampered", "not an eddsa-jcs-2022 proof")
        if (credential.get("issuer") or {}).get("id") != issuer.get("id"):
            return Verification("tampered", "issued by someone else")
        public = public_key_of_multibase(method["publicKeyMultibase"])
        signature = base58.b58decode(str(proof["proofValue"])[1:]) if str(proof["proofValue"]).startswith("z") else b""
        proof_config = {k: v for k, v in proof.items() if k != "proofValue"}
        proof_config["@context"] = credential["@context"]
        Ed25519PublicKey.from_public_bytes(public).verify(signature, _hash_data(credential, proof_config))
    except InvalidSignature:
        return Verification("tampered", "the signature does not match the credential")
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return Verification("tampered", f"malformed credential: {type(error).__name__}")
    valid_until = credential.get("validUntil")
    if valid_until:
        moment = now or datetime.now(UTC)
        if datetime.fromisoformat(str(valid_until).replace("Z", "+00:00")) <= moment:
            return Verification("revoked", f"revoked at {valid_until}")
    return Verification("valid")
