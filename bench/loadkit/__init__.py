"""The load bench's parts: the site under test, its readers, its newsroom and its faults."""
