"""The constructs the Karmayogi stack is composed of (infra/stack.py only wires them together)."""

from infra.constructs.api import Api
from infra.constructs.auth import Auth
from infra.constructs.config import DEFAULT_STAGE, StageConfig
from infra.constructs.firewall import Firewall
from infra.constructs.hub_function import FunctionDefaults, HubFunction
from infra.constructs.layers import SharedLayers
from infra.constructs.monitoring import Monitoring
from infra.constructs.notifications import Notifications
from infra.constructs.schedules import Schedules
from infra.constructs.secrets import AppSecrets
from infra.constructs.table import Table
from infra.constructs.workflows import Workflows

__all__ = [
    "DEFAULT_STAGE",
    "Api",
    "AppSecrets",
    "Auth",
    "Firewall",
    "FunctionDefaults",
    "HubFunction",
    "Monitoring",
    "Notifications",
    "Schedules",
    "SharedLayers",
    "StageConfig",
    "Table",
    "Workflows",
]
