"""Writes of the dealers app, by topic. Every function is keyword-only, runs in one
transaction and records an event with a stable code."""
