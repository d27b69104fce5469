"""Tests of the LLM briefing backend against an OpenAI-compatible server on loopback."""
