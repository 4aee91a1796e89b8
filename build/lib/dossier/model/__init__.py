"""The content model: YAML read with line numbers, the schema, loading and validating records."""
