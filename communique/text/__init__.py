"""Text facts every pipeline step shares: normalization keys, Arabic-aware
tokens, scripts and directions.  Imports only the model."""
