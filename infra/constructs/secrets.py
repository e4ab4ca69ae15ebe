"""Keys for the HMACs the functions compute: OTP hashes (auth hub only) and signed page cursors (every
hub). Each is a generated Secrets Manager secret whose SecretString is the key itself; a function gets the
secret's ARN in its environment and read access to that secret alone."""

from __future__ import annotations

from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra.constructs.nag import acknowledge

ROTATION_REASON = (
    "HMAC key with no rotation Lambda: rotating it invalidates every outstanding OTP or page cursor, so "
    "it is rotated by hand in a quiet window (docs/runbook.md, 'Rotating keys')."
)


class AppSecrets(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str) -> None:
        super().__init__(scope, construct_id)
        self.otp_hash_key = self._key("OtpHashKey", f"Karmayogi {stage}: HMAC key for OTP hashes")
        self.cursor_signing_key = self._key("CursorSigningKey", f"Karmayogi {stage}: HMAC key for signed page cursors")

    def _key(self, construct_id: str, description: str) -> secretsmanager.Secret:
        secret = secretsmanager.Secret(
            self,
            construct_id,
            description=description,
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True, include_space=False
            ),
        )
        acknowledge(secret, "AwsSolutions-SMG4", ROTATION_REASON)
        return secret
