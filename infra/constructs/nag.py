"""cdk-nag 3 acknowledgments: `Validations.of(construct).acknowledge(...)`, always with a specific reason.

An acknowledgment applies to the construct and everything below it, so acknowledge on the narrowest
construct that holds the finding. A finding with a detail (IAM wildcards) is acknowledged by its full id,
e.g. `AwsSolutions-IAM5[Resource::*]`.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, CfnElement, Stack, Validations
from constructs import IConstruct


def acknowledge(construct: IConstruct, rule_id: str, reason: str) -> None:
    if not reason or len(reason) < 20:
        raise ValueError(f"acknowledgment of {rule_id} needs a specific reason")
    Validations.of(construct).acknowledge(Acknowledgment(id=rule_id, reason=reason))


def acknowledge_all(construct: IConstruct, findings: dict[str, str]) -> None:
    for rule_id, reason in findings.items():
        acknowledge(construct, rule_id, reason)


def logical_id(construct: IConstruct) -> str:
    """The CloudFormation logical id of an L2 construct's resource, as nag prints it in finding ids
    (e.g. `Resource::<TableXXXX.Arn>/index/*`)."""
    child = construct.node.default_child
    if not isinstance(child, CfnElement):
        raise TypeError(f"{construct.node.path} has no CloudFormation resource")
    stack = Stack.of(construct)
    return str(stack.resolve(stack.get_logical_id(child)))
