"""Accounts: who is asking (tokens, logins, roles) and the people and programs admins manage, with their API."""
