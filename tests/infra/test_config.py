"""Per-stage settings from the CDK context."""

from __future__ import annotations

import pytest

from infra.app import cdk_json_context
from infra.constructs.config import StageConfig

pytestmark = pytest.mark.infra


def test_cdk_json_defines_dev_and_prod():
    stages = cdk_json_context()["stages"]
    assert {"dev", "prod"} <= set(stages)
    for stage in stages:
        config = StageConfig.from_context(stage, stages)
        assert config.region == "ap-south-1"
        config.log_retention  # noqa: B018 - valid retention


def test_unknown_stage_and_unknown_setting_are_errors():
    with pytest.raises(ValueError, match="unknown stage 'qa'"):
        StageConfig.from_context("qa", {"dev": {}})
    with pytest.raises(ValueError, match="unknown settings"):
        StageConfig.from_context("dev", {"dev": {"memory": 512}})
    with pytest.raises(ValueError, match="logRetentionDays"):
        StageConfig.from_context("dev", {"dev": {"logRetentionDays": 2}})


def test_camel_case_keys_map_to_settings():
    config = StageConfig.from_context("dev", {"dev": {"memoryMb": 512, "allowedOrigins": "https://a.gov.in"}})
    assert config.memory_mb == 512
    assert config.allowed_origins == ("https://a.gov.in",)
    assert config.email_sender == "no-reply@karmayogi.gov.in"
