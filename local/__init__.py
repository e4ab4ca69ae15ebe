"""The local dev server: the platform on Amazon's DynamoDB Local (the table) and an embedded stand-in for the rest of AWS (moto)."""
