"""Pages and files from the index: templates, Markdown, markup helpers, search, link check."""
