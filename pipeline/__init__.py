"""Extraction stages: stored document bytes in, canonical report tables and checks out."""

__version__ = "0.1.0"
PARSER_VERSION = f"nianbao-pipeline/{__version__}"
