"""The web client (web/dist, built by `make web`) on S3 behind CloudFront.

- A private bucket (public access blocked, SSL enforced, S3-managed encryption, server access logs) read by
  CloudFront through an origin access control; HTTPS only, a security-headers policy (CSP, HSTS, nosniff,
  frame denial, referrer policy), `app/index.html` as the default root object, and 403/404 answered with
  `/app/index.html` so that client-side routes (/app/courses/...) load the app.
- The app is deployed under the `app/` prefix (Vite's base is /app/): hashed assets with a year of
  immutable caching, then the files with fixed names — index.html, the service worker `sw.js` (scope /app/),
  the web app manifest and its icons — and a generated `app/config.json` ({"apiBaseUrl": <the API's URL>})
  with `no-cache`, and a CloudFront invalidation of them.
- CloudFront's standard logs and the bucket's access logs go to one log bucket (expiring with the stage's
  log retention).

All of it sits in a nested stack of its own (one resource in the parent). Compose it in the stack with the
API's URL: `WebClient(self, "Web", config=config, api_url=self.api.url)`; `.url` is where the app is served.
Build web/dist first (`make web`): without it a placeholder page is deployed and synth warns.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Annotations, Duration, NestedStack, RemovalPolicy, Stack, Token
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from infra import definitions
from infra.constructs.config import StageConfig
from infra.constructs.nag import acknowledge, acknowledge_all, logical_id

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DIST = REPO_ROOT / "web" / "dist"
APP_PREFIX = "app/"
API_PREFIX = "api"  # the API on the web client's domain: https://<domain>/api/<route>
STRIP_API_PREFIX_FUNCTION = """function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^\\/api(?=\\/|$)/, '') || '/';
  return request;
}"""
SPA_ROUTES_FUNCTION = """function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/app' || (uri.indexOf('/app/') === 0 && uri.lastIndexOf('.') < uri.lastIndexOf('/'))) {
    request.uri = '/app/index.html';
  }
  return request;
}"""
SPA_ENTRY = "/app/index.html"
# The files of web/dist outside assets/ (fixed names): deployed with no-cache, never as immutable.
REVALIDATED = ("index.html", "sw.js", "manifest.webmanifest", "icons", "icons/*")
PLACEHOLDER_PAGE = (
    "<!doctype html><html lang='en'><meta charset='utf-8'><title>Karmayogi</title>"
    "<p>The web client was not built when this stack was synthesized: run <code>make web</code> and deploy again.</p>"
)


def content_security_policy(api_origin: str, waf_origin: str = "", upload_origin: str = "") -> str:
    """Everything from the app's own origin, API calls to the API, nothing inline, no framing; the players'
    needs (web/src/players.ts): media from the app's origin and MSE's blob: addresses (hls.js), workers from
    the origin and blob: (pdf.js's worker file, hls.js's inline worker), frames of the origin (a SCORM
    package under /media/, which gets the media policy of its own); with
    `waf_origin`, the AWS WAF challenge SDK's script and its token calls (infra/constructs/firewall.py);
    with `upload_origin` (the media bucket's regional host), the course files a creator sends straight to
    the bucket through presigned POSTs and part PUTs."""
    waf = f" {waf_origin}" if waf_origin else ""
    upload = f" {upload_origin}" if upload_origin else ""
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self'{waf}",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "media-src 'self' blob:",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            f"connect-src 'self' {api_origin}{waf}{upload}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "upgrade-insecure-requests",
        )
    )


class WebClient(Construct):
    """S3 + CloudFront for the single-page web client; `url` is where it is served (…/app/)."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        api_url: str,
        dist_dir: Path = DEFAULT_DIST,
        api_origin: str | None = None,
        domain_name: str | None = None,
        certificate_arn: str | None = None,
        nested_stack: bool = True,
        api_domain: str | None = None,
        api_stage: str | None = None,
        upload_origin: str = "",
    ) -> None:
        """`api_url`: the API's base URL (written to app/config.json). `api_origin`: what the CSP lets the app
        connect to (default: API Gateway endpoints of the stack's region). `domain_name` + `certificate_arn`
        (an ACM certificate in us-east-1): serve on a custom domain with TLS 1.2 minimum. `nested_stack`: create the resources in a nested stack.
        `api_domain` + `api_stage` (the API's execute-api host and stage name): serve the API on the same
        domain under `/api` (see `_add_api`), and tell the app so (config.json `apiBaseUrl` = `/api`).
        `upload_origin`: where the app may send course files (the media bucket's regional https origin)."""
        super().__init__(scope, construct_id)
        stage = self._stage = config.stage
        # Its own nested stack by default: one resource in the parent (which stays under CloudFormation's
        # 500-resource limit) instead of the ~15 of buckets, distribution and deployment provider.
        self.resources: Construct = (
            NestedStack(self, "Stack", description=f"Karmayogi web client ({stage})") if nested_stack else self
        )
        res = self.resources
        stack = Stack.of(res)
        api_origin = api_origin or f"https://*.execute-api.{stack.region}.{stack.url_suffix}"

        self.log_bucket = s3.Bucket(
            res,
            "Logs",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            # CloudFront standard logging writes with the log-delivery ACL, which needs object ownership
            # by the writer; nothing else writes here.
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(config.log_retention_days))],
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.log_bucket,
            "AwsSolutions-S1",
            "This is the log bucket of the web client (S3 server access logs and CloudFront standard logs); "
            "logging its own access would log recursively.",
        )

        self.bucket = s3.Bucket(
            res,
            "Assets",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=self.log_bucket,
            server_access_logs_prefix="s3/",
            removal_policy=RemovalPolicy.RETAIN,
        )

        self.headers = cloudfront.ResponseHeadersPolicy(
            res,
            "SecurityHeaders",
            response_headers_policy_name=f"karmayogi-{stage}-web-security",
            comment="Security headers of the Karmayogi web client",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=content_security_policy(
                        api_origin, config.waf_integration_origin, upload_origin), override=True
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.days(730), include_subdomains=True, preload=True, override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override=True
                ),
                xss_protection=cloudfront.ResponseHeadersXSSProtection(protection=True, mode_block=True, override=True),
            ),
        )

        custom_domain = bool(domain_name and certificate_arn)
        serves_api = bool(api_domain and api_stage)
        # Client-side routes (/app/courses/...) load the app. Without the API: 403/404 of the bucket answer
        # with the entry page. With it, error responses would also replace the API's own 403/404 bodies
        # (they apply to every behaviour), so a viewer-request function rewrites app routes instead.
        spa_fallback = None if serves_api else [
            cloudfront.ErrorResponse(
                http_status=status, response_http_status=200, response_page_path=SPA_ENTRY, ttl=Duration.seconds(0)
            )
            for status in (403, 404)
        ]
        spa_routes = (
            [cloudfront.FunctionAssociation(
                function=cloudfront.Function(
                    res, "SpaRoutes", comment="App routes (no file extension) under /app/ load the app",
                    code=cloudfront.FunctionCode.from_inline(SPA_ROUTES_FUNCTION),
                    runtime=cloudfront.FunctionRuntime.JS_2_0,
                ),
                event_type=cloudfront.FunctionEventType.VIEWER_REQUEST,
            )]
            if serves_api else None
        )
        self.distribution = cloudfront.Distribution(
            res,
            "Distribution",
            comment=f"Karmayogi web client ({stage})",
            default_root_object=f"{APP_PREFIX}index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=self.headers,
                compress=True,
                function_associations=spa_routes,
            ),
            error_responses=spa_fallback,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            # Edge locations in India are in every class but the 100 one.
            price_class=cloudfront.PriceClass.PRICE_CLASS_200,
            enable_logging=True,
            log_bucket=self.log_bucket,
            log_file_prefix="cloudfront/",
            domain_names=[domain_name] if custom_domain and domain_name else None,
            certificate=(
                acm.Certificate.from_certificate_arn(res, "Certificate", certificate_arn)
                if custom_domain and certificate_arn
                else None
            ),
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 if custom_domain else None,
        )
        findings = {
            "AwsSolutions-CFR1": "The platform is for India's civil servants, including officers posted in "
            "Indian missions abroad; a geo restriction would lock them out. The static files carry no data, "
            "and the API behind it has its own WAF and throttling.",
            "AwsSolutions-CFR2": "The distribution serves only static, public files of the single-page app "
            "(no data, no API); a CloudFront WAF web ACL must live in us-east-1 (another stack). Every data "
            "request goes to API Gateway, which has its regional WAF web ACL (infra/constructs/firewall.py).",
        }
        if not custom_domain:
            findings["AwsSolutions-CFR4"] = (
                "Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose "
                "minimum protocol cannot be raised; pass domain_name and certificate_arn (ACM, us-east-1) to "
                "serve with TLS 1.2 minimum (TLSv1.2_2021)."
            )
        acknowledge_all(self.distribution, findings)

        self.domain_name = domain_name if custom_domain and domain_name else self.distribution.distribution_domain_name
        if serves_api and api_domain and api_stage:
            self._add_api(api_domain, api_stage)
            api_url = f"/{API_PREFIX}"
        self._deploy(dist_dir, api_url, config.waf_integration_url)

    def _add_api(self, api_domain: str, api_stage: str) -> None:
        """`/api/*` → API Gateway (its regional execute-api endpoint, stage path as the origin path), never
        cached, every method, every viewer header but Host (API Gateway routes on its own host name).
        A viewer-request CloudFront Function strips the `/api` prefix (`/api/me` → `/<stage>/me`): it needs no
        API Gateway custom domain (a second, regional certificate) and no base path mapping, and the routes,
        the dev server and the OpenAPI document keep their paths."""
        strip = cloudfront.Function(
            self.resources, "StripApiPrefix", comment="Removes the /api prefix before the request reaches API Gateway",
            code=cloudfront.FunctionCode.from_inline(STRIP_API_PREFIX_FUNCTION),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
        )
        self.distribution.add_behavior(
            f"/{API_PREFIX}/*",
            origins.HttpOrigin(
                api_domain,
                origin_path=f"/{api_stage}",
                protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
                origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
            ),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
            origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            response_headers_policy=self.headers,
            compress=True,
            function_associations=[
                cloudfront.FunctionAssociation(function=strip, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST)
            ],
        )

    def add_media(self, bucket: s3.IBucket, key_group: cloudfront.IKeyGroup) -> None:
        """`/media/*` → the media bucket (infra/constructs/media.py) through an origin access control, only
        for requests signed by a key of `key_group` (CloudFront's signed URLs and cookies: the learning hub
        signs, functions/learning/cdn.py). The path is the object's key; nothing else is part of the cache
        key (every file lives under its own upload's prefix, so an object never changes), range requests pass
        through to S3, and the response headers carry the media policy (definitions.MEDIA_CONTENT_SECURITY_POLICY:
        a SCORM package runs on this origin but cannot reach the API)."""
        res = self.resources
        stage = self._stage
        headers = cloudfront.ResponseHeadersPolicy(
            res, "MediaHeaders",
            response_headers_policy_name=f"karmayogi-{stage}-media",
            comment="Course media: a SCORM package may run, but not reach the API",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=definitions.MEDIA_CONTENT_SECURITY_POLICY, override=True),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.days(730), include_subdomains=True, preload=True, override=True),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.SAMEORIGIN, override=True),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override=True),
            ),
        )
        cache = cloudfront.CachePolicy(
            res, "MediaCache",
            cache_policy_name=f"karmayogi-{stage}-media",
            comment="Course media: keyed on the path alone (the signature in the query string or cookies is not)",
            default_ttl=Duration.days(1), min_ttl=Duration.seconds(0), max_ttl=Duration.days(365),
            query_string_behavior=cloudfront.CacheQueryStringBehavior.none(),
            header_behavior=cloudfront.CacheHeaderBehavior.none(),
            cookie_behavior=cloudfront.CacheCookieBehavior.none(),
            enable_accept_encoding_gzip=False, enable_accept_encoding_brotli=False,
        )
        self.distribution.add_behavior(
            f"/{definitions.MEDIA_PREFIX}*",
            origins.S3BucketOrigin.with_origin_access_control(
                bucket, origin_access_levels=[cloudfront.AccessLevel.READ]),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
            cached_methods=cloudfront.CachedMethods.CACHE_GET_HEAD,
            cache_policy=cache,
            response_headers_policy=headers,
            trusted_key_groups=[key_group],
            compress=False,  # video, audio and pdf do not shrink; a byte range must address the stored bytes
        )

    @property
    def url(self) -> str:
        """Where the app is served: https://<domain>/app/."""
        return f"https://{self.domain_name}/{APP_PREFIX}"

    def _deploy(self, dist_dir: Path, api_url: str, waf_integration_url: str = "") -> None:
        res = self.resources
        built = (dist_dir / "index.html").is_file()
        if not built:
            Annotations.of(self).add_warning_v2(
                "karmayogi:web-not-built",
                f"{dist_dir} has no index.html: run `make web` before synth/deploy; a placeholder page is deployed.",
            )
        # Hashed assets first (kept a year, immutable; old ones stay for clients still running them), then the
        # files with fixed names, revalidated on every load: the entry page, the service worker (a browser
        # must see a new one), the web app manifest and its icons, and the run-time configuration; then an
        # invalidation.
        assets = s3deploy.BucketDeployment(
            res,
            "DeployAssets",
            sources=[s3deploy.Source.asset(str(dist_dir), exclude=list(REVALIDATED))] if built else [],
            destination_bucket=self.bucket,
            destination_key_prefix=APP_PREFIX,
            cache_control=[s3deploy.CacheControl.from_string("public, max-age=31536000, immutable")],
            prune=False,
            memory_limit=512,
        )
        entry_page = (
            s3deploy.Source.asset(str(dist_dir), exclude=["*", *(f"!{name}" for name in REVALIDATED)])
            if built
            else s3deploy.Source.data("index.html", PLACEHOLDER_PAGE)
        )
        entry = s3deploy.BucketDeployment(
            res,
            "DeployEntry",
            sources=[entry_page, s3deploy.Source.json_data(
                "config.json",
                {"apiBaseUrl": api_url, **({"wafIntegrationUrl": waf_integration_url} if waf_integration_url else {})})],
            destination_bucket=self.bucket,
            destination_key_prefix=APP_PREFIX,
            cache_control=[s3deploy.CacheControl.no_cache()],
            prune=False,
            memory_limit=512,
            distribution=self.distribution,
            distribution_paths=["/", f"/{APP_PREFIX}*"],
        )
        entry.node.add_dependency(assets)
        self._acknowledge_deployment(assets.handler_role)

    def _acknowledge_deployment(self, role: iam.IRole) -> None:
        """Findings on the BucketDeployment's provider (CDK's singleton function at the stack's root)."""
        stack = Stack.of(self.resources)
        account = "<AWS::AccountId>" if Token.is_unresolved(stack.account) else stack.account
        region = "<AWS::Region>" if Token.is_unresolved(stack.region) else stack.region
        partition = "<AWS::Partition>" if Token.is_unresolved(stack.partition) else stack.partition
        acknowledge_all(
            role,
            {
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]": (
                    "CDK's BucketDeployment provider writes its own CloudWatch logs with the AWS managed basic "
                    "execution policy; it runs only during deployments."
                ),
                "AwsSolutions-IAM5[Action::s3:GetBucket*]": _DEPLOY_GRANT,
                "AwsSolutions-IAM5[Action::s3:GetObject*]": _DEPLOY_GRANT,
                "AwsSolutions-IAM5[Action::s3:List*]": _DEPLOY_GRANT,
                "AwsSolutions-IAM5[Action::s3:Abort*]": _DEPLOY_GRANT,
                "AwsSolutions-IAM5[Action::s3:DeleteObject*]": _DEPLOY_GRANT,
                f"AwsSolutions-IAM5[Resource::<{logical_id(self.bucket)}.Arn>/*]": _DEPLOY_GRANT,
                f"AwsSolutions-IAM5[Resource::arn:{partition}:s3:::cdk-hnb659fds-assets-{account}-{region}/*]": (
                    "The provider reads the uploaded web/dist asset from the CDK bootstrap assets bucket (CDK's grant)."
                ),
                "AwsSolutions-IAM5[Resource::*]": (
                    "The provider creates a CloudFront invalidation of index.html and config.json after each "
                    "deployment; cloudfront:CreateInvalidation/GetInvalidation are granted on * by CDK."
                ),
            },
        )
        for child in stack.node.children:
            if child.node.id.startswith("Custom::CDKBucketDeployment"):
                acknowledge(
                    child,
                    "AwsSolutions-L1",
                    "The runtime of CDK's BucketDeployment provider is chosen and updated by aws-cdk-lib; it "
                    "runs only while deploying the web client's files.",
                )


_DEPLOY_GRANT = (
    "CDK's BucketDeployment provider copies web/dist into the web bucket: read/write/delete of the objects of "
    "that one bucket (CDK's grantReadWrite), used only during deployments."
)
