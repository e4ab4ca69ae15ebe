"""One package per hub; each hub is one Lambda function."""
