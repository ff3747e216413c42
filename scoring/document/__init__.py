"""Word documents the product writes (the self-evaluation report): an edge over the pure core."""
