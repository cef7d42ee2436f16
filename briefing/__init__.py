"""briefing: turn curated YAML and raw articles into a linked static briefing site."""
