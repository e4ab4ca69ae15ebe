"""The platform: what every hub needs and no hub owns. Nothing here knows a domain rule; nothing here
imports `karmayogi.domain`."""
