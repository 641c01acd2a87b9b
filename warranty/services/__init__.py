"""Writes of the warranty app, by topic: units and their cards (:mod:`.units`), a
ticket's decision revised (:mod:`.revisions`), maintenance contracts and their visits
(:mod:`.contracts`)."""
