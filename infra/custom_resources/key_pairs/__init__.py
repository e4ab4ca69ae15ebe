"""The handlers of the key pairs made at deployment (infra/constructs/key_pair.py): one asset, one module per
kind of key (`issuer`, `vapid`, `media`), the CloudFormation lifecycle they share in `lifecycle`."""
