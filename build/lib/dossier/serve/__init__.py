"""Live preview: the watcher, the incremental engine and the HTTP server."""
