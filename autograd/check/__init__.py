"""Checking gradients: finite differences (:mod:`.gradcheck`) and property-test strategies
(:mod:`.testing`, needs hypothesis)."""
