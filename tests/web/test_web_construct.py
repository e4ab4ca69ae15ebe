"""infra/constructs/web.py synthesized in a stack of its own (cdk.json's feature flags, cdk-nag AwsSolutions):
a private, logged, SSL-only bucket behind CloudFront with OAC, HTTPS, security headers and the SPA fallback,
deployments of web/dist and of the generated config.json; nag-clean. A second copy is synthesized without
a built web/dist: it deploys a placeholder page and warns instead of failing the synth."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.infra

API_URL = "https://abc123.execute-api.ap-south-1.amazonaws.com/dev/"


@pytest.fixture(scope="module")
def synthesized(web_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    import aws_cdk as cdk
    from cdk_nag import AwsSolutionsChecks

    from infra.app import cdk_json_context
    from infra.constructs.config import StageConfig
    from infra.constructs.web import WebClient

    outdir = tmp_path_factory.mktemp("web-cdk")
    app = cdk.App(context=cdk_json_context(), outdir=str(outdir))
    stack = cdk.Stack(app, "WebOnly", env=cdk.Environment(account="123456789012", region="ap-south-1"))
    web = WebClient(stack, "Web", config=StageConfig("dev"), api_url=API_URL, dist_dir=web_dist)
    unbuilt = WebClient(stack, "Unbuilt", config=StageConfig("dev"), api_url=API_URL, dist_dir=outdir / "missing")
    report = AwsSolutionsChecks().validate_scope(stack)
    findings = [
        f"{v.severity} {v.rule_name}: {[r.construct_path for r in v.violating_resources]}"
        for v in (report.violations or [])
    ]
    assembly = app.synth()
    artifact = assembly.get_stack_artifact(stack.artifact_id)
    parent = json.loads(Path(assembly.directory, artifact.template_file).read_text())
    # Each WebClient keeps its resources in a nested stack: the checks below read both nested templates.
    template: dict[str, Any] = {"Resources": {}}
    for client in (web, unbuilt):
        nested = json.loads(Path(assembly.directory, client.resources.template_file).read_text())
        template["Resources"].update({f"{client.node.id}{k}": v for k, v in nested["Resources"].items()})
    return {
        "findings": findings,
        "parent": parent,
        "template": template,
        "directory": Path(assembly.directory),
        "messages": [m.entry.data for m in artifact.messages],
        "web": web,
        "unbuilt": unbuilt,
        "stack": stack,
    }


def _flatten(value: Any) -> str:
    """A string property as text, with {"Ref": "AWS::X"} as <AWS::X> (CloudFormation's Fn::Join)."""
    if isinstance(value, str):
        return value
    if "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(_flatten(part) for part in parts)
    if "Ref" in value:
        return f"<{value['Ref']}>"
    return json.dumps(value)


def _of_type(template: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    return [r for r in template["Resources"].values() if r["Type"] == resource_type]


def test_nag_clean(synthesized):
    assert synthesized["findings"] == []


def test_one_resource_in_the_parent_stack(synthesized):
    """The parent stays under CloudFormation's 500 resources: each client is one nested stack."""
    parent = synthesized["parent"]["Resources"]
    assert [r["Type"] for r in parent.values()] == ["AWS::CloudFormation::Stack"] * 2


def test_nested_templates_pass_cfn_lint(synthesized):
    files = list(synthesized["directory"].glob("*.nested.template.json"))
    assert len(files) == 2
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from cfnlint.runner import main; sys.exit(main())",
            "--ignore-checks",
            "W3005",
            "--",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_buckets_are_private_encrypted_ssl_only_and_logged(synthesized):
    buckets = _of_type(synthesized["template"], "AWS::S3::Bucket")
    assert len(buckets) == 4  # assets + logs, twice
    for bucket in buckets:
        props = bucket["Properties"]
        assert props["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }
        assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
        assert bucket["DeletionPolicy"] == "Retain"
    assert sum("LoggingConfiguration" in b["Properties"] for b in buckets) == 2
    policies = _of_type(synthesized["template"], "AWS::S3::BucketPolicy")
    for policy in policies:
        statements = policy["Properties"]["PolicyDocument"]["Statement"]
        assert any(
            s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in statements
        )


def test_distribution_https_oac_headers_and_spa_fallback(synthesized):
    template = synthesized["template"]
    distributions = _of_type(template, "AWS::CloudFront::Distribution")
    assert len(distributions) == 2
    config = distributions[0]["Properties"]["DistributionConfig"]
    assert config["DefaultRootObject"] == "app/index.html"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert "ResponseHeadersPolicyId" in config["DefaultCacheBehavior"]
    assert config["Origins"][0]["OriginAccessControlId"]
    assert config["Logging"]["Prefix"] == "cloudfront/"
    assert sorted(
        (e["ErrorCode"], e["ResponseCode"], e["ResponsePagePath"]) for e in config["CustomErrorResponses"]
    ) == [
        (403, 200, "/app/index.html"),
        (404, 200, "/app/index.html"),
    ]
    assert len(_of_type(template, "AWS::CloudFront::OriginAccessControl")) == 2

    headers = _of_type(template, "AWS::CloudFront::ResponseHeadersPolicy")[0]["Properties"][
        "ResponseHeadersPolicyConfig"
    ]
    security = headers["SecurityHeadersConfig"]
    csp = _flatten(security["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "connect-src 'self' https://*.execute-api.ap-south-1.<AWS::URLSuffix>" in csp
    # The players (web/src/players.ts): hls.js plays MSE blob: addresses and runs a blob: worker, pdf.js's
    # worker is a file of the app, a SCORM package is framed from /media/ on the same origin; nothing else.
    assert "media-src 'self' blob:" in csp
    assert "worker-src 'self' blob:" in csp
    assert "frame-src 'self';" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    assert security["ContentTypeOptions"]["Override"] is True


def test_deployments_of_the_built_app_and_its_config(synthesized):
    template = synthesized["template"]
    deployments = _of_type(template, "Custom::CDKBucketDeployment")
    assert len(deployments) == 4  # assets + entry, twice
    entry = [d for d in deployments if "DistributionPaths" in d["Properties"]]
    assert len(entry) == 2
    for deployment in deployments:
        assert deployment["Properties"]["DestinationBucketKeyPrefix"] == "app/"
        assert deployment["Properties"]["Prune"] is False
    assert sorted(entry[0]["Properties"]["DistributionPaths"]) == ["/", "/app/*"]
    # The staged assets: the hashed files alone (immutable); the files with fixed names (no-cache): the entry
    # page, the service worker, the manifest and its icons; config.json with the API's URL.
    staged = [p for p in synthesized["directory"].iterdir() if p.name.startswith("asset.") and p.is_dir()]
    listings = [sorted(q.name for q in p.iterdir()) for p in staged]
    assert ["assets"] in listings
    assert ["icons", "index.html", "manifest.webmanifest", "sw.js"] in listings
    revalidated = next(p for p in staged if (p / "sw.js").exists())
    assert sorted(q.name for q in (revalidated / "icons").iterdir()) == [
        "apple-touch-icon.png", "icon-192.png", "icon-512.png", "maskable-192.png", "maskable-512.png"]
    by_listing = {tuple(sorted(q.name for q in p.iterdir())): p for p in staged}

    def cache_control(listing: tuple[str, ...]) -> str:
        digest = by_listing[listing].name.removeprefix("asset.")
        deployment = next(d for d in deployments if digest in json.dumps(d["Properties"].get("SourceObjectKeys")))
        return json.dumps(deployment["Properties"].get("SystemMetadata"))

    assert "immutable" in cache_control(("assets",))
    assert "no-cache" in cache_control(("icons", "index.html", "manifest.webmanifest", "sw.js"))
    assert "immutable" not in cache_control(("icons", "index.html", "manifest.webmanifest", "sw.js"))
    configs = [json.loads((p / "config.json").read_text()) for p in staged if (p / "config.json").exists()]
    assert {"apiBaseUrl": API_URL} in configs


def test_without_a_build_a_placeholder_is_deployed_with_a_warning(synthesized):
    warnings = [str(m) for m in synthesized["messages"]]
    assert any("make web" in w for w in warnings), warnings


def test_url_is_the_app_path(synthesized):
    stack = synthesized["stack"]
    url = stack.resolve(synthesized["web"].url)
    assert json.dumps(url).count("/app/") == 1
