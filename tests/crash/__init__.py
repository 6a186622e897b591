"""Crash trials: compdesk processes killed mid-write."""
