"""Tools for curators: drafting a source record, the review queue."""
