"""Signed delivery of course media in the synthesized dev stack: the /media/* behaviour of the web client's
distribution (media bucket through an origin access control, a trusted key group, a path-only cache key, the
media CSP), the key pair made by a custom resource, and its secret readable by the learning hub alone."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra import definitions

from .helpers import function_logical_ids, secret_readers

pytestmark = pytest.mark.infra


def _one(dev, resource_type: str) -> tuple[str, dict[str, Any]]:
    found = dev.resources(resource_type)
    assert len(found) == 1, sorted(found)
    return next(iter(found.items()))


def _media_behaviour(dev) -> dict[str, Any]:
    _, distribution = _one(dev, "AWS::CloudFront::Distribution")
    config = distribution["Properties"]["DistributionConfig"]
    (behaviour,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == f"/{definitions.MEDIA_PREFIX}*"]
    return {"behaviour": behaviour, "config": config}


def test_media_behaviour_serves_the_media_bucket_only_to_signed_requests(dev):
    found = _media_behaviour(dev)
    behaviour, config = found["behaviour"], found["config"]
    assert behaviour["ViewerProtocolPolicy"] == "https-only"
    assert behaviour["AllowedMethods"] == ["GET", "HEAD"] and behaviour["Compress"] is False
    key_group_id, _ = _one(dev, "AWS::CloudFront::KeyGroup")
    assert behaviour["TrustedKeyGroups"] == [{"Ref": key_group_id}]
    # the origin: the media bucket through an origin access control (no public bucket, no OAI)
    (origin,) = [o for o in config["Origins"] if o["Id"] == behaviour["TargetOriginId"]]
    assert "MediaBucket" in json.dumps(origin["DomainName"])
    assert origin["OriginAccessControlId"] and origin["S3OriginConfig"]["OriginAccessIdentity"] == ""
    controls = [c["Properties"]["OriginAccessControlConfig"] for c in
                dev.resources("AWS::CloudFront::OriginAccessControl").values()]
    assert any(c["SigningBehavior"] == "always" and c["OriginAccessControlOriginType"] == "s3" for c in controls)
    # the media bucket lets CloudFront (this distribution) read, nothing more
    statements = [s for p in dev.resources("AWS::S3::BucketPolicy").values()
                  if "MediaBucket" in json.dumps(p["Properties"]["Bucket"])
                  for s in p["Properties"]["PolicyDocument"]["Statement"]]
    (read,) = [s for s in statements if s.get("Principal") == {"Service": "cloudfront.amazonaws.com"}]
    assert read["Action"] == "s3:GetObject" and "AWS:SourceArn" in json.dumps(read["Condition"])


def test_media_cache_key_is_the_path_and_headers_carry_the_media_policy(dev):
    behaviour = _media_behaviour(dev)["behaviour"]
    policies = dev.resources("AWS::CloudFront::CachePolicy")
    cache = policies[behaviour["CachePolicyId"]["Ref"]]["Properties"]["CachePolicyConfig"]
    key = cache["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["QueryStringsConfig"] == {"QueryStringBehavior": "none"}
    assert key["HeadersConfig"] == {"HeaderBehavior": "none"}
    assert key["CookiesConfig"] == {"CookieBehavior": "none"}
    headers = dev.resources("AWS::CloudFront::ResponseHeadersPolicy")[behaviour["ResponseHeadersPolicyId"]["Ref"]]
    security = headers["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    assert csp == definitions.MEDIA_CONTENT_SECURITY_POLICY
    assert "connect-src 'none'" in csp and "form-action 'none'" in csp
    assert security["FrameOptions"]["FrameOption"] == "SAMEORIGIN"


def test_the_key_pair_is_made_at_deployment_and_trusted(dev):
    _, key_group = _one(dev, "AWS::CloudFront::KeyGroup")
    public_key_id, public_key = _one(dev, "AWS::CloudFront::PublicKey")
    assert key_group["Properties"]["KeyGroupConfig"]["Items"] == [{"Ref": public_key_id}]
    encoded = public_key["Properties"]["PublicKeyConfig"]["EncodedKey"]
    (custom_id,) = [k for k, r in dev.template_json["Resources"].items() if r["Type"] == "Custom::MediaSigningKeyPair"]
    assert encoded == {"Fn::GetAtt": [custom_id, "PublicKey"]}
    secret_ref = dev.template_json["Resources"][custom_id]["Properties"]["SecretArn"]
    (secret_id,) = [k for k, r in dev.resources("AWS::SecretsManager::Secret").items()
                    if r["Properties"].get("Name") == definitions.media_signing_secret_name("dev")]
    assert secret_ref == {"Ref": secret_id}


def test_only_the_learning_hub_reads_the_private_key(dev):
    (secret_id,) = [k for k, r in dev.resources("AWS::SecretsManager::Secret").items()
                    if r["Properties"].get("Name") == definitions.media_signing_secret_name("dev")]
    functions = dev.resources("AWS::Lambda::Function")
    learning = functions[function_logical_ids(dev.template_json, "dev")["learning"]]
    generator = [f for k, f in functions.items() if k.startswith("MediaSigningKeyPairFunction")]
    assert len(generator) == 1
    expected = {learning["Properties"]["Role"]["Fn::GetAtt"][0], generator[0]["Properties"]["Role"]["Fn::GetAtt"][0]}
    assert secret_readers(dev, secret_id) == expected
    environment = learning["Properties"]["Environment"]["Variables"]
    assert environment["MEDIA_SIGNING_KEY_SECRET_ARN"] == {"Ref": secret_id}
    public_key_id, _ = _one(dev, "AWS::CloudFront::PublicKey")
    assert environment["MEDIA_KEY_PAIR_ID"] == {"Ref": public_key_id}


def test_the_app_may_send_course_files_to_the_media_bucket_and_nowhere_else(dev):
    """The app's own CSP (not the media one) names the media bucket's regional host in connect-src: a
    creator's presigned POST and part PUTs go there (without it the browser blocks every upload)."""
    app_policies = [p["Properties"]["ResponseHeadersPolicyConfig"] for p in
                    dev.resources("AWS::CloudFront::ResponseHeadersPolicy").values()
                    if p["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]["FrameOptions"][
                        "FrameOption"] == "DENY"]
    (app,) = app_policies
    csp = json.dumps(app["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    connect = csp[csp.index("connect-src"):csp.index("object-src")]
    assert "MediaBucket" in connect and "RegionalDomainName" in connect, connect
