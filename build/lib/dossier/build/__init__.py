"""The build pipeline: whether to build, the stages in order, the output written atomically."""
