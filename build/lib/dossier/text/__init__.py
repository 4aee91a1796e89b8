"""The seeds' text: blocks and anchors, actor mentions, theme passages, the index over them."""
